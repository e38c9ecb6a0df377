"""A large token export sends most documents to its workers as stored rows, and their records
are made there (desktop/workspace/export/written.py, `Recipe`): the same bytes and the same
report as records made in the exporting process, on mixed documents (a relation, an entity
link, an attribute value, gold provenance, two layers, merged labels, ZWNJ, emoji, escapes)."""

from __future__ import annotations

import json
import pickle
from typing import Any

import pytest

from desktop.formats.align import Policy
from desktop.storage.export_document import StoredDocument
from desktop.storage.export_selection import Selection
from desktop.workspace.export import token_workers, written
from desktop.workspace.export.project import ExportOptions, export_project
from desktop.workspace.imports.annotated import ImportOptions, import_paths
from tests.formats.test_jsonl_plain import SELECTIONS, mixed  # noqa: F401  (a fixture)
from tests.formats.test_relations_jsonl import GOLD_PROVENANCE, REJECTION, RELATION_PROVENANCE, TEXT

FORMATS: dict[str, dict[str, Any]] = {
    "jsonl-tokens": dict(tokens=True, misaligned=Policy.EXPAND),
    "hf": dict(overlapping=Policy.SKIP, misaligned=Policy.EXPAND),
    "hf-document": dict(unit="document", scheme="bioes", overlapping=Policy.SKIP, misaligned=Policy.CONTRACT),
    "conll": dict(overlapping=Policy.SKIP, misaligned=Policy.SKIP, docstart=True),
}


@pytest.fixture
def with_gold(mixed, tmp_path):  # noqa: F811  (the fixture imported above)
    """`mixed` and a document imported with gold spans, a gold relation and a relation rejection."""
    spans: list[dict[str, Any]] = [
        {"start": 2, "end": 16, "label": "official", "annotator": "gold", "provenance": GOLD_PROVENANCE},
        {"start": 18, "end": 38, "label": "title", "annotator": "gold", "provenance": GOLD_PROVENANCE},
    ]
    for span in spans:
        span["text"] = TEXT[span["start"] : span["end"]]
    relation = {"head": 0, "tail": 1, "type": "holds", "annotator": "gold", "provenance": RELATION_PROVENANCE}
    record = {"text": TEXT, "meta": {"name": "gold.txt"}, "spans": spans, "relations": [relation]}
    record["relation_rejections"] = [REJECTION]
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    [result] = import_paths(mixed, "tester", [(path, path.name)], ImportOptions("jsonl"))
    assert result.spans_added == 2, result
    return mixed


def exported(workspace, path, options: ExportOptions) -> tuple[dict[str, bytes], tuple]:
    report = export_project(workspace, options, path)
    files = sorted(path.rglob("*")) if path.is_dir() else [path]
    counts = (
        report.documents,
        report.spans,
        sorted(report.spans_per_label.items()),
        report.records,
        report.relations,
        report.relations_lost,
        report.sentences_joined,
        dict(report.documents_per_split),
        [(p.document_id, p.text, p.problem) for p in report.problems],
    )
    return {str(f.relative_to(path)) if f != path else "": f.read_bytes() for f in files if f.is_file()}, counts


CASES: list[tuple[str, str, tuple[int, ...]]] = [(f, s, ()) for f in FORMATS for s in [*SELECTIONS, "gold"]]
CASES += [("jsonl-tokens", "all", (1, 1)), ("conll", "merged", (1, 1, 1))]  # split: the files per split


@pytest.mark.parametrize(("fmt", "selection", "split"), CASES, ids=lambda v: "-".join(map(str, v)) or "one-file")
def test_records_made_in_the_workers_write_what_the_exporting_process_writes(
    with_gold, tmp_path, monkeypatch, fmt, selection, split
):
    chosen = SELECTIONS.get(selection, Selection("gold"))
    options = ExportOptions(fmt.split("-")[0], chosen, split=split, **FORMATS[fmt])
    monkeypatch.setattr(token_workers, "MIN_CHARS", 0)
    monkeypatch.setattr(token_workers, "CHUNK_CHARS", 40)  # several jobs, each worker more than one
    sent: list[type] = []
    batch = written.Batch

    def noted(*args):
        sent.extend(type(d) for d in args[3])
        return batch(*args)

    monkeypatch.setattr(token_workers, "Batch", noted)
    apart = exported(with_gold, tmp_path / "apart", options)
    assert any(issubclass(kind, StoredDocument) for kind in sent), "documents go to the workers as stored"
    if selection == "all":
        assert written.DocumentRecord in sent, "one linking an entity has its record made here"
    monkeypatch.setattr(written.Recipe, "portable", staticmethod(lambda doc: False))
    sent.clear()
    here = exported(with_gold, tmp_path / "here", options)
    assert set(sent) == {written.DocumentRecord}
    assert apart == here and apart[0] != {} and apart[1][1] > 0


def test_a_stored_document_sent_to_a_worker_keeps_every_field():
    doc = StoredDocument(
        7, "n", "h", "متن", {"fields": {"a": 1}}, [(7, 0, 1, "x", 2, None, 9)], ["sara"],
        [(7, 9, 9, "r", 2, None, "")], [(7, 9, "k", "1")], [(7, 9, 3)], [{"head": [0, 1, "x"]}], (b"t", b"s"),
    )  # fmt: skip
    assert pickle.loads(pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL)) == doc
