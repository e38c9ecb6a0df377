"""spaCy's conventions, checked with spaCy itself on a project with every kind of whitespace.

`jsonl --tokens` words and `ws` rebuild each text in `Doc(vocab, words, spaces)` and every span
is a `char_span` on its tokens; whitespace tokens stay out of the word-per-line formats; the
DocBin marks the tokens of overlapping spans *missing* in its entities (issue 13, items 3-4).
"""

from __future__ import annotations

import json

import pytest
from conftest import SHARED_DATA
from formats.transfer_data import read_jsonl, stored_spans

from desktop.cli import main
from desktop.text.chars import is_separator
from desktop.text.tokens import tokenize
from desktop.workspace.export.project import ExportOptions, export_project
from desktop.workspace.imports.annotated import ImportOptions, import_paths

spacy = pytest.importorskip("spacy")

# Newlines, CRLF, double and triple spaces, tabs, NBSP, leading and trailing whitespace, emoji
# (flag, ZWJ family, skin tone, keycap), ZWNJ inside words and alone, an RLM.
TEXTS = [
    "  دانشگاه تهران  در\tتهران است.\n\nرئیس  جمهور 🇮🇷 گفت:   «سلام» \n",
    "خانواده 👨\u200d👩\u200d👧 و 👍🏽 در کتاب\u200cها می\u200cشود \u200c و ۱۲٫۵ 1️⃣ \u200fدنیا\r\nپایان",
    "\n\nاستاندار آذربایجان شرقی و علی جهانگیری   ",
    "شرکت\u00a0ملی\t\tنفت ایران\t",
]
# (phrase, label, annotator): every occurrence is a span; the first two nest.
PHRASES = [
    ("دانشگاه تهران", "org", "sara"),
    ("تهران", "place", "sara"),
    ("رئیس  جمهور", "title", "sara"),
    ("🇮🇷", "flag", "sara"),
    ("👨\u200d👩\u200d👧", "emoji", "reza"),
    ("کتاب\u200cها", "thing", "sara"),
    ("استاندار آذربایجان شرقی", "title", "reza"),
    ("آذربایجان شرقی", "place", "sara"),
    ("شرکت\u00a0ملی\t\tنفت ایران", "org", "sara"),
    ("1️⃣", "figure", "sara"),
]
# A CoNLL document with its own tokens, one of them with a space inside (as PEYMA has).
CONLL = "ثبت نام\tB-event\nدر\tI-event\nتهران\tB-place\n\nخبر\tO\n"


def _spans(text: str) -> list[dict]:
    out = []
    for phrase, label, annotator in PHRASES:
        start = text.find(phrase)
        while start >= 0:
            out.append({"start": start, "end": start + len(phrase), "label": label, "annotator": annotator})
            start = text.find(phrase, start + 1)
    return out


def _arman(count: int) -> str:
    """The first `count` sentences of an Arman fold, as the corpus has them."""
    text = (SHARED_DATA / "arman-personer" / "test_fold1.txt").read_text(encoding="utf-8")
    return "\n\n".join(text.split("\n\n")[:count]) + "\n"


@pytest.fixture
def varied(workspace, tmp_path):
    native = tmp_path / "varied.jsonl"
    native.write_text(
        "".join(json.dumps({"text": t, "spans": _spans(t)}, ensure_ascii=False) + "\n" for t in TEXTS), encoding="utf-8"
    )
    (tmp_path / "peyma.conll").write_text(CONLL, encoding="utf-8")
    files = [(native, native.name), (tmp_path / "peyma.conll", "peyma.conll")]
    if SHARED_DATA.is_dir():
        (tmp_path / "arman.conll").write_text(_arman(40), encoding="utf-8")
        files.append((tmp_path / "arman.conll", "arman.conll"))
    results = import_paths(workspace, "tester", files, ImportOptions())
    assert [r.outcome for r in results] == ["imported"] * len(files)
    return workspace


def _document_tokens(ws, doc_id: int) -> list[tuple[int, int]]:
    tokens = ws.repo.document(doc_id).meta.get("tokens")
    return [tuple(t) for t in tokens] if tokens else tokenize(ws.repo.document_text(doc_id))


def test_jsonl_tokens_rebuild_every_text_and_span_in_spacy(varied, tmp_path):
    from spacy.tokens import Doc

    out = tmp_path / "tok.jsonl"
    report = export_project(varied, ExportOptions("jsonl", tokens=True), out)
    assert report.problems == []
    vocab = spacy.blank("fa").vocab
    written = set()
    for record in read_jsonl(out):
        text, tokens = record["text"], record["tokens"]
        doc = Doc(vocab, words=[t["text"] for t in tokens], spaces=[t["ws"] for t in tokens])
        assert doc.text == text
        assert [t["id"] for t in tokens] == list(range(len(tokens)))
        assert all(t["text"] == text[t["start"] : t["end"]] for t in tokens)
        words = [t for t in tokens if not all(map(is_separator, t["text"]))]
        assert [(t["start"], t["end"]) for t in words] == _document_tokens(varied, record["id"])
        for span in record["spans"]:
            on_doc = doc.char_span(span["start"], span["end"], label=span["label"])
            assert on_doc is not None and on_doc.text == span["text"]
            assert (on_doc.start, on_doc.end - 1) == (span["token_start"], span["token_end"])
            assert tokens[span["token_start"]] in words and tokens[span["token_end"]] in words
            written.add((span["text"], span["start"], span["end"], span["label"], span["annotator"]))
    assert written == {row[:5] for row in stored_spans(varied)}


def test_word_per_line_formats_list_the_document_tokens_and_no_whitespace(varied, tmp_path):
    out = tmp_path / "hf.jsonl"
    export_project(varied, ExportOptions("hf", unit="document", overlapping="skip"), out)
    for row in read_jsonl(out):
        text = varied.repo.document_text(row["document_id"])
        assert row["tokens"] == [text[s:e] for s, e in _document_tokens(varied, row["document_id"])]
        assert not any(all(map(is_separator, token)) for token in row["tokens"])


def test_jsonl_tokens_round_trip_is_byte_identical(varied, tmp_path, capsys):
    first, second, fresh = tmp_path / "1.jsonl", tmp_path / "2.jsonl", tmp_path / "fresh.barchasb"
    assert main(["export", str(varied.path), "-f", "jsonl", "--tokens", "-o", str(first)]) == 0
    assert main(["init", str(fresh)]) == 0
    assert main(["import", str(fresh), str(first)]) == 0
    assert main(["export", str(fresh), "-f", "jsonl", "--tokens", "-o", str(second)]) == 0
    assert second.read_bytes() == first.read_bytes()


def test_whitespace_tokens_spacy_makes_are_not_kept_as_words(workspace, tmp_path):
    text = "علی  رفت.\n\nتهران"
    doc = spacy.blank("fa")(text)
    tokens = [{"text": t.text, "start": t.idx, "end": t.idx + len(t), "ws": bool(t.whitespace_)} for t in doc]
    assert {"\n\n", " "} <= {t["text"] for t in tokens}
    path = tmp_path / "spacy.jsonl"
    path.write_text(json.dumps({"text": text, "tokens": tokens}, ensure_ascii=False) + "\n", encoding="utf-8")
    [result] = import_paths(workspace, "tester", [(path, path.name)], ImportOptions())
    meta = workspace.repo.document(result.documents_added[0]).meta
    assert [text[s:e] for s, e in meta["tokens"]] == ["علی", "رفت", ".", "تهران"]


def test_spacy_marks_the_tokens_of_overlapping_spans_missing(varied, tmp_path, capsys):
    from spacy.tokens import DocBin
    from spacy.training import Example

    out = tmp_path / "all.spacy"
    assert main(["export", str(varied.path), "-f", "spacy", "-o", str(out)]) == 0
    nlp = spacy.blank("fa")
    docs = {d.user_data["id"]: d for d in DocBin().from_bytes(out.read_bytes()).get_docs(nlp.vocab)}
    for doc_id, doc in docs.items():
        assert doc.text == varied.repo.document_text(doc_id)
    first = docs[1]
    assert [t.text for t in first if t.ent_iob == 0 and not t.is_space] == ["دانشگاه", "تهران"]
    predicted = nlp.make_doc(first.text)
    gold = Example(predicted, first).get_aligned_ner()  # the NER targets `spacy train` uses
    tags = [(t.text, tag) for t, tag in zip(predicted, gold) if not t.is_space]
    assert tags[:5] == [("دانشگاه", None), ("تهران", None), ("در", "O"), ("تهران", "U-place"), ("است", "O")]
    assert {(s.text, s.label_) for s in first.spans["sc"]} == {("دانشگاه تهران", "org"), ("تهران", "place")}
    grouped = sum(len(d.spans["sc"]) for d in docs.values())
    err = capsys.readouterr().err
    assert f"{grouped} spans needed attention: overlap ents_missing {grouped}" in err
    assert "«تهران» (sara): overlap, overlaps org [2, 15)" in err
