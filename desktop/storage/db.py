"""Opening a project file: connection settings, schema checks, transactions.

Environment failures (not a database, locked, read-only, disk full, made by a
newer version) become `ProjectError` with a sentence for the user; anything
else is a bug and propagates.
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import sqlite_utils

from desktop.core.errors import ProjectError
from desktop.storage.migrations import MIGRATIONS, SCHEMA_VERSION

BUSY_TIMEOUT_MS = 5000
APPLICATION_ID = 0x42434842  # "BCHB": marks the file as a Barchasb project


def open_database(path: str | Path, *, create: bool = False) -> sqlite_utils.Database:
    """Open (or with `create`, make) a project file and bring its schema up to date."""
    path = Path(path)
    if not create and not path.is_file():
        raise ProjectError(f"{path}: no project there (create one with: barchasb init {path})")
    if not create and path.stat().st_size == 0:
        raise ProjectError(f"{path}: an empty file, not a Barchasb project")
    if create and path.exists():
        raise ProjectError(f"{path}: already exists")
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        db = sqlite_utils.Database(conn, execute_plugins=False)
        _configure(db)
        _check_identity(db, path, create)
        _migrate(db, path)
    except sqlite3.DatabaseError as exc:
        raise describe(exc, path) from exc
    return db


def _configure(db: sqlite_utils.Database) -> None:
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA foreign_keys = ON")
    mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if mode.lower() != "wal":
        raise sqlite3.OperationalError(f"cannot switch to WAL (journal mode is {mode})")
    # FULL: a commit is on disk before we return, so a power cut loses nothing shown.
    db.execute("PRAGMA synchronous = FULL")


def _check_identity(db: sqlite_utils.Database, path: Path, create: bool) -> None:
    app_id = db.execute("PRAGMA application_id").fetchone()[0]
    if create:
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        return
    if app_id != APPLICATION_ID:
        raise ProjectError(f"{path}: an SQLite file, but not a Barchasb project")
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise ProjectError(
            f"{path}: made by a newer version of Barchasb (schema {version}, "
            f"this version knows up to {SCHEMA_VERSION}); please upgrade"
        )


def _migrate(db: sqlite_utils.Database, path: Path) -> None:
    if not MIGRATIONS.pending(db):
        return
    MIGRATIONS.apply(db)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def describe(exc: sqlite3.DatabaseError, path: str | Path) -> ProjectError:
    """Turn an SQLite failure caused by the environment into a user-facing error."""
    text = str(exc).lower()
    if "not a database" in text or "malformed" in text or "file is encrypted" in text:
        reason = "not a Barchasb project (the file is not a readable SQLite database)"
    elif "locked" in text or "busy" in text:
        reason = "the project is busy in another window or command; try again"
    elif "readonly" in text or "read-only" in text:
        reason = "the project file or its folder is read-only; nothing was changed"
    elif "disk is full" in text or "database or disk is full" in text:
        reason = "the disk is full; nothing was changed"
    elif "unable to open" in text:
        reason = "cannot open the file (check the path and permissions)"
    else:
        raise exc
    return ProjectError(f"{path}: {reason}")


@contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One IMMEDIATE transaction: the write lock is taken up front, so two
    writers never deadlock on an upgrade; nested calls become savepoints."""
    conn = db.conn
    if conn.in_transaction:
        with db.atomic():
            yield db
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        try:
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
