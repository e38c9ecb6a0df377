"""Opening a project file: connection settings, schema checks, upgrades, transactions.

Environment failures (not a database, damaged, locked, read-only, disk full,
made by a newer version) become `ProjectError` with a sentence for the user;
anything else is a bug and propagates.

A project that cannot be written (the file or its folder is read-only) is
opened read-only: it can be read and exported, and any change is refused
with a clear message. A project of an older schema is upgraded in one
transaction, after a copy of it is saved beside it as
`<project>.pre-upgrade-v<N>.bak`: a failed upgrade leaves the file as it was.
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from desktop.core.errors import ProjectError
from desktop.storage.migrations import SCHEMA_VERSION, migrations, pending_names
from desktop.storage.plain_db import ProjectDatabase

BUSY_TIMEOUT_MS = 5000
APPLICATION_ID = 0x42434842  # "BCHB": marks the file as a Barchasb project
DAMAGED = "the project file is damaged; `barchasb restore {path} --list` shows its backups"


def open_database(path: str | Path, *, create: bool = False) -> ProjectDatabase:
    """Open (or with `create`, make) a project file and bring its schema up to date."""
    path = Path(path)
    _check_path(path, create)
    read_only = not create and not is_writable(path)
    conn = None
    try:
        conn = _connect(path, read_only)
        db = ProjectDatabase(conn)  # sqlite-utils loads only to create or upgrade the schema
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _check_identity(db, path, create)  # before any write: another program's file stays as is
        _configure(db, read_only)
        if create:
            _create(db)
        else:
            _upgrade(db, path, read_only)
    except (sqlite3.DatabaseError, UnicodeDecodeError, ProjectError) as exc:
        if conn is not None:
            conn.close()
        if isinstance(exc, ProjectError):
            raise
        raise describe(exc, path) from exc
    return db


def _check_path(path: Path, create: bool) -> None:
    if create and path.exists():
        raise ProjectError(f"{path}: already exists")
    if create:
        return
    if not path.is_file():
        raise ProjectError(f"{path}: no project there (create one with: barchasb init {path})")
    if path.stat().st_size == 0:
        raise ProjectError(f"{path}: an empty file, not a Barchasb project")
    if _truncated(path):
        raise ProjectError(f"{path}: {DAMAGED.format(path=path)} (the file is shorter than its header says)")


def _truncated(path: Path) -> bool:
    """Whether the file lacks pages its SQLite header counts. SQLite itself only notices when
    a query reads a missing page: a cut inside a table few commands read (history) went unseen.
    Not while the WAL holds commits: a checkpoint cut short (page 1 first) is finished from it."""
    if wal_has_content(path):
        return False
    with open(path, "rb") as handle:
        header = handle.read(100)
    ours = header.startswith(b"SQLite format 3\x00") and int.from_bytes(header[68:72], "big") == APPLICATION_ID
    if len(header) < 100 or not ours:
        return False  # not one of our projects: said when it is opened
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return False  # no page size SQLite writes: SQLite says what is wrong
    pages = int.from_bytes(header[28:32], "big")
    valid = header[24:28] == header[92:96]  # the page count is kept up to date (SQLite >= 3.7.0)
    return valid and path.stat().st_size < pages * page_size


def is_writable(path: Path) -> bool:
    """Whether the file and its folder (where SQLite keeps the -wal and -shm) take writes."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _connect(path: Path, read_only: bool) -> sqlite3.Connection:
    timeout = BUSY_TIMEOUT_MS / 1000
    if read_only:
        return sqlite3.connect(read_only_uri(path), uri=True, timeout=timeout, check_same_thread=False)
    return sqlite3.connect(str(path), timeout=timeout, check_same_thread=False)


def read_only_uri(path: str | Path) -> str:
    """The URI of a connection that only reads a project. In a read-only folder no
    -shm can be made; with no WAL beside the file nothing but the file holds the
    data, so it is read as the immutable file it is there."""
    path = Path(path)
    uri = path.resolve().as_uri() + "?mode=ro"
    if not os.access(path.parent, os.W_OK) and not wal_has_content(path):
        uri += "&immutable=1"
    return uri


def wal_has_content(path: Path) -> bool:
    wal = path.with_name(path.name + "-wal")
    return wal.is_file() and wal.stat().st_size > 0


def _configure(db: ProjectDatabase, read_only: bool) -> None:
    db.execute("PRAGMA foreign_keys = ON")
    if read_only:
        return
    mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if mode.lower() != "wal":
        raise sqlite3.OperationalError(f"cannot switch to WAL (journal mode is {mode})")
    # FULL: a commit is on disk before we return, so a power cut loses nothing shown.
    db.execute("PRAGMA synchronous = FULL")


def _check_identity(db: ProjectDatabase, path: Path, create: bool) -> None:
    if create:
        return
    app_id = db.execute("PRAGMA application_id").fetchone()[0]
    if app_id != APPLICATION_ID:
        raise ProjectError(f"{path}: an SQLite file, but not a Barchasb project")
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise ProjectError(
            f"{path}: made by a newer version of Barchasb (schema {version}, "
            f"this version knows up to {SCHEMA_VERSION}); please upgrade"
        )


def _create(db: ProjectDatabase) -> None:
    """The identity and the whole schema in one transaction: all of it or an empty file."""
    with write_transaction(db):
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        migrations().apply(db.utils)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _upgrade(db: ProjectDatabase, path: Path, read_only: bool) -> None:
    if not pending_names(db):
        return
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if read_only:
        raise ProjectError(
            f"{path}: made by an older Barchasb (schema {version}) and read-only, "
            "so it cannot be upgraded; copy it somewhere writable first"
        )
    # The write lock first: of two windows opening an old project, one upgrades
    # and the other, once it gets the lock, finds nothing left to do.
    with write_transaction(db):
        if not pending_names(db):
            return
        copy_database(path, pre_upgrade_path(path, version))
        try:
            migrations().apply(db.utils)
        except sqlite3.OperationalError:
            raise  # the environment (disk full, I/O): described by the caller
        except Exception as exc:
            raise ProjectError(
                f"{path}: upgrading it from schema {version} to {SCHEMA_VERSION} failed "
                f"({type(exc).__name__}: {exc}); the project was left as it was"
            ) from exc
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def pre_upgrade_path(path: Path, version: int) -> Path:
    return path.with_name(f"{path.name}.pre-upgrade-v{version}.bak")


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy of a project (committed data only, even while others write),
    through SQLite's backup API: written beside `target`, synced, then renamed onto it.
    The copy is one self-contained file (rollback journal mode, no -wal)."""
    temp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.part")
    try:
        with (
            closing(
                sqlite3.connect(
                    f"{Path(source).resolve().as_uri()}?mode=ro",
                    uri=True,
                    timeout=BUSY_TIMEOUT_MS / 1000,
                    isolation_level=None,
                )
            ) as src,
            closing(sqlite3.connect(temp)) as dst,
        ):
            # The read lock first, within the busy timeout: the backup itself would retry
            # for ever; holding it, the copy is of this one snapshot.
            src.execute("BEGIN")
            src.execute("SELECT count(*) FROM sqlite_master").fetchone()
            src.backup(dst)
            src.execute("COMMIT")
            dst.execute("PRAGMA journal_mode = DELETE")
        fsync_path(temp)
        os.replace(temp, target)
        fsync_path(target.parent)
    except (OSError, sqlite3.DatabaseError) as exc:
        for leftover in (temp, temp.with_name(temp.name + "-journal")):
            leftover.unlink(missing_ok=True)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ProjectError(f"{target}: cannot save a copy of {source} there ({reason}); nothing was changed") from exc


def fsync_path(path: Path) -> None:
    """fsync a file or a folder (after a rename, the folder holds the new name)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def describe(exc: BaseException, path: str | Path) -> ProjectError:
    """Turn an SQLite failure caused by the environment into a user-facing error."""
    text = str(exc).lower()
    if isinstance(exc, UnicodeDecodeError) or "malformed" in text or "could not decode" in text:
        reason = DAMAGED.format(path=path)  # (SQLite quoted undecodable bytes of its schema)
    elif "not a database" in text or "file is encrypted" in text:
        reason = "not a Barchasb project (the file is not a readable SQLite database)"
    elif "locked" in text or "busy" in text:
        reason = "the project is busy in another window or command; try again"
    elif "readonly" in text or "read-only" in text:
        reason = "the project file or its folder is read-only; nothing was changed"
    elif "disk is full" in text or "database or disk is full" in text:
        reason = "the disk is full; nothing was changed"
    elif "disk i/o error" in text:
        reason = "the disk failed to read or write (removed, or failing?); nothing was changed"
    elif "unable to open" in text:
        reason = "cannot open the file (check the path and permissions)"
    else:
        raise exc
    return ProjectError(f"{path}: {reason}")


def check_integrity(path: str | Path) -> str | None:
    """None if the file passes SQLite's quick check, else why not (reads only)."""
    uri = f"{Path(path).resolve().as_uri()}?mode=ro"
    try:
        with closing(sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)) as conn:
            rows = [row[0] for row in conn.execute("PRAGMA quick_check(3)")]
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        return f"{type(exc).__name__}: {exc}"
    return None if rows == ["ok"] else "; ".join(map(str, rows))


def damage(exc: BaseException, path: str | Path) -> str | None:
    """Why a project failed when its file is at fault (damaged, not UTF-8), else None:
    a damaged file can fail anywhere, so an unexpected error is checked against it."""
    if isinstance(exc, sqlite3.DatabaseError):
        try:
            return str(describe(exc, path))  # e.g. text that is not UTF-8
        except Exception:
            pass  # not the environment's doing
    problem = check_integrity(path)
    if problem is None:
        return None
    return f"{path}: {DAMAGED.format(path=path)} ({problem[:200]})"


@contextmanager
def write_transaction(db: ProjectDatabase) -> Iterator[ProjectDatabase]:
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
