"""Arman and ParsTwiNER as texts with PER/ORG/LOC spans, read in place from ../shared/data.

Both are token-per-line IOB2 files with blank lines between sentences (the data's README);
never copied into the repository. A sentence becomes a line of text, its tokens joined by
single spaces, and `GROUP` sentences make one document, so spans are code-point offsets
into that text. Tags are mapped to the project's PER/ORG/LOC; the other types (Arman's
fac/pro/event, ParsTwiNER's EVE/POG/NAT) become O, as the issue asks.
"""

from __future__ import annotations

from pathlib import Path

from desktop.suggest.crf import TrainingDocument

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
ARMAN = [DATA / "arman-personer" / f"test_fold{n}.txt" for n in (1, 2, 3)]
PARSTWINER = [DATA / "parstwiner" / "dev.txt", DATA / "parstwiner" / "test.txt"]
ARMAN_TAGS = {"pers": "PER", "org": "ORG", "loc": "LOC"}
PARSTWINER_TAGS = {"PER": "PER", "ORG": "ORG", "LOC": "LOC"}
GROUP = 20  # sentences per document
Sentence = list[tuple[str, str]]


def read_sentences(path: Path) -> list[Sentence]:
    """(token, tag) pairs of each sentence; a line is `token<space or tab>tag`."""
    out: list[Sentence] = [[]]
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip("\r\n\ufeff")
        if not line.strip():
            if out[-1]:
                out.append([])
            continue
        token, _, tag = line.replace("\t", " ").rpartition(" ")
        if not token.strip():
            raise SystemExit(f"{path}:{number}: expected `token tag`, got {line!r}")
        out[-1].append((token.strip(), tag.strip()))
    return [s for s in out if s]


def documents(paths: list[Path], mapping: dict[str, str]) -> list[TrainingDocument]:
    """The sentences of `paths`, `GROUP` to a document, with their spans mapped."""
    sentences = [s for path in paths for s in read_sentences(path)]
    return [_document(sentences[i : i + GROUP], mapping) for i in range(0, len(sentences), GROUP)]


def _document(sentences: list[Sentence], mapping: dict[str, str]) -> TrainingDocument:
    text, spans = "", []
    for sentence in sentences:
        open_span: list | None = None
        for index, (token, tag) in enumerate(sentence):
            start = len(text) + (index > 0)
            text += (" " if index else "") + token
            kind, _, name = tag.partition("-")
            label = mapping.get(name)
            if open_span and (kind != "I" or label != open_span[2]):
                spans.append(tuple(open_span))
                open_span = None
            if label and (kind == "B" or (kind == "I" and open_span is None)):
                open_span = [start, len(text), label]
            elif open_span and kind == "I":
                open_span[1] = len(text)
        if open_span:
            spans.append(tuple(open_span))
        text += "\n"
    return TrainingDocument(text, tuple(spans))


def corpora() -> dict[str, list[TrainingDocument]]:
    """The corpora present on this machine, by name."""
    out = {}
    if all(p.is_file() for p in ARMAN):
        out["Arman"] = documents(ARMAN, ARMAN_TAGS)
    if all(p.is_file() for p in PARSTWINER):
        out["ParsTwiNER"] = documents(PARSTWINER, PARSTWINER_TAGS)
    return out
