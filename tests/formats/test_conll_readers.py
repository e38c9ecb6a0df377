"""CoNLL exports in the readers that split lines on whitespace: spaCy's converter and seqeval.

PEYMA keeps `ثبت نام` as one token. Written as it is, its line has three fields:
`spacy convert -c ner` then takes `نام` for the tag (E177 when that word is short,
a made-up entity type otherwise). `--inner-space zwnj` (the default) or `underscore`
joins such tokens; `keep` writes what earlier versions wrote.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from formats.transfer_data import stored_spans

from desktop.cli import main
from desktop.workspace import Workspace
from desktop.workspace.export.project import ExportOptions, export_project
from desktop.workspace.imports.annotated import ImportOptions, import_paths

spacy = pytest.importorskip("spacy")
from spacy.training.converters import conll_ner_to_docs  # noqa: E402

ZWNJ = "\u200c"
# PEYMA's shape: token<TAB>tag, CRLF, tokens with spaces inside and outside entities.
PEYMA_LIKE = (
    "سه شنبه\tB-DAT\r\nگذشته\tI-DAT\r\nثبت نام\tO\r\nدانشگاه\tB-ORG\r\n"
    "خصوصی سازی\tI-ORG\r\nدر\tO\r\nتهران\tB-LOC\r\nآغاز\tO\r\nشد\tO\r\n.\tO\r\n\r\n"
    "علی\tB-PER\r\nاژه ای\tI-PER\r\nگفت\tO\r\n.\tO\r\n\r\n"
)
ENTITIES = [
    (["سه شنبه", "گذشته"], "DAT"),
    (["دانشگاه", "خصوصی سازی"], "ORG"),
    (["تهران"], "LOC"),
    (["علی", "اژه ای"], "PER"),
]
JOINERS = {"zwnj": ZWNJ, "underscore": "_"}


def entities(joiner: str) -> list[tuple[str, str]]:
    """(text, label) of ENTITIES as spaCy shows them: tokens joined, one space between them."""
    return [(" ".join(t.replace(" ", joiner) for t in tokens), label) for tokens, label in ENTITIES]


def joined(text: str, joiner: str) -> str:
    """PEYMA_LIKE as a joined export writes it: spaces inside tokens replaced, LF lines."""
    lines = [line.replace(" ", joiner) for line in text.replace("\r", "").split("\n")]
    return "\n".join(lines)


@pytest.fixture
def peyma_like(workspace, tmp_path):
    source = tmp_path / "peyma-like.txt"
    source.write_bytes(PEYMA_LIKE.encode("utf-8"))
    [result] = import_paths(workspace, "tester", [(source, source.name)], ImportOptions("conll"))
    assert result.outcome == "imported" and result.spans_added == 4
    return workspace


def export(workspace, path, inner_space: str | None = None) -> str:
    options = ExportOptions("conll") if inner_space is None else ExportOptions("conll", inner_space=inner_space)
    report = export_project(workspace, options, path)
    assert report.problems == []
    return path.read_bytes().decode("utf-8")


def test_keep_writes_the_bytes_of_earlier_versions_which_spacy_cannot_read(peyma_like, tmp_path):
    written = export(peyma_like, tmp_path / "keep.conll", "keep")
    assert written == PEYMA_LIKE.replace("\r", "")
    with pytest.raises(ValueError, match="E177"):
        list(conll_ner_to_docs(written, n_sents=0, no_print=True))


@pytest.mark.parametrize("inner_space", [None, "zwnj", "underscore"])
def test_joined_tokens_convert_in_spacy_to_the_same_entities(peyma_like, tmp_path, inner_space):
    joiner = JOINERS[inner_space or "zwnj"]  # None: the default, ZWNJ
    written = export(peyma_like, tmp_path / "out.conll", inner_space)
    assert written == joined(PEYMA_LIKE, joiner)
    [doc] = conll_ner_to_docs(written, n_sents=0, no_print=True)
    assert [t.text for t in doc] == [
        line.split("\t")[0].replace(" ", joiner) for line in PEYMA_LIKE.split("\r\n") if line
    ]
    assert [(e.text, e.label_) for e in doc.ents] == entities(joiner)


def test_the_cli_default_converts_with_spacy_convert_and_keep_fails(peyma_like, tmp_path, capsys):
    out, keep = tmp_path / "peyma.conll", tmp_path / "keep.conll"
    assert main(["export", str(peyma_like.path), "-f", "conll", "-o", str(out)]) == 0
    assert "4 tokens had spaces inside: written joined" in capsys.readouterr().out
    assert main(["export", str(peyma_like.path), "-f", "conll", "-o", str(keep), "--inner-space", "keep"]) == 0
    converted = tmp_path / "spacy"
    converted.mkdir()
    for path, ok in ((out, True), (keep, False)):
        run = subprocess.run(
            [sys.executable, "-m", "spacy", "convert", str(path), str(converted), "-c", "ner", "-n", "0"],
            capture_output=True,
            text=True,
        )
        assert (run.returncode == 0) is ok, run.stdout + run.stderr
        assert ok or "E177" in run.stdout + run.stderr
    from spacy.tokens import DocBin

    [doc] = DocBin().from_disk(converted / "peyma.spacy").get_docs(spacy.blank("fa").vocab)
    assert [(e.text, e.label_) for e in doc.ents] == entities(ZWNJ)


@pytest.mark.parametrize("inner_space", ["zwnj", "underscore"])
def test_a_joined_export_reimports_with_the_same_tokens_offsets_and_tags(peyma_like, tmp_path, inner_space):
    """Lossy in one way only: the text has the joiner where the space was."""
    joiner = JOINERS[inner_space]
    out = tmp_path / "joined.conll"
    written = export(peyma_like, out, inner_space)
    before = {(start, end, label) for _, start, end, label, _, _ in stored_spans(peyma_like)}
    again = Workspace.create(tmp_path / "again.barchasb")
    try:
        [result] = import_paths(again, "tester", [(out, out.name)], ImportOptions("conll"))
        assert result.outcome == "imported"
        original = peyma_like.repo.document_text(1)
        assert again.repo.document_text(1) == _joined_text(original, joiner) != original
        after = {(start, end, label) for _, start, end, label, _, _ in stored_spans(again)}
        assert after == before
        assert export(again, tmp_path / "back.conll", "keep") == written  # its tokens kept whole
    finally:
        again.close()


def _joined_text(text: str, joiner: str) -> str:
    for token in ("سه شنبه", "ثبت نام", "خصوصی سازی", "اژه ای"):
        text = text.replace(token, token.replace(" ", joiner))
    return text
