"""The span rows a doccano import streams while the file is read go to storage as rows (document,
start, end, label), all in the file's layer, origin imported, no note, not as a `Span` each that
storage took apart again (issue 17: 5,000 objects made and read on the calling thread, whose read
is the import's path; ~4 ms of doccano-1k's). What is written is unchanged (test_doccano_rows'
pinned digests, test_doccano_stream's comparisons)."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

from desktop.storage import spans as stored_spans
from desktop.workspace import Workspace
from desktop.workspace.imports import store
from desktop.workspace.imports.annotated import ImportOptions, import_annotated
from tests.workspace.imports.test_doccano_rows import TEXT_1


def _file(path: Path, count: int) -> Path:
    """A doccano file of `count` records, two spans each (a figure with a value, an official)."""
    lines = [
        {"text": f"{n} {TEXT_1}", "label": [[0, len(str(n)), "figure"], [len(str(n)) + 1, 5, "official"]]}
        for n in range(count)
    ]
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    return path


def test_streamed_chunks_are_rows_not_spans(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "STAGED_CHUNK", 8)  # several chunks streamed
    made: list[object] = []
    checked_span = store.checked_span

    def spy(*args):
        made.append(args)
        return checked_span(*args)

    monkeypatch.setattr(store, "checked_span", spy)
    streamed: list[list] = []
    stream = stored_spans.SpansMixin.stream_span_rows

    def noted(self, rows, *args, **kwargs):
        written = stream(self, rows, *args, **kwargs)
        streamed.append(list(rows) if written else [])
        return written

    monkeypatch.setattr(stored_spans.SpansMixin, "stream_span_rows", noted)
    workspace = Workspace.create(tmp_path / "project.barchasb")
    try:
        result = import_annotated(workspace, "tester", _file(tmp_path / "a.jsonl", 40), ImportOptions("doccano"))
    finally:
        workspace.close()
    assert result.spans_added == 80
    assert len(streamed) > 3 and all(streamed)  # every chunk streamed ...
    assert made == []  # ... and no span made for it (before: one a row, 80)
    with closing(sqlite3.connect(tmp_path / "project.barchasb")) as conn:
        rows = conn.execute('SELECT document_id, start, "end", label FROM spans ORDER BY id').fetchall()
        shared = conn.execute(
            "SELECT DISTINCT annotator_id, origin, note, created_at = updated_at FROM spans"
        ).fetchall()
    assert [row for chunk in streamed for row in chunk] == rows
    assert len(shared) == 1 and shared[0][1:] == ("imported", "", 1)
