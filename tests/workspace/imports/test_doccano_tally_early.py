"""A doccano file's records, all stored while the file was read (their span rows streamed), are
tallied while the rows thread writes the last chunk, before the import waits for it (issue 17): after
the wait the rows thread idles until the history is handed over, so whatever the calling thread does
there is on the import's path. Records stored only after the read (other formats) are tallied
once the labels and the layers are made, as before."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.workspace import Workspace
from desktop.workspace.imports import annotated, store
from desktop.workspace.imports.annotated import ImportOptions, import_annotated
from tests.workspace.imports.test_doccano_rows import TEXT_1


def _events(monkeypatch) -> list[str]:
    seen: list[str] = []
    tally, labels, quiet = annotated._tally, annotated.add_missing_labels, store.PendingRows.quiet
    monkeypatch.setattr(annotated, "_tally", lambda *args: (seen.append("tally"), tally(*args))[1])
    monkeypatch.setattr(annotated, "add_missing_labels", lambda *args: (seen.append("labels"), labels(*args))[1])
    monkeypatch.setattr(store.PendingRows, "quiet", lambda self: (seen.append("quiet"), quiet(self))[1])
    return seen


def _import(tmp_path: Path, fmt: str, lines: list[dict]) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    workspace = Workspace.create(tmp_path / "project.barchasb")
    try:
        result = import_annotated(workspace, "tester", path, ImportOptions(fmt))
        assert result.outcome == "imported" and len(result.documents_added) == len(lines)
    finally:
        workspace.close()


def test_streamed_records_are_tallied_before_the_wait_for_the_last_chunk(tmp_path, monkeypatch):
    seen = _events(monkeypatch)
    _import(tmp_path, "doccano", [{"text": f"{n} {TEXT_1}", "label": [[0, len(str(n)), "figure"]]} for n in range(30)])
    labels = seen.index("labels")
    assert seen[:labels].count("tally") == 30  # before: every tally came after the labels
    assert "quiet" in seen[seen.index("tally") + 30 - 1 : labels]  # ... then the wait


def test_records_stored_after_the_read_are_tallied_after_the_labels(tmp_path, monkeypatch):
    seen = _events(monkeypatch)
    monkeypatch.setattr(store.PendingRows, "stream", lambda self, actor, annotator: None)  # (as other formats)
    _import(tmp_path, "doccano", [{"text": f"{n} {TEXT_1}", "label": [[0, len(str(n)), "figure"]]} for n in range(5)])
    assert seen.count("tally") == 5 and seen.index("tally") > seen.index("labels")
