"""Rotating backups of a project file, and restoring one.

Backups live in a folder beside the project, `<project>.backups/`, one
self-contained SQLite file each, named by when it was taken, the project's
last change at that moment (the newest history row) and why it was taken:

    project.barchasb.backups/20261121T093005123456Z-h1234-1a2b3c4d-auto.barchasb

They are taken with SQLite's online backup API from a connection of their
own, so they hold committed data only and never block the window. The window
calls `maybe_backup` on open and on a timer; it takes a backup when the
project changed since the newest one and that one is older than the
interval. Only the newest `KEEP` are kept. A copy that fails SQLite's
quick check is not kept and does not push a good backup out.

`restore_backup` first saves the project as it is (kind `replaced`), then
puts the backup in its place atomically (a copy beside it, synced, renamed
over it). It refuses while another window or command has the project open:
that connection would keep writing to the file being replaced.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import uuid
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.errors import NotFound, ProjectError
from desktop.storage.db import APPLICATION_ID, check_integrity, copy_database, describe, fsync_path, is_writable
from desktop.storage.migrations import SCHEMA_VERSION

if TYPE_CHECKING:
    from desktop.storage.base import RepositoryBase

KEEP = 20
INTERVAL = timedelta(minutes=10)
KINDS = ("auto", "manual", "replaced", "damaged")
_NAME = re.compile(r"^(\d{8}T\d{12}Z)-h(\d+)-([0-9a-f]{1,8}|0)-([a-z]+)\.barchasb$")
_STAMP = "%Y%m%dT%H%M%S%fZ"


@dataclass(frozen=True, slots=True)
class Backup:
    path: Path
    taken_at: datetime  # UTC
    marker: str  # the project's newest history row then: "<id>-<batch>"
    kind: str  # auto, manual, replaced (saved by a restore), damaged

    @property
    def size(self) -> int:
        return self.path.stat().st_size


def backup_folder(project: str | Path) -> Path:
    project = Path(project)
    return project.with_name(project.name + ".backups")


def list_backups(project: str | Path) -> list[Backup]:
    """The project's backups, newest first (files of other names are ignored)."""
    folder = backup_folder(project)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if match and path.is_file():
            stamp, history_id, batch, kind = match.groups()
            taken = datetime.strptime(stamp, _STAMP).replace(tzinfo=UTC)
            found.append(Backup(path, taken, f"{history_id}-{batch}", kind))
    return sorted(found, key=lambda b: b.path.name, reverse=True)


def change_marker(conn: sqlite3.Connection) -> str:
    """The newest history row, as "<id>-<batch>": every change is journaled there,
    and the batch tells a new change from an old one of the same id after a restore."""
    row = conn.execute("SELECT id, batch FROM history ORDER BY id DESC LIMIT 1").fetchone()
    if row is None:
        return "0-0"
    return f"{row[0]}-{(row[1] or '0')[:8]}"


def backup_now(project: str | Path, *, kind: str = "manual", keep: int = KEEP) -> Backup:
    """Take a backup of the project now (from its own connection) and rotate."""
    project = Path(project)
    folder = _folder(project)
    temp = folder / f".{uuid.uuid4().hex}.part"
    copy_database(project, temp)
    try:
        problem = check_integrity(temp)
        if problem is not None:
            raise ProjectError(
                f"{project}: the project file is damaged ({problem[:200]}); "
                "no backup was taken and the older ones were kept"
            )
        with closing(sqlite3.connect(temp)) as conn:
            marker = change_marker(conn)
        backup = _place(temp, folder, marker, kind)
    finally:
        temp.unlink(missing_ok=True)
    rotate(project, keep)
    return backup


def maybe_backup(
    repo: RepositoryBase, *, interval: timedelta = INTERVAL, keep: int = KEEP, now: datetime | None = None
) -> Backup | None:
    """A backup if the project changed since the newest one and that one is older
    than `interval` (or there is none); else None. Call it on open and on a timer."""
    if not backup_due(repo, interval=interval, now=now):
        return None
    return backup_now(repo.path, kind="auto", keep=keep)


def backup_due(repo: object, *, interval: timedelta = INTERVAL, now: datetime | None = None) -> bool:
    """Whether `maybe_backup` would take one: cheap, so a window can ask on its
    own thread and copy on another (`backup_now` opens its own connection).
    Only a project file has backups here: a server's are its own (pg_dump)."""
    from desktop.storage.repository import Repository  # (imports this module's neighbours)

    if not isinstance(repo, Repository):
        return False
    if repo.db.conn.in_transaction or not is_writable(repo.path):
        return False  # mid-action: at the next tick; read-only: it cannot change
    backups = list_backups(repo.path)
    if not backups:
        return True
    newest = backups[0]
    if newest.marker == change_marker(repo.db.conn):
        return False
    return (now or datetime.now(UTC)) - newest.taken_at >= interval


def rotate(project: str | Path, keep: int = KEEP) -> list[Path]:
    """Delete all but the newest `keep` backups; returns what was deleted."""
    old = [b.path for b in list_backups(project)[keep:]]
    for path in old:
        path.unlink(missing_ok=True)
    return old


def find_backup(project: str | Path, which: str) -> Backup:
    """A backup by number in the list (1 = newest), by file name, or by path."""
    backups = list_backups(project)
    if which.isdigit() and 1 <= int(which) <= len(backups):
        return backups[int(which) - 1]
    for backup in backups:
        if which == backup.path.name or Path(which).resolve() == backup.path.resolve():
            return backup
    path = Path(which)
    if path.is_file():  # any project file will do, e.g. a .pre-upgrade-vN.bak
        taken = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        return Backup(path, taken, "", "file")
    raise NotFound(f"{project}: no backup {which!r} (see: barchasb restore {project} --list)")


def restore_backup(project: str | Path, backup: Backup) -> Backup | None:
    """Put `backup` in place of the project; returns the backup that saved the
    project as it was (None when there was no project file)."""
    project = Path(project)
    _check_backup(backup.path)
    lock = _lock(project) if project.exists() else None
    try:
        saved = _save_replaced(project, lock) if project.exists() else None
        temp = project.with_name(f".{project.name}.{uuid.uuid4().hex[:8]}.part")
        try:
            shutil.copyfile(backup.path, temp)
            if project.exists():
                shutil.copymode(project, temp)
            fsync_path(temp)
            for stale in ("-wal", "-shm", "-journal"):  # never let an old journal meet the new file
                project.with_name(project.name + stale).unlink(missing_ok=True)
            os.replace(temp, project)
            fsync_path(project.parent)
        except OSError as exc:
            temp.unlink(missing_ok=True)
            raise ProjectError(
                f"{project}: cannot restore ({exc.strerror or exc}); the project was left as it was"
            ) from exc
    finally:
        if lock is not None:
            lock.close()
    return saved


def _check_backup(path: Path) -> None:
    """A backup must be a sound Barchasb project this version can open."""
    problem = check_integrity(path)
    if problem is not None:
        raise ProjectError(f"{path}: this backup is damaged ({problem[:200]}); choose another")
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        app_id, version = (conn.execute(f"PRAGMA {p}").fetchone()[0] for p in ("application_id", "user_version"))
    if app_id != APPLICATION_ID:
        raise ProjectError(f"{path}: not a backup of a Barchasb project")
    if version > SCHEMA_VERSION:
        raise ProjectError(f"{path}: made by a newer version of Barchasb (schema {version}); please upgrade")


def _lock(project: Path) -> sqlite3.Connection | None:
    """Exclusive use of the project, or ProjectError if another connection has it
    open. The WAL is checkpointed into the file and removed, so the file alone is
    the project. None when the file is too damaged for SQLite to lock it."""
    conn = sqlite3.connect(project, timeout=1.0, isolation_level=None)
    try:
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")  # in WAL mode: fails while any other connection is open
        conn.execute("COMMIT")
        conn.execute("PRAGMA journal_mode = DELETE")  # checkpoint, then drop the -wal
        conn.execute("BEGIN EXCLUSIVE")  # and hold the file until the swap is done
    except sqlite3.DatabaseError as exc:
        conn.close()
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
            raise ProjectError(
                f"{project}: open in another window or command; close it and try again (nothing was changed)"
            ) from exc
        try:
            raise describe(exc, project) from exc
        except ProjectError as error:
            if "damaged" in str(error) or "not a Barchasb" in str(error):
                return None  # restoring is what a damaged file needs
            raise
    return conn


def _save_replaced(project: Path, lock: sqlite3.Connection | None) -> Backup:
    """Keep the project as it is before it is replaced: a sound file as a backup,
    a damaged one (with its -wal, if any) as it lies, for whoever wants to look."""
    folder = _folder(project)
    temp = folder / f".{uuid.uuid4().hex}.part"
    try:
        shutil.copyfile(project, temp)  # we hold the only connection: the file is the project
        marker = "0-0"
        if lock is not None:
            marker = change_marker(lock)
        else:
            wal = project.with_name(project.name + "-wal")
            if wal.exists():
                shutil.copyfile(wal, folder / (temp.name + "-wal"))
        fsync_path(temp)
        backup = _place(temp, folder, marker, "replaced" if lock is not None else "damaged")
    except (OSError, sqlite3.DatabaseError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ProjectError(f"{project}: cannot save it before restoring ({reason}); nothing was changed") from exc
    finally:
        temp.unlink(missing_ok=True)
    wal_copy = folder / (temp.name + "-wal")
    if wal_copy.exists():
        os.replace(wal_copy, backup.path.with_name(backup.path.name + "-wal"))
    return backup


def _folder(project: Path) -> Path:
    folder = backup_folder(project)
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise ProjectError(f"{folder}: cannot keep backups there ({exc.strerror or exc}); nothing was changed") from exc
    return folder


def _place(temp: Path, folder: Path, marker: str, kind: str) -> Backup:
    """Give a finished copy its final name (unique, sortable by time)."""
    while True:
        taken = datetime.now(UTC)
        target = folder / f"{taken.strftime(_STAMP)}-h{marker}-{kind}.barchasb"
        if not target.exists():
            break
    os.replace(temp, target)
    fsync_path(folder)
    return Backup(target, taken, marker, kind)
