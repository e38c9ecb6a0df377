"""A large write's commit leaves the checkpoint to a thread: durable at COMMIT, folded right after."""

from __future__ import annotations

import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from desktop.storage import checkpoint
from desktop.workspace import Workspace
from desktop.workspace.imports.annotated import ImportOptions, import_annotated

TEXT = "رئیس\u200cجمهور در تهران گفت که ۴۵ هزار دستگاه خریده شد و 😀 " * 30  # a page of its own per document
COUNT = 1500  # past 1,000 pages: SQLite would checkpoint in the COMMIT


def _doccano(path: Path, count: int) -> Path:
    lines = [json.dumps({"text": f"{i} {TEXT}", "label": [[0, 1, "figure"], [2, 6, "official"]]}) for i in range(count)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class _Held:
    """A checkpointer that does not run (what a process ending just after the commit leaves)."""

    made: list[Path] = []

    def __init__(self, path: Path) -> None:
        _Held.made.append(path)

    def wait(self, timeout: float | None = None) -> bool:
        return True


def _count(path: Path, table: str) -> int:
    with closing(sqlite3.connect(path)) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_an_import_commits_without_folding_the_log_into_the_file(tmp_path, monkeypatch):
    monkeypatch.setattr(checkpoint, "Checkpointer", _Held)
    _Held.made.clear()
    project = tmp_path / "p.barchasb"
    workspace = Workspace.create(project)
    size = project.stat().st_size
    result = import_annotated(workspace, "tester", _doccano(tmp_path / "d.jsonl", COUNT), ImportOptions("doccano"))
    assert result.outcome == "imported" and len(result.documents_added) == COUNT
    wal = Path(f"{project}-wal")
    assert wal.stat().st_size > 1000 * 4096  # past SQLite's automatic checkpoint, which would have folded it
    assert project.stat().st_size == size  # ... inside the COMMIT: not any more
    assert _Held.made == [project]  # the thread is asked to
    assert workspace.repo.db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000  # as it was
    # Durable at COMMIT: the file and its log as a power cut would leave them hold the whole import.
    crash = tmp_path / "crash"
    crash.mkdir()
    shutil.copyfile(project, crash / "p.barchasb")
    shutil.copyfile(wal, crash / "p.barchasb-wal")
    assert _count(crash / "p.barchasb", "documents") == COUNT and _count(crash / "p.barchasb", "spans") == 2 * COUNT
    workspace.close()
    assert not wal.exists() and _count(project, "spans") == 2 * COUNT


def test_the_thread_folds_the_log_into_the_file_and_close_waits_for_it(tmp_path):
    project = tmp_path / "p.barchasb"
    workspace = Workspace.create(project)
    size = project.stat().st_size
    import_annotated(workspace, "tester", _doccano(tmp_path / "d.jsonl", COUNT), ImportOptions("doccano"))
    folding = workspace.repo.__dict__["_checkpointer"]
    assert folding.wait(30) and folding.error is None
    assert project.stat().st_size > size + 1000 * 4096  # the pages are in the file now
    with closing(sqlite3.connect(project)) as other:  # a second connection reads it all
        assert other.execute("SELECT count(*) FROM documents").fetchone()[0] == COUNT
    workspace.close()
    with closing(sqlite3.connect(project)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_small_import_leaves_the_log_to_the_next_commit(tmp_path, monkeypatch):
    monkeypatch.setattr(checkpoint, "Checkpointer", _Held)
    _Held.made.clear()
    workspace = Workspace.create(tmp_path / "p.barchasb")
    result = import_annotated(workspace, "tester", _doccano(tmp_path / "d.jsonl", 20), ImportOptions("doccano"))
    assert result.outcome == "imported" and _Held.made == []  # no thread, no fsync of the file, per short file
    assert workspace.repo.db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000
    workspace.close()


def test_a_refused_import_starts_no_checkpoint_and_restores_the_setting(tmp_path, monkeypatch):
    monkeypatch.setattr(checkpoint, "Checkpointer", _Held)
    _Held.made.clear()
    workspace = Workspace.create(tmp_path / "p.barchasb")
    repo = workspace.repo
    with pytest.raises(RuntimeError), repo.large_write(), repo.action("tester"):
        repo.set_setting("k", 1)
        raise RuntimeError("refused")
    assert _Held.made == [] and repo.setting("k") is None
    assert repo.db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000
    with repo.action("tester"), repo.large_write():  # inside a transaction: nothing to change
        assert repo.db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000
    workspace.close()
