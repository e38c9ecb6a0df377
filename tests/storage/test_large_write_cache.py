"""A large write (an import) runs with a 16 MiB page cache, then the connection's own again (issue 17):
with SQLite's 2 MiB the thread writing an import's rows spilled pages into the WAL mid-transaction
and read evicted index pages back, on the import's long path. Rows are the same (the imports' digests)."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.storage import base
from desktop.workspace import Workspace
from desktop.workspace.imports.annotated import ImportOptions, import_annotated


def _file(path: Path) -> Path:
    lines = [{"text": f"{n} سند شماره", "label": [[0, len(str(n)), "figure"]]} for n in range(40)]
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    return path


def _seen_during_the_write(workspace: Workspace, monkeypatch) -> list[int]:
    seen: list[int] = []
    action = base.RepositoryBase.action

    def noted(self, actor):
        seen.append(self.db.conn.execute("PRAGMA cache_size").fetchone()[0])
        return action(self, actor)

    monkeypatch.setattr(base.RepositoryBase, "action", noted)
    return seen


def test_the_cache_is_16_mib_while_an_import_writes_and_as_it_was_after(tmp_path, monkeypatch):
    workspace = Workspace.create(tmp_path / "project.barchasb")
    try:
        before = workspace.repo.db.conn.execute("PRAGMA cache_size").fetchone()[0]
        seen = _seen_during_the_write(workspace, monkeypatch)
        result = import_annotated(workspace, "tester", _file(tmp_path / "a.jsonl"), ImportOptions("doccano"))
        after = workspace.repo.db.conn.execute("PRAGMA cache_size").fetchone()[0]
    finally:
        workspace.close()
    assert len(result.documents_added) == 40
    assert before == -2000 and seen == [-16384] and after == before  # before: -2000 during the write


def test_a_larger_cache_the_connection_has_is_kept(tmp_path, monkeypatch):
    workspace = Workspace.create(tmp_path / "project.barchasb")
    try:
        workspace.repo.db.conn.execute("PRAGMA cache_size = 8192")  # pages: 32 MiB
        seen = _seen_during_the_write(workspace, monkeypatch)
        import_annotated(workspace, "tester", _file(tmp_path / "a.jsonl"), ImportOptions("doccano"))
        after = workspace.repo.db.conn.execute("PRAGMA cache_size").fetchone()[0]
    finally:
        workspace.close()
    assert seen == [8192] and after == 8192
