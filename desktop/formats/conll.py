"""CoNLL: `token<TAB>tag` lines, a blank line between sentences.

Reading accepts tab- or space-separated columns (the token first, the tag
last; a tab file's token may contain spaces), CRLF or LF, `-DOCSTART-`
lines between documents, and BIO, BIOES/BILOU or IOB1 tags. The text is
rebuilt from the tokens (one space between tokens, one line per sentence)
and the file's token and sentence boundaries are kept with the document, so
exporting it again gives back exactly the same tokens.

Writing, a space inside a token (PEYMA keeps `ثبت نام` as one token) is kept,
or each whitespace character is written as ZWNJ (the default) or `_`, so
readers that split lines on whitespace see one token. Reading such a file
back keeps the tokens, tags and offsets; the text has the ZWNJ or `_` where
the space was.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from desktop.core.errors import InputError
from desktop.formats.hf import document_tags
from desktop.formats.records import DocumentRecord, Range, SpanRecord
from desktop.formats.tags import Entity, TagError, decode, detect_scheme
from desktop.formats.writing import INNER_SPACES, ExportItem, Writer

DOCSTART = "-DOCSTART-"
_WHITESPACE = re.compile(r"\s")


class ConllWriter(Writer):
    token_based = True
    overlaps = False
    inner_spaces = 0  # tokens written with their inner whitespace replaced

    def write(self, item: ExportItem) -> None:
        doc, tokens, units = item.document, item.tokens or [], item.units or []
        if self.options.docstart:
            self.out.write(f"{DOCSTART}\tO\n\n".encode())
        if not units:
            return
        # The whole document at once: no Python per token.
        words, tags = self._words(doc.text, tokens), document_tags(item, self.options.scheme)
        if _partition(units, len(words)):  # as align.units makes them: one join, no string per line
            parts = _LINE * len(words)
            parts[0::4], parts[2::4] = words, tags
            for _, end in units:
                parts[4 * end - 1] = "\n\n"  # a blank line after each unit
            self.out.write("".join(parts).encode("utf-8"))
        else:
            lines = list(map("\t".join, zip(words, tags)))
            self.out.write("".join(["\n".join(lines[first:end]) + "\n\n" for first, end in units]).encode("utf-8"))
        self.records += len(units)

    def _words(self, text: str, tokens: Sequence[Range]) -> list[str]:
        """The tokens as written; whitespace looked for once in all of them (our
        tokenizer never puts any in a token: only a CoNLL file's own tokens may have it)."""
        words = [text[s:e] for s, e in tokens]
        if INNER_SPACES[self.options.inner_space] is None or not _WHITESPACE.search("".join(words)):
            return words
        return [self._token(word) for word in words]

    def _token(self, token: str) -> str:
        """The token as written: inner whitespace kept, or replaced one character for one."""
        joiner = INNER_SPACES[self.options.inner_space]
        if joiner is None or not _WHITESPACE.search(token):
            return token
        self.inner_spaces += 1
        return _WHITESPACE.sub(joiner, token)


_LINE = ["", "\t", "", "\n"]  # token, tab, tag, line end


def _partition(units: list[Range], count: int) -> bool:
    """Whether the units cover tokens 0..count end to end, none empty."""
    ends = [end for _, end in units]
    return (
        units[0][0] == 0
        and ends[-1] == count
        and all(a < b for a, b in units)
        and [s for s, _ in units[1:]] == ends[:-1]
    )


@dataclass
class _Sentence:
    tokens: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    error: InputError | None = None  # why the sentence cannot be imported
    entities: list[Entity] = field(default_factory=list)


def read_conll(
    text: str, path: str, scheme: str = "auto", name: str = "", problems: list[InputError] | None = None
) -> list[DocumentRecord]:
    """The documents of a CoNLL file; any bad tag is an `InputError` naming its line.
    With `problems`, a bad sentence goes there and is left out of its document."""
    documents = _split(text, path, problems)
    if not any(documents):
        raise InputError("conll.no_tokens", path=path)
    if scheme == "auto":
        scheme = _detect(documents, path, problems)
    name = name or path
    numbered = sum(1 for d in documents if d) > 1
    out = []
    for index, sentences in enumerate(d for d in documents if d):
        label = f"{name}#{index + 1}" if numbered else name
        sentences = _decoded(sentences, scheme, path, problems)
        if sentences:
            out.append(_document(sentences, label))
    return out


def _decoded(sentences: list[_Sentence], scheme: str, path: str, problems: list[InputError] | None) -> list[_Sentence]:
    """The sentences whose tags decode, each with its entities (token ranges)."""
    kept = []
    for sentence in sentences:
        if sentence.error is None:
            try:
                sentence.entities = decode(sentence.tags, scheme)
            except TagError as exc:
                sentence.error = InputError(exc.why, path=path, line=sentence.lines[exc.index])
        if sentence.error is None:
            kept.append(sentence)
        elif problems is None:
            raise sentence.error
        else:
            problems.append(sentence.error)
    return kept


def _split(text: str, path: str, problems: list[InputError] | None) -> list[list[_Sentence]]:
    """Documents as lists of sentences, `-DOCSTART-` lines separating documents."""
    rows = [line.rstrip("\r") for line in text.split("\n")]
    tabbed = "\t" in text
    widths = {len(r.split()) for r in rows if r.strip()}
    documents: list[list[_Sentence]] = [[]]
    current = _Sentence()
    for number, row in enumerate(rows, start=1):
        if not row.strip():
            if current.tokens:
                documents[-1].append(current)
            current = _Sentence()
            continue
        try:
            token, tag = _columns(row, tabbed, len(widths) == 1, path, number)
        except InputError as exc:
            if problems is None:
                raise
            current.error = current.error or exc  # the sentence is left out, reported once
            token, tag = row.strip(), "O"
        if token == DOCSTART:
            if current.tokens:
                documents[-1].append(current)
            current = _Sentence()
            documents.append([])
            continue
        current.tokens.append(token)
        current.tags.append(tag)
        current.lines.append(number)
    if current.tokens:
        documents[-1].append(current)
    return documents


def _columns(row: str, tabbed: bool, fixed_width: bool, path: str, line: int) -> tuple[str, str]:
    if tabbed:
        fields = row.split("\t")
        token, tag = fields[0], fields[-1].strip()
    elif fixed_width:  # every line has the same columns: the first and the last
        fields = row.split()
        token, tag = fields[0], fields[-1]
    else:  # columns vary: tokens contain spaces, so the tag is the last field
        fields = row.strip().rsplit(None, 1)
        token, tag = fields[0], fields[-1]
    if len(fields) < 2 or not token or not tag:
        raise InputError("conll.columns", path=path, line=line, row=row)
    return token, tag


def _detect(documents: list[list[_Sentence]], path: str, problems: list[InputError] | None) -> str:
    """The tag scheme of the whole file; with `problems`, a sentence holding a tag
    that is no tag at all is set aside and the others decide."""
    while True:
        tags: list[str] = []
        owners: list[tuple[_Sentence, int]] = []  # per tag: its sentence, its index there
        for sentence in (s for sentences in documents for s in sentences if s.error is None):
            tags.extend(sentence.tags)
            tags.append("O")  # sentences never continue each other
            owners.extend((sentence, i) for i in range(len(sentence.tags) + 1))
        try:
            return detect_scheme(tags)
        except TagError as exc:
            owner, at = owners[exc.index]
            error = InputError(exc.why, path=path, line=owner.lines[min(at, len(owner.lines) - 1)])
            if problems is None:
                raise error from exc
            owner.error = error


def _document(sentences: list[_Sentence], name: str) -> DocumentRecord:
    parts: list[str] = []
    tokens: list[tuple[int, int]] = []
    bounds: list[tuple[int, int]] = []
    spans: list[SpanRecord] = []
    pos = 0
    for sentence in sentences:
        first_token = len(tokens)
        start = pos
        for token in sentence.tokens:
            tokens.append((pos, pos + len(token)))
            pos += len(token) + 1  # the space (or line break) after it
        bounds.append((start, pos - 1))
        parts.append(" ".join(sentence.tokens))
        for ts, te, label in sentence.entities:
            spans.append(SpanRecord(tokens[first_token + ts][0], tokens[first_token + te - 1][1], label))
    return DocumentRecord(
        "\n".join(parts), spans, {"name": name}, name=name, tokens=tokens, sentences=bounds, line=sentences[0].lines[0]
    )
