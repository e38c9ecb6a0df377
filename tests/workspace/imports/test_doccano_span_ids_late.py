"""The ids of span rows streamed while a doccano file is read are noted at `flush`, once the
history's statements are handed over, not chunk after chunk during the read (issue 17): the read is
the import's longer path, the history's SQL the longer one after it (doccano-1k: 5,000 ids, ~1.5 ms
of Python). The links stored after them find each span by the id its row has."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from desktop.workspace import Workspace
from desktop.workspace.imports import store
from desktop.workspace.imports.annotated import ImportOptions, import_annotated
from tests.workspace.imports.test_doccano_one_run import _file


def test_streamed_ids_are_noted_at_flush_and_are_the_rows_ids(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "STAGED_CHUNK", 8)  # several chunks streamed
    noted_before: list[int] = []
    noted_after: list[dict] = []
    flush = store.PendingRows.flush

    def spy(self):
        noted_before.append(len(self.span_ids))
        flush(self)
        noted_after.append(dict(self.span_ids))

    monkeypatch.setattr(store.PendingRows, "flush", spy)
    workspace = Workspace.create(tmp_path / "project.barchasb")
    try:
        result = import_annotated(workspace, "tester", _file(tmp_path / "a.jsonl", 40), ImportOptions("doccano"))
    finally:
        workspace.close()
    assert result.spans_added == 80 and result.links.attributes > 0  # (figures' values found by their ids)
    assert noted_before == [0]  # before: all 80 noted while the file was read
    with closing(sqlite3.connect(tmp_path / "project.barchasb")) as conn:
        rows = conn.execute('SELECT document_id, annotator_id, start, "end", label, id FROM spans').fetchall()
    assert noted_after == [{tuple(row[:5]): row[5] for row in rows}]
