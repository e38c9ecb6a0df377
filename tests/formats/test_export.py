"""export_project: what each format writes, layers, filters, mapping, safety."""

from __future__ import annotations

import json

import pytest
from formats.transfer_data import read_jsonl, stored_spans

from desktop.core.errors import NotFound
from desktop.formats.align import Policy
from desktop.storage.export_selection import Selection
from desktop.workspace.export.project import ExportOptions, export_project
from desktop.workspace.export.report import ExportCancelled, ExportNeedsChoice


def export(ws, path, fmt="jsonl", **kwargs):
    selection = kwargs.pop("selection", Selection())
    return export_project(ws, ExportOptions(fmt, selection, **kwargs), path)


def exported_spans(records) -> set[tuple]:
    return {
        (s["text"], s["start"], s["end"], s["label"], s["annotator"], s["origin"]) for r in records for s in r["spans"]
    }


def test_jsonl_holds_every_stored_span_as_an_exact_slice(annotated, tmp_path):
    out = tmp_path / "all.jsonl"
    report = export(annotated, out)
    records = read_jsonl(out)
    assert [r["id"] for r in records] == [1, 2, 3, 4, 5]
    assert out.read_bytes().count(b"\n") == 5 and "آذربایجان".encode() in out.read_bytes()
    for record in records:
        assert record["meta"] == {"name": annotated.repo.document(record["id"]).name}
        assert record["text"] == annotated.repo.document_text(record["id"])
        for span in record["spans"]:
            assert record["text"][span["start"] : span["end"]] == span["text"]
    assert exported_spans(records) == stored_spans(annotated)
    assert report.spans == len(stored_spans(annotated)) and report.problems == []
    assert report.written and report.files == [str(out)]


def test_one_annotator_layer_and_an_empty_gold_layer(annotated, tmp_path):
    records = read_jsonl(
        _done(export(annotated, tmp_path / "r.jsonl", selection=Selection("reza")), tmp_path / "r.jsonl")
    )
    assert exported_spans(records) == stored_spans(annotated, "reza")
    gold = export(annotated, tmp_path / "g.jsonl", selection=Selection("gold"))
    assert gold.documents == 5 and gold.spans == 0
    with pytest.raises(NotFound, match="no annotator 'nobody'.*sara"):
        export(annotated, tmp_path / "n.jsonl", selection=Selection("nobody"))


def _done(report, path):
    assert report.written
    return path


def test_status_filter_takes_layers_with_that_status(annotated, tmp_path):
    out = tmp_path / "done.jsonl"
    export(annotated, out, selection=Selection(statuses=("done",)))
    records = read_jsonl(out)
    assert [r["id"] for r in records] == [1, 2, 3]
    assert {s["annotator"] for r in records for s in r["spans"]} == {"sara"}
    export(annotated, out, selection=Selection(statuses=("in_progress",)))
    layers = {r["id"]: {s["annotator"] for s in r["spans"]} for r in read_jsonl(out)}
    assert layers == {1: {"reza"}, 2: {"reza"}, 4: {"sara"}, 5: {"sara"}}


def test_label_subset_and_mapping_rename_and_merge(annotated, tmp_path):
    doc = 1
    text = annotated.repo.document_text(doc)
    start = text.index("باکو")
    annotated.add_span(doc, start, start + 4, "event")  # same range as sara's place
    out = tmp_path / "m.jsonl"
    selection = Selection("sara", labels=("LOC", "PER"), mapping={"place": "LOC", "event": "LOC", "official": "PER"})
    export(annotated, out, selection=selection)
    records = read_jsonl(out)
    labels = [s["label"] for r in records for s in r["spans"]]
    assert set(labels) == {"LOC", "PER"}
    at_baku = [s for s in records[0]["spans"] if s["start"] == start]
    assert [s["label"] for s in at_baku] == ["LOC"]  # place and event merged into one
    expected = {k for k in stored_spans(annotated, "sara") if k[3] in ("place", "official")}
    assert len(labels) == len(expected)  # the event span merged into the place at its range


def test_split_is_by_document_deterministic_and_complete(annotated, tmp_path):
    first = export(annotated, tmp_path / "a", split=(60, 20, 20), seed=7)
    again = export(annotated, tmp_path / "b", split=(60, 20, 20), seed=7)
    names = {p.name for p in (tmp_path / "a").iterdir()}
    assert names == {"train.jsonl", "dev.jsonl", "test.jsonl"}
    ids = {n: [r["id"] for r in read_jsonl(tmp_path / "a" / n)] for n in names}
    assert sorted(sum(ids.values(), [])) == [1, 2, 3, 4, 5]
    assert ids == {n: [r["id"] for r in read_jsonl(tmp_path / "b" / n)] for n in names}
    assert first.documents_per_split == again.documents_per_split


def test_split_proportions_and_seed():
    from desktop.workspace.export.prepare import split_of

    hashes = [f"{i:064x}" for i in range(3000)]
    counts = {}
    for h in hashes:
        name = split_of(h, 1, (80, 10, 10))
        counts[name] = counts.get(name, 0) + 1
    assert 2300 < counts["train"] < 2500 and 230 < counts["dev"] < 370
    changed = sum(split_of(h, 1, (80, 10, 10)) != split_of(h, 2, (80, 10, 10)) for h in hashes)
    assert changed > 500


def test_a_failed_or_cancelled_export_leaves_the_old_file_and_no_temporaries(annotated, tmp_path):
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "keep.conll"
    out.write_text("old", encoding="utf-8")
    with pytest.raises(ExportNeedsChoice) as info:
        export(annotated, out, "conll")  # layer all: reza's title overlaps sara's place
    assert {p.problem.kind for p in info.value.report.unresolved} == {"overlap"}
    assert "--overlapping skip" in str(info.value)
    with pytest.raises(ExportCancelled):
        export_project(annotated, ExportOptions("jsonl"), out, progress=lambda *a: False)
    assert out.read_text(encoding="utf-8") == "old"
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["keep.conll"]


def test_progress_reports_the_total(annotated, tmp_path):
    calls = []
    export_project(
        annotated,
        ExportOptions("jsonl"),
        tmp_path / "p.jsonl",
        progress=lambda done, total, name: calls.append((done, total)),
    )
    assert calls[0] == (0, 5) and calls[-1] == (5, 5)


def test_doccano_and_label_studio_shapes(annotated, tmp_path):
    export(annotated, tmp_path / "d.jsonl", "doccano", selection=Selection("sara"))
    first = read_jsonl(tmp_path / "d.jsonl")[0]
    assert set(first) == {"id", "text", "label", "name"}
    assert all(first["text"][s:e] for s, e, _ in first["label"])
    export(annotated, tmp_path / "ls.json", "label-studio")
    tasks = json.loads((tmp_path / "ls.json").read_text(encoding="utf-8"))
    assert [a["annotator"] for a in tasks[0]["annotations"]] == ["reza", "sara"]
    for annotation in tasks[0]["annotations"]:
        for region in annotation["result"]:
            value = region["value"]
            assert tasks[0]["data"]["text"][value["start"] : value["end"]] == value["text"]
            assert region["type"] == "labels" and len(value["labels"]) == 1
    assert (tmp_path / "ls.json").read_text(encoding="utf-8").count("\n") == 7  # [ + 5 + ]


def test_misaligned_spans_stop_the_export_until_the_user_chooses(annotated, tmp_path):
    text = annotated.repo.document_text(2)
    start = text.index("آذربایجان") + 2  # inside a word
    annotated.add_span(2, start, start + 5, "figure")
    out = tmp_path / "t.jsonl"
    with pytest.raises(ExportNeedsChoice, match="1 spans do not align"):
        export(annotated, out, tokens=True, selection=Selection("sara"))
    assert not out.exists()
    report = export(annotated, out, tokens=True, selection=Selection("sara"), misaligned=Policy.EXPAND)
    [problem] = report.problems
    assert (problem.document_id, problem.problem.action, problem.text) == (2, "expanded", text[start : start + 5])
    record = read_jsonl(out)[1]
    fixed = [s for s in record["spans"] if s["label"] == "figure"]
    assert fixed[0]["text"] == "آذربایجان"
    report = export(annotated, out, tokens=True, selection=Selection("sara"), misaligned=Policy.SKIP)
    assert report.skipped == 1 and report.spans == len(stored_spans(annotated, "sara")) - 1
