"""The JSON of the imported documents' history rows is made before the import waits for the rows
thread to write the last chunk (issue 17): that wait is idle time on the calling thread, while after
it the calling thread's labels, layer and flush are the import's path (doccano-1k: ~1,000 JSON
objects, ~2 ms of Python). The history rows hold the same JSON, in the same order, as before."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from contextlib import closing
from pathlib import Path

from desktop.storage import documents
from desktop.workspace import Workspace
from desktop.workspace.imports import annotated, store
from desktop.workspace.imports.annotated import ImportOptions, import_annotated
from tests.workspace.imports.test_doccano_rows import TEXT_1


def _file(path: Path, count: int, start: int = 0) -> Path:
    lines = [
        {"text": f"{n} {TEXT_1}", "label": [[0, len(str(n)), "figure"]], "source": f"s{n}"}
        for n in range(start, start + count)
    ]
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    return path


def _spied(monkeypatch) -> list[tuple[str, int]]:
    events: list[tuple[str, int]] = []
    made = documents.document_afters

    def afters(docs, metas):
        events.append(("afters", len(docs)))
        return made(docs, metas)

    monkeypatch.setattr(documents, "document_afters", afters)
    quiet = store.PendingRows.quiet

    def waited(self):
        events.append(("quiet", 0))
        quiet(self)

    monkeypatch.setattr(store.PendingRows, "quiet", waited)
    labels = annotated.add_missing_labels

    def labelled(*args, **kwargs):
        events.append(("labels", 0))
        return labels(*args, **kwargs)

    monkeypatch.setattr(annotated, "add_missing_labels", labelled)
    return events


def _history(path: Path) -> list[tuple]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(
            "SELECT id, entity_id, document_id, action, after FROM history WHERE entity = 'document' ORDER BY id"
        ).fetchall()


def test_documents_history_json_is_made_before_the_wait_for_the_last_chunk(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "STAGED_CHUNK", 8)  # several chunks streamed
    events = _spied(monkeypatch)
    workspace = Workspace.create(tmp_path / "project.barchasb")
    try:
        result = import_annotated(workspace, "tester", _file(tmp_path / "a.jsonl", 30), ImportOptions("doccano"))
    finally:
        workspace.close()
    assert len(result.documents_added) == 30
    labels = events.index(("labels", 0))
    wait = max(i for i, event in enumerate(events[:labels]) if event[0] == "quiet")
    made_before = sum(n for what, n in events[:wait] if what == "afters")
    assert made_before == 30  # before: none, all 30 made in flush after the labels
    assert sum(n for what, n in events[labels:] if what == "afters") == 0
    rows = _history(tmp_path / "project.barchasb")
    with closing(sqlite3.connect(tmp_path / "project.barchasb")) as conn:
        texts = dict(conn.execute("SELECT id, text FROM documents").fetchall())
    assert [row[3] for row in rows] == ["document.import"] * 30
    for _, entity_id, doc_id, _, after in rows:
        assert entity_id == str(doc_id)
        data = json.loads(after)
        assert list(data) == ["content_hash", "meta", "name"]
        assert data["content_hash"] == hashlib.sha256(texts[doc_id].encode()).hexdigest()


def test_second_file_and_documents_met_before_get_the_same_history(tmp_path):
    """A second import with a document met before (not streamed, placed after the labels) writes
    the history rows of its new documents only, each with its own JSON (made early or in flush)."""
    workspace = Workspace.create(tmp_path / "project.barchasb")
    try:
        import_annotated(workspace, "tester", _file(tmp_path / "a.jsonl", 5), ImportOptions("doccano"))
        second = import_annotated(
            workspace, "tester", _file(tmp_path / "b.jsonl", 6, start=3), ImportOptions("doccano")
        )
    finally:
        workspace.close()
    assert len(second.documents_added) == 4
    rows = _history(tmp_path / "project.barchasb")
    assert len(rows) == 9
    names = [json.loads(row[4])["name"] for row in rows]
    assert len(set(names)) == 9 and [row[2] for row in rows] == sorted(row[2] for row in rows)
