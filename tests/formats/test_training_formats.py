"""The training formats load in the tools they are for: datasets, spaCy, CoNLL readers."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from formats.transfer_data import read_jsonl, stored_spans

from desktop.formats.conll import read_conll
from desktop.formats.tags import decode
from desktop.storage.export_selection import Selection
from desktop.text.tokens import tokenize
from desktop.workspace.export.project import ExportOptions, export_project

SARA = Selection("sara")  # one layer: no overlaps, every span on token boundaries


def sara_spans(ws) -> set[tuple]:
    return {(text, start, end, label) for text, start, end, label, _, _ in stored_spans(ws, "sara")}


def test_hf_export_loads_with_datasets_and_decodes_to_the_stored_spans(annotated, tmp_path):
    datasets = pytest.importorskip("datasets")
    out = tmp_path / "hf.jsonl"
    report = export_project(annotated, ExportOptions("hf", SARA), out)
    assert report.problems == [] and report.spans == len(sara_spans(annotated))
    data = datasets.load_dataset("json", data_files=str(out), split="train")
    assert data.column_names == ["id", "document_id", "sentence", "tokens", "ner_tags"]
    names = json.loads((tmp_path / "hf.labels.json").read_text(encoding="utf-8"))["ner_tags"]
    assert names[0] == "O" and "B-place" in names and "I-official" in names
    found = set()
    for doc_id in range(1, 6):
        text = annotated.repo.document_text(doc_id)
        tokens = iter(tokenize(text))
        for row in (r for r in data if r["document_id"] == doc_id):
            offsets = [next(tokens) for _ in row["tokens"]]
            assert [text[s:e] for s, e in offsets] == row["tokens"]
            assert set(row["ner_tags"]) <= set(names)
            for first, end, label in decode(row["ner_tags"], "bio"):
                start, stop = offsets[first][0], offsets[end - 1][1]
                found.add((text[start:stop], start, stop, label))
    assert found == sara_spans(annotated)


def test_jsonl_tokens_load_in_spacy_with_every_span_on_its_tokens(annotated, tmp_path):
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import Doc, Span

    out = tmp_path / "tok.jsonl"
    report = export_project(annotated, ExportOptions("jsonl", SARA, tokens=True), out)
    assert report.problems == []
    vocab = spacy.blank("fa").vocab
    seen = 0
    for record in read_jsonl(out):
        tokens = record["tokens"]
        assert [t["id"] for t in tokens] == list(range(len(tokens)))
        doc = Doc(vocab, words=[t["text"] for t in tokens], spaces=[t["ws"] for t in tokens])
        for span in record["spans"]:
            first, last = tokens[span["token_start"]], tokens[span["token_end"]]  # inclusive
            assert (first["start"], last["end"]) == (span["start"], span["end"])
            as_spacy = Span(doc, span["token_start"], span["token_end"] + 1, span["label"])
            assert as_spacy.text == span["text"] == record["text"][span["start"] : span["end"]]
            seen += 1
    assert seen == len(sara_spans(annotated))


def test_spacy_docbin_keeps_text_entities_and_overlaps_in_a_span_group(annotated, tmp_path):
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    out = tmp_path / "all.spacy"
    report = export_project(annotated, ExportOptions("spacy"), out)  # all layers
    docs = list(DocBin().from_bytes(out.read_bytes()).get_docs(spacy.blank("fa").vocab))
    assert len(docs) == 5
    written = set()
    for doc in docs:
        doc_id = doc.user_data["id"]
        assert doc.text == annotated.repo.document_text(doc_id)
        for span in [*doc.ents, *doc.spans["sc"]]:
            written.add((span.text, span.start_char, span.end_char, span.label_))
        grouped = {(s.start_char, s.end_char) for s in doc.spans["sc"]}
        for ent in doc.ents:  # entities never overlap anything in the group
            assert all(e <= ent.start_char or s >= ent.end_char for s, e in grouped)
    # Each grouped span is reported (kept, not skipped): its tokens are missing in the entities.
    grouped_spans = {(d.user_data["id"], s.start_char, s.end_char, s.label_) for d in docs for s in d.spans["sc"]}
    assert {
        (p.document_id, p.problem.span.start, p.problem.span.end, p.problem.span.label) for p in report.problems
    } == grouped_spans
    assert report.problem_counts() == {"overlap ents_missing": len(grouped_spans)} and not report.skipped
    everyone = {(t, s, e, label) for t, s, e, label, _, _ in stored_spans(annotated)}
    assert written == everyone
    title = next(s for s in docs[0].spans["sc"] if s.label_ == "title" and " " in s.text)
    assert title.text == "استاندار آذربایجان شرقی"


def test_conll_export_reads_back_to_the_same_spans(annotated, tmp_path):
    out = tmp_path / "sara.conll"
    report = export_project(annotated, ExportOptions("conll", SARA, scheme="bioes"), out)
    assert report.problems == [] and "S-place" in out.read_text(encoding="utf-8")
    back = read_conll(out.read_text(encoding="utf-8"), str(out))[0]
    labels = sorted(s.label for s in back.spans)
    assert labels == sorted(label for *_, label in sara_spans(annotated))
    assert len(back.sentences) == report.records


def conll_tags(text: str) -> list[list[str]]:
    """Tags per sentence the way a seqeval script reads CoNLL: whitespace-split lines, last field."""
    return [[line.split()[-1] for line in block.splitlines()] for block in text.split("\n\n") if block.strip()]


@pytest.mark.parametrize("scheme", ["bio", "bioes"])
def test_seqeval_reads_the_conll_export_to_the_stored_spans(annotated, tmp_path, scheme):
    pytest.importorskip("seqeval")
    from seqeval.metrics import classification_report
    from seqeval.scheme import IOB2, IOBES

    out = tmp_path / f"{scheme}.conll"
    report = export_project(annotated, ExportOptions("conll", SARA, scheme=scheme), out)
    assert report.problems == []
    gold = conll_tags(out.read_text(encoding="utf-8"))
    assert len(gold) == report.records
    first = next(i for i, tags in enumerate(gold) if set(tags) != {"O"})
    predicted = [["O"] * len(tags) if i == first else tags for i, tags in enumerate(gold)]
    result = classification_report(
        gold, predicted, output_dict=True, mode="strict", scheme=IOBES if scheme == "bioes" else IOB2
    )
    expected = Counter(label for *_, label in sara_spans(annotated))
    assert {name: int(row["support"]) for name, row in result.items() if "avg" not in name} == expected
    missed = Counter(label for *_, label in decode(gold[first], scheme))  # the prediction lost these
    assert missed
    for name, support in expected.items():
        assert result[name]["recall"] == pytest.approx((support - missed[name]) / support)
        assert result[name]["precision"] == 1.0
