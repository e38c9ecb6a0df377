"""The span rows a doccano import streams while the file is read are one layer run without notes
by construction (`_store_new` makes each with `checked_span`: the file's layer, origin imported, no
note), so storage is told so and does not check them span by span again (issue 17: a tuple per span
on the calling thread, whose read is the import's path; ~0.5 ms of doccano-1k). What is written is
unchanged (test_doccano_rows' pinned digests, test_doccano_stream's comparisons)."""

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


def test_streamed_chunks_are_not_checked_span_by_span(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "STAGED_CHUNK", 8)  # several chunks streamed
    checked: list[int] = []
    one_run = stored_spans._one_layer_run

    def spy(spans):
        checked.append(len(spans))
        return one_run(spans)

    monkeypatch.setattr(stored_spans, "_one_layer_run", spy)
    streamed: list[int] = []
    stream = stored_spans.SpansMixin.stream_span_rows

    def noted(self, spans, *args, **kwargs):
        written = stream(self, spans, *args, **kwargs)
        streamed.append(len(spans) if written else 0)
        return written

    monkeypatch.setattr(stored_spans.SpansMixin, "stream_span_rows", noted)
    workspace = Workspace.create(tmp_path / "project.barchasb")
    try:
        result = import_annotated(workspace, "tester", _file(tmp_path / "a.jsonl", 40), ImportOptions("doccano"))
    finally:
        workspace.close()
    assert result.spans_added == 80
    assert len(streamed) > 3 and all(streamed)  # every chunk streamed ...
    assert checked == []  # ... and none checked span by span (before: each chunk was)
    with closing(sqlite3.connect(tmp_path / "project.barchasb")) as conn:
        rows = conn.execute("SELECT DISTINCT annotator_id, origin, note, created_at = updated_at FROM spans").fetchall()
    assert len(rows) == 1 and rows[0][1:] == ("imported", "", 1)
