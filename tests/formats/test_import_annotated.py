"""Importing annotated files: whole files or nothing, duplicates, labels, attribution."""

from __future__ import annotations

import json

from formats.transfer_data import stored_spans

from desktop.workspace.export.project import ExportOptions, export_project
from desktop.workspace.imports.annotated import ImportOptions, import_annotated, import_paths
from desktop.workspace.imports.labels import distinct_colours

# Arabic yeh and kaf, a CRLF and a ZWNJ: all must survive verbatim.
TEXT = "سفر هيأت به باكو\r\nمی‌خواهند ۵۰ درصد"
BAKU = TEXT.index("باكو")


def write_jsonl(path, *records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def record(text=TEXT, spans=None, **extra):
    return {
        "text": text,
        "spans": spans
        if spans is not None
        else [{"start": BAKU, "end": BAKU + 4, "label": "place", "annotator": "sara", "origin": "manual"}],
        **extra,
    }


def counts(ws):
    return tuple(ws.repo.scalar(f"SELECT count(*) FROM {t}") for t in ("documents", "spans", "labels", "history"))


def test_text_is_kept_verbatim_and_spans_placed_exactly(workspace, tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", record(meta={"name": "first", "k": 1}))
    result = import_annotated(workspace, "tester", path, ImportOptions())
    assert (result.outcome, result.format, result.spans_added) == ("imported", "jsonl", 1)
    [doc_id] = result.documents_added
    doc = workspace.repo.document(doc_id)
    assert doc.text == TEXT == doc.raw and doc.name == "first"
    assert doc.meta["fields"] == {"name": "first", "k": 1} and doc.meta["format"] == "jsonl"
    assert stored_spans(workspace) == {("باكو", BAKU, BAKU + 4, "place", "sara", "manual")}


def test_a_bad_record_rolls_the_whole_file_back_and_others_still_import(workspace, tmp_path):
    bad = write_jsonl(
        tmp_path / "bad.jsonl",
        record(),
        record("دومین سند", spans=[], meta={}),
        record(spans=[{"start": BAKU, "end": BAKU + 4, "label": "NEWTYPE", "text": "تهران"}]),
    )
    good = write_jsonl(tmp_path / "good.jsonl", record("سند خوب", spans=[]))
    before = counts(workspace)
    results = import_paths(workspace, "tester", [(bad, "bad.jsonl"), (good, "good.jsonl")], ImportOptions())
    assert results[0].outcome == "skipped" and results[0].reason.startswith("line 3: ")
    assert "does not match" in results[0].reason
    assert results[1].outcome == "imported"
    documents, spans, labels, _ = counts(workspace)
    assert (documents, spans, labels) == (before[0] + 1, before[1], before[2])


def test_an_error_while_storing_rolls_back_too(workspace, tmp_path, monkeypatch):
    from desktop.workspace.imports import annotated as transfer_import

    path = write_jsonl(tmp_path / "a.jsonl", record(), record("سند دوم", spans=[]))
    calls = []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise transfer_import.BarchasbError("disk trouble")
        return real(*args, **kwargs)

    real = transfer_import.store_record
    monkeypatch.setattr(transfer_import, "store_record", failing)
    before = counts(workspace)
    result = import_annotated(workspace, "tester", path, ImportOptions())
    assert (result.outcome, result.reason) == ("skipped", "disk trouble")
    assert counts(workspace) == before


def test_present_documents_gain_only_missing_spans(workspace, tmp_path):
    first = write_jsonl(tmp_path / "1.jsonl", record())
    import_annotated(workspace, "tester", first, ImportOptions())
    history = counts(workspace)[3]
    again = import_annotated(workspace, "tester", first, ImportOptions())
    assert (again.documents_added, again.documents_present, again.spans_added, again.spans_duplicate) == ([], 1, 0, 1)
    assert counts(workspace)[3] == history  # nothing written at all
    more = write_jsonl(
        tmp_path / "2.jsonl",
        record(
            spans=[
                {"start": BAKU, "end": BAKU + 4, "label": "place", "annotator": "sara"},
                {"start": 0, "end": 3, "label": "event", "annotator": "reza"},
            ]
        ),
    )
    result = import_annotated(workspace, "tester", more, ImportOptions())
    assert (result.documents_present, result.spans_added, result.spans_duplicate) == (1, 1, 1)
    assert workspace.repo.document_count() == 1


def test_attribution_file_annotator_override_and_origin(workspace, tmp_path):
    path = write_jsonl(
        tmp_path / "a.jsonl",
        record(
            spans=[
                {"start": BAKU, "end": BAKU + 4, "label": "place", "annotator": "sara", "origin": "manual"},
                {"start": 0, "end": 3, "label": "event"},
            ]
        ),
    )
    import_annotated(workspace, "cli-user", path, ImportOptions())
    assert {(s[3], s[4], s[5]) for s in stored_spans(workspace)} == {
        ("place", "sara", "manual"),
        ("event", "cli-user", "imported"),
    }
    other = write_jsonl(
        tmp_path / "b.jsonl",
        record("متن دیگر", spans=[{"start": 0, "end": 3, "label": "event", "annotator": "sara", "origin": "manual"}]),
    )
    import_annotated(workspace, "cli-user", other, ImportOptions(annotator="mina"))
    assert ("event", "mina", "imported") in {(s[3], s[4], s[5]) for s in stored_spans(workspace)}


def test_new_labels_are_added_with_distinct_colours(workspace, tmp_path):
    before = {label.color for label in workspace.repo.labels()}
    spans = [{"start": 0, "end": 3, "label": key} for key in ("PER", "LOC", "ORG", "place")]
    path = write_jsonl(tmp_path / "a.jsonl", record(spans=spans))
    result = import_annotated(workspace, "tester", path, ImportOptions())
    assert result.labels_added == ["LOC", "ORG", "PER"]
    added = [workspace.repo.label(key) for key in result.labels_added]
    colours = [label.color for label in added]
    assert len(set(colours)) == 3 and not set(colours) & before
    assert added[0].name_en == "LOC" and added[0].order > 7


def test_distinct_colours_stay_apart_even_when_many():
    colours = distinct_colours(["#d64541", "#27ae60"], 40)
    assert len(set(colours)) == 40 and "#d64541" not in colours


def test_invalid_label_names_are_errors_with_a_line(workspace, tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", record(), record(spans=[{"start": 0, "end": 3, "label": "Person Name"}]))
    result = import_annotated(workspace, "tester", path, ImportOptions())
    assert result.outcome == "skipped" and result.reason.startswith("line 2: label key")


def test_normalising_maps_spans_onto_the_new_text(workspace, tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", record())
    result = import_annotated(workspace, "tester", path, ImportOptions(normalize=True))
    doc = workspace.repo.document(result.documents_added[0])
    assert doc.raw == TEXT and "باکو" in doc.text and "\r" not in doc.text
    [(text, *_)] = stored_spans(workspace)
    assert text == "باکو"


def test_conll_documents_keep_their_tokens_for_export(workspace, tmp_path):
    source = "ثبت نام\tB-event\nدر\tI-event\nتهران\tO\n\nخبر\tO\n"
    path = tmp_path / "c.conll"
    path.write_text(source, encoding="utf-8")
    result = import_annotated(workspace, "tester", path, ImportOptions())
    assert result.format == "conll" and result.spans_added == 1
    meta = workspace.repo.document(result.documents_added[0]).meta
    assert meta["tokens"] == [[0, 7], [8, 10], [11, 16], [17, 20]]
    out = tmp_path / "out.conll"
    export_project(workspace, ExportOptions("conll", inner_space="keep"), out)
    assert out.read_text(encoding="utf-8") == source + "\n"  # the token with a space is one token again
