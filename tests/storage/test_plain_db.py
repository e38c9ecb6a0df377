"""The project connection without sqlite-utils (storage/plain_db.py) does what sqlite-utils'
`Database` did for it: the same commits, rollbacks and savepoints, statement by statement,
and the same answers to `pending`; opening and reading a project loads no sqlite-utils."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from contextlib import closing

import pytest
from sqlite_utils import Database

from desktop.storage.migrations import MIGRATIONS, NAMES, pending_names
from desktop.storage.plain_db import ProjectDatabase, first_keyword
from desktop.workspace import Workspace

SETUP = "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)"
# (statement, parameters): writes, reads, transaction control, comments, a failing write
SCRIPT = [
    ("INSERT INTO t (v) VALUES (?)", ["a"]),
    ("  -- a comment\n  INSERT INTO t (v) VALUES ('b')", None),
    ("/* c */ UPDATE t SET v = 'B' WHERE v = 'b'", None),
    ("SELECT count(*) FROM t", None),
    ("BEGIN", None),
    ("INSERT INTO t (v) VALUES ('c')", None),
    ("ROLLBACK", None),
    ("INSERT INTO t (v) VALUES (NULL)", None),  # fails: the implicit transaction is rolled back
    ("SAVEPOINT s", None),
    ("INSERT INTO t (v) VALUES ('d')", None),
    ("RELEASE s", None),
    ("INSERT INTO t (v) VALUES ('e') RETURNING id", None),  # rows: left open, as sqlite-utils leaves it
    ("COMMIT", None),
    ("PRAGMA user_version = 7", None),
    ("DELETE FROM t WHERE v = 'a'", None),
]


def _trace(db) -> list[tuple]:
    """After each statement: whether a transaction is open, and what another connection sees."""
    trace = []
    for sql, params in SCRIPT:
        try:
            rows = db.execute(sql, params).fetchall()
            outcome: object = rows
        except sqlite3.Error as exc:
            outcome = type(exc).__name__
        trace.append((sql, outcome, db.conn.in_transaction))
    return trace


def _fresh(path) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.execute(SETUP)
    conn.commit()
    return conn


def test_statements_commit_and_roll_back_as_with_sqlite_utils(tmp_path):
    ours = ProjectDatabase(_fresh(tmp_path / "ours.db"))
    theirs = Database(_fresh(tmp_path / "theirs.db"), execute_plugins=False)
    assert _trace(ours) == _trace(theirs)
    pragma = "PRAGMA recursive_triggers"
    assert ours.execute(pragma).fetchone() == theirs.execute(pragma).fetchone() == (1,)
    ours.close()
    theirs.close()
    for path in ("ours.db", "theirs.db"):  # what is on disk, read by another connection
        with closing(sqlite3.connect(tmp_path / path)) as reader:
            assert reader.execute("SELECT id, v FROM t ORDER BY id").fetchall() == [(2, "B"), (3, "d"), (4, "e")]


@pytest.mark.parametrize("nested", [False, True])
@pytest.mark.parametrize("fails", [False, True])
def test_atomic_is_sqlite_utils_atomic(tmp_path, nested, fails):
    seen = []
    for name, make in (("ours", ProjectDatabase), ("theirs", lambda c: Database(c, execute_plugins=False))):
        db = make(_fresh(tmp_path / f"{name}.db"))
        if nested:
            db.conn.execute("BEGIN")
            db.conn.execute("INSERT INTO t (v) VALUES ('outer')")
        try:
            with db.atomic():
                db.execute("INSERT INTO t (v) VALUES ('inner')")
                if fails:
                    raise KeyError("boom")
        except KeyError:
            pass
        state = db.conn.in_transaction
        if nested:
            db.conn.execute("COMMIT")
        seen.append((state, db.execute("SELECT v FROM t ORDER BY id").fetchall()))
        db.close()
    assert seen[0] == seen[1]


@pytest.mark.parametrize(
    ("sql", "keyword"),
    [("select 1", "SELECT"), ("\ufeff;; -- x\n/* y */ begin", "BEGIN"), ("-- only", ""), ("/* open", ""), ("", "")],
)
def test_first_keyword(sql, keyword):
    assert first_keyword(sql) == keyword


def test_pending_names_agree_with_sqlite_utils(project_path, monkeypatch):
    Workspace.create(project_path).close()
    db = ProjectDatabase(sqlite3.connect(project_path))
    assert pending_names(db) == [m.name for m in MIGRATIONS.pending(db)] == []
    db.execute("DELETE FROM _sqlite_migrations WHERE name IN (?, ?)", [NAMES[3], NAMES[-1]])
    assert pending_names(db) == [m.name for m in MIGRATIONS.pending(db)] == [NAMES[3], NAMES[-1]]
    monkeypatch.setattr(MIGRATIONS, "_migrations", MIGRATIONS._migrations[:3])  # as the upgrade tests do
    assert pending_names(db) == [m.name for m in MIGRATIONS.pending(db)] == []
    empty = ProjectDatabase(sqlite3.connect(":memory:"))
    assert pending_names(empty) == [m.name for m in MIGRATIONS.pending(empty)] == NAMES[:3]
    empty.close()
    db.close()


def test_the_table_api_is_there_when_asked_for(project_path):
    workspace = Workspace.create(project_path)
    db = workspace.repo.db
    assert db["labels"].count == 8  # sqlite-utils' Table, over the same connection
    assert "labels" in db.table_names()
    workspace.close()


def test_opening_and_reading_a_project_loads_no_sqlite_utils(project_path):
    Workspace.create(project_path).close()
    script = textwrap.dedent(
        f"""
        import sys
        from desktop.workspace import Workspace

        workspace = Workspace.open({str(project_path)!r})
        assert workspace.labels() and workspace.repo.db.execute("SELECT count(*) FROM documents").fetchone()
        workspace.close()
        print(sorted(name for name in ("sqlite_utils", "click", "dateutil", "pluggy") if name in sys.modules))
        """
    )
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[]"
