"""Opening a project of every released schema upgrades it in place, safely.

tests/fixtures/schema-N.barchasb is a project as release N left it (built by
tests/fixtures/build_fixture.py at that release, then frozen) and
schema-N.json what it holds. An upgrade is one transaction after a copy of
the file is saved beside it: a failing migration leaves the file byte for
byte as it was, and usable by the version that made it.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from reliability.checks import FIXTURES, ROOT, content_digest, integrity
from sqlite_utils.migrations import Migrations

from desktop.core.errors import ProjectError
from desktop.core.model import Status
from desktop.storage import backup as backup_module
from desktop.storage import db as db_module
from desktop.storage import migrations
from desktop.storage.db import pre_upgrade_path
from desktop.storage.repository import Repository
from desktop.workspace import Workspace

SCHEMAS = sorted(int(p.stem.split("-")[1]) for p in FIXTURES.glob("schema-*.barchasb"))
OLD_TABLES = ("documents", "spans", "labels", "annotators", "document_status", "history", "settings")


def copy_fixture(version: int, folder: Path) -> Path:
    path = folder / f"schema-{version}.barchasb"
    path.write_bytes((FIXTURES / path.name).read_bytes())
    return path


def rows(path: Path, table: str) -> list[tuple]:
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
        return conn.execute(f"SELECT {', '.join(map(repr, columns))} FROM {table} ORDER BY 1, 2").fetchall(), columns


def test_there_is_a_fixture_for_every_released_schema_but_the_newest():
    assert SCHEMAS[0] == 1 and list(range(1, SCHEMAS[-1] + 1)) == SCHEMAS
    for version in SCHEMAS:
        size = (FIXTURES / f"schema-{version}.barchasb").stat().st_size
        assert size < 200_000, "keep the fixtures small"


@pytest.mark.parametrize("version", SCHEMAS)
def test_an_old_project_opens_upgraded_with_its_data_intact(version, tmp_path):
    path = copy_fixture(version, tmp_path)
    expected = json.loads((FIXTURES / f"schema-{version}.json").read_text(encoding="utf-8"))
    original = {table: rows(path, table) for table in OLD_TABLES}
    repo = Repository.open(path)
    db = repo.db
    assert db.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
    assert [m.name for m in migrations.MIGRATIONS.applied(db)] == migrations.NAMES
    repo.close()
    assert integrity(path) == "ok"
    for table, (old_rows, old_columns) in original.items():
        new_rows, new_columns = rows(path, table)
        keep = [new_columns.index(c) for c in old_columns]  # columns a migration added aside
        assert [tuple(r[i] for i in keep) for r in new_rows] == old_rows, table
    with closing(sqlite3.connect(path)) as conn:
        one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
        assert one("SELECT count(*) FROM documents") == expected["documents"]
        assert one("SELECT count(*) FROM spans") == expected["spans"]
        assert sorted(r[0] for r in conn.execute("SELECT name FROM annotators")) == expected["annotators"]
        assert sorted(r[0] for r in conn.execute("SELECT note FROM spans WHERE note != ''")) == expected["notes"]
    if version < migrations.SCHEMA_VERSION:  # the copy saved before upgrading
        saved = pre_upgrade_path(path, version)
        assert content_digest(saved) == content_digest(FIXTURES / f"schema-{version}.barchasb")


@pytest.mark.parametrize("version", SCHEMAS)
def test_an_upgraded_project_works(version, tmp_path):
    ws = Workspace.open(copy_fixture(version, tmp_path), "sara")
    span = ws.add_span(1, 100, 104, "place")
    ws.set_status(2, Status.DONE)
    ws.undo()
    assert ws.repo.span(span.id).label == "place"
    ws.delete_span(span.id)
    ws.undo()
    assert ws.repo.span(span.id)
    ws.close()


@pytest.fixture
def extra_migration(monkeypatch):
    """Register one more migration for a test (and forget it afterwards)."""

    def register(name: str, function) -> None:
        monkeypatch.setattr(
            migrations.MIGRATIONS,
            "_migrations",
            [*migrations.MIGRATIONS._migrations, Migrations._Migration(name, function, True)],
        )
        monkeypatch.setattr(migrations, "NAMES", [*migrations.NAMES, name])
        version = len(migrations.NAMES)
        for module in (migrations, db_module, backup_module):
            monkeypatch.setattr(module, "SCHEMA_VERSION", version)

    return register


def half_then_fail(db) -> None:
    """A migration that changes things, then fails midway."""
    db.execute("CREATE TABLE half_done (x)")
    db.execute("INSERT INTO half_done VALUES (1)")
    db.execute("UPDATE spans SET note = 'touched'")
    raise RuntimeError("migration bug")


@pytest.mark.parametrize("version", SCHEMAS)
def test_a_failing_upgrade_leaves_the_file_as_it_was(version, tmp_path, extra_migration):
    path = copy_fixture(version, tmp_path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    extra_migration("9999_fails", half_then_fail)
    with pytest.raises(
        ProjectError,
        match=r"upgrading it from schema \d+ to \d+ failed "
        r"\(RuntimeError: migration bug\); the project was"
        " left as it was",
    ):
        Repository.open(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert not path.with_name(path.name + "-wal").exists()


def test_after_a_failed_upgrade_the_old_version_still_opens_it(tmp_path, extra_migration, monkeypatch):
    path = copy_fixture(1, tmp_path)
    real = list(migrations.MIGRATIONS._migrations)
    extra_migration("9999_fails", half_then_fail)
    with pytest.raises(ProjectError):
        Repository.open(path)
    # The real migrations that ran before the failing one were rolled back too:
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")] == ["0001_initial"]
        assert "half_done" not in {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    # schema 1's code (only migration 1 known) opens it as it always did
    monkeypatch.setattr(migrations.MIGRATIONS, "_migrations", real[:1])
    for module in (migrations, db_module, backup_module):
        monkeypatch.setattr(module, "SCHEMA_VERSION", 1)
    repo = Repository.open(path)
    assert repo.scalar("SELECT count(*) FROM spans WHERE note = 'touched'") == 0
    repo.close()


def test_two_processes_opening_an_old_project_upgrade_it_once(tmp_path):
    path = copy_fixture(1, tmp_path)
    code = (
        "import sys; from desktop.storage.repository import Repository;"
        "r = Repository.open(sys.argv[1]); print(r.scalar('PRAGMA user_version')); r.close()"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(path)], cwd=ROOT, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(3)
    ]
    results = [p.communicate(timeout=60) for p in procs]
    assert all(p.returncode == 0 for p in procs), results
    assert {out.strip() for out, _ in results} == {str(migrations.SCHEMA_VERSION)}
    with closing(sqlite3.connect(path)) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert names == migrations.NAMES  # each applied once


def test_an_old_read_only_project_is_not_upgraded(tmp_path, monkeypatch):
    if migrations.SCHEMA_VERSION == 1:
        pytest.skip("schema 1 is current")
    path = copy_fixture(1, tmp_path)
    before = path.read_bytes()
    monkeypatch.setattr(os, "access", lambda p, mode: mode != os.W_OK)  # as a read-only mount
    with pytest.raises(ProjectError, match="older Barchasb .* read-only"):
        Repository.open(path)
    assert path.read_bytes() == before
