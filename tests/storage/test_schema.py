import sqlite3

import pytest

from desktop.core.errors import ProjectError
from desktop.storage.migrations import MIGRATIONS, NAMES, SCHEMA_VERSION
from desktop.storage.repository import Repository
from desktop.workspace import Workspace


def test_new_project_has_schema_pragmas_and_default_labels(project_path):
    ws = Workspace.create(project_path)
    db = ws.repo.db
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert {"documents", "labels", "annotators", "spans", "document_status", "history", "settings"} <= set(
        db.table_names()
    )
    keys = [label.key for label in ws.repo.labels()]
    assert keys == ["official", "title", "organisation", "place", "figure", "date", "agreement", "event"]
    ws.close()


def test_schema_version_counts_the_migrations():
    fresh = __import__("sqlite_utils").Database(memory=True)
    assert len(MIGRATIONS.pending(fresh)) == SCHEMA_VERSION
    fresh.close()


def test_reopening_applies_nothing_and_keeps_data(project_path):
    ws = Workspace.create(project_path)
    ws.close()
    repo = Repository.open(project_path)
    applied = [m.name for m in MIGRATIONS.applied(repo.db)]
    assert applied == NAMES and applied[0] == "0001_initial"
    assert len(repo.labels()) == 8
    repo.close()


def test_init_refuses_an_existing_file(project_path):
    project_path.write_text("x")
    with pytest.raises(ProjectError, match="already exists"):
        Workspace.create(project_path)


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"hello, not a database at all" * 100, "not a Barchasb project"),
        (b"", "empty file"),
    ],
)
def test_opening_a_file_that_is_not_a_project(project_path, content, reason):
    project_path.write_bytes(content)
    with pytest.raises(ProjectError, match=reason):
        Repository.open(project_path)
    assert project_path.read_bytes() == content  # untouched


def test_opening_another_programs_sqlite_file_is_refused(project_path):
    conn = sqlite3.connect(project_path)
    conn.execute("CREATE TABLE notes (x)")
    conn.commit()
    conn.close()
    with pytest.raises(ProjectError, match="not a Barchasb project"):
        Repository.open(project_path)


def test_a_project_from_a_newer_version_is_refused_untouched(project_path):
    Workspace.create(project_path).close()
    conn = sqlite3.connect(project_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = project_path.read_bytes()
    with pytest.raises(ProjectError, match="newer version"):
        Repository.open(project_path)
    assert project_path.read_bytes() == before


def test_missing_project_names_the_path_and_the_fix(tmp_path):
    with pytest.raises(ProjectError, match="barchasb init"):
        Repository.open(tmp_path / "nope.barchasb")


def test_history_is_append_only(workspace):
    db = workspace.repo.db
    assert db.execute("SELECT count(*) FROM history").fetchone()[0] > 0
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("UPDATE history SET actor = 'x'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("DELETE FROM history")
