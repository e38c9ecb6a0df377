"""Values read from the words of a doccano import's spans, for documents the import added (issue 17):
each of their spans is one the import wrote, so none has a value yet, and a span's id is looked up
only when its words say a value (doccano-1k: 11 of 784 readings), not every span of every record
first (`_span_ids`, ~2.5 ms of the calling thread's 13). What is stored is unchanged
(test_doccano_rows' pinned digests; test_value_autofill: a document met before keeps the values
its spans had)."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

from desktop.workspace import Workspace
from desktop.workspace.imports import links
from desktop.workspace.imports.annotated import ImportOptions, import_annotated
from tests.workspace.imports.test_doccano_rows import TEXT_1, TEXT_3


def _write(path: Path, lines: list[dict]) -> Path:
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    return path


def _span(text: str, words: str, label: str) -> list:
    start = text.index(words)
    return [start, start + len(words), label]


def _values(project: Path) -> list[tuple]:
    with closing(sqlite3.connect(project)) as conn:
        return conn.execute(
            'SELECT s.document_id, s.start, s."end", s.label, a.name, a.value FROM span_attributes a'
            " JOIN spans s ON s.id = a.span_id ORDER BY s.id, a.name"
        ).fetchall()


def test_spans_of_new_documents_get_their_values_without_their_ids_looked_up_first(tmp_path, monkeypatch):
    looked_up: list[int] = []
    span_ids = links.LinkStore._span_ids

    def spy(self, record, doc_id):
        looked_up.append(doc_id)
        return span_ids(self, record, doc_id)

    monkeypatch.setattr(links.LinkStore, "_span_ids", spy)
    lines = [
        {"text": TEXT_1, "label": [_span(TEXT_1, "۴۵ هزار دستگاه", "figure"), _span(TEXT_1, "۱۲ آبان ۱۴۰۴", "date")]},
        {"text": TEXT_3, "label": [_span(TEXT_3, "50% سود", "figure"), _span(TEXT_3, "تهران", "figure")]},
        {"text": TEXT_1, "label": [_span(TEXT_1, "۴۵ هزار دستگاه", "figure")]},  # met again: filled once
    ]
    workspace = Workspace.create(tmp_path / "project.barchasb")
    try:
        result = import_annotated(workspace, "tester", _write(tmp_path / "a.jsonl", lines), ImportOptions("doccano"))
    finally:
        workspace.close()
    assert (len(result.documents_added), result.documents_present, result.spans_added) == (2, 1, 4)
    assert looked_up == []  # before: every record with a figure or a date
    stored = _values(tmp_path / "project.barchasb")
    assert [(row[0], TEXT_1 if row[0] == 1 else TEXT_3, row[3], row[4]) for row in stored] == [
        (1, TEXT_1, "date", "iso"),
        (1, TEXT_1, "figure", "value"),
        (2, TEXT_3, "figure", "value"),  # "تهران" says no value: none stored
    ]
    assert result.links.attributes == 3
    assert json.loads(stored[0][5])["iso"] == "2025-11-03"
    assert json.loads(stored[1][5]) == {"kind": "amount", "unit": "دستگاه", "value": "45000"}
    assert json.loads(stored[2][5]) == {"kind": "amount", "unit": "percent", "value": "0.5"}


def test_a_labels_value_fields_are_asked_once_a_file_not_once_a_span(tmp_path, monkeypatch):
    from desktop.workspace.relations.autofill import ValueFiller

    asked: list[str] = []
    value_fields = ValueFiller.value_fields

    def spy(self, label):
        asked.append(label)
        return value_fields(self, label)

    monkeypatch.setattr(ValueFiller, "value_fields", spy)
    lines = [{"text": f"{n} {TEXT_3}", "label": [_span(f"{n} {TEXT_3}", "50% سود", "figure")]} for n in range(30)]
    workspace = Workspace.create(tmp_path / "project.barchasb")
    try:
        result = import_annotated(workspace, "tester", _write(tmp_path / "a.jsonl", lines), ImportOptions("doccano"))
    finally:
        workspace.close()
    assert result.spans_added == 30 and result.links.attributes == 30
    assert asked.count("figure") <= 2  # LinkStore.prepare's, and the first span's (before: 32)
