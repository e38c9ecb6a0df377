"""The base of the repository: transactions, history and settings.

Every mutation must run inside `Repository.action()`: one IMMEDIATE
transaction that also appends each change to the history table, tagged with
who made it and which user action (batch) it belonged to.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from desktop.core.clock import now
from desktop.storage.db import describe, open_database, write_transaction
from desktop.storage.plain_db import ProjectDatabase
from desktop.storage.rows import RawJson, dumps

if TYPE_CHECKING:
    from desktop.storage.background import Background

_INSERT_HISTORY = "INSERT INTO history (at, actor, action, entity, entity_id, document_id, batch, before, after) VALUES"
_HISTORY_VALUES = "(?, ?, ?, ?, ?, ?, ?, ?, ?)"

# What the history holds: a JSON object, or its text already encoded.
type Snapshot = dict[str, Any] | RawJson | None
type JournalMark = tuple[object, ...]

# The last history row and the ids handed out: moved by every change a window shows, never by
# derived data (the search index's build writes neither).
_JOURNAL_MARK = "SELECT (SELECT max(id) FROM history), (SELECT group_concat(name || seq) FROM sqlite_sequence)"


# The page cache of a large write (KiB). SQLite's default (2 MiB) fills after ~500 pages; from then on
# the writing thread spills pages into the WAL mid-transaction and reads evicted index pages back
# (doccano-1k writes ~10 MB). At 16 MiB the rows thread of a doccano import, its long path, has
# nothing to spill: its wait after the read fell 15.8 -> 3.2 ms, the COMMIT writing those pages
# instead (16.6 -> 28.2 ms); the import 122.6 -> 114.4 ms median, 5k 552 -> 525 ms (issue 17).
LARGE_WRITE_CACHE_KIB = 16 * 1024


def _cache_bytes(cache_size: int, conn: sqlite3.Connection) -> int:
    """The page cache `PRAGMA cache_size` allows, in bytes (negative: KiB; positive: pages)."""
    if cache_size < 0:
        return -cache_size * 1024
    page_size: int = conn.execute("PRAGMA page_size").fetchone()[0]
    return cache_size * page_size


class RepositoryBase:
    """Connection, transactions and history; the table mixins build on it."""

    def __init__(self, db: ProjectDatabase, path: Path) -> None:
        self.db = db
        self.path = path
        self._actor: str | None = None
        self._batch: str | None = None
        self._following = False  # whether actions note the journal mark they found and left
        self._own_run: tuple[JournalMark, JournalMark] | None = None

    @classmethod
    def open(cls, path: str | Path, *, create: bool = False) -> Self:
        return cls(open_database(path, create=create), Path(path))

    def close(self) -> None:
        if (checkpointer := self.__dict__.pop("_checkpointer", None)) is not None:
            checkpointer.wait()  # the log folded into the file before the connection goes
        self.db.close()

    # --- transactions and history -------------------------------------------------

    @contextmanager
    def action(self, actor: str) -> Iterator[str]:
        """Run one user action atomically; yields its batch id."""
        if self._batch is not None:  # nested: part of the enclosing action
            yield self._batch
            return
        self._actor, self._batch = actor, uuid.uuid4().hex[:16]
        try:
            with self._environment_errors(), write_transaction(self.db):
                before = self.journal_mark() if self._following else None
                yield self._batch
                if before is not None:
                    self._note_own_run(before, self.journal_mark())
        finally:
            self._actor = self._batch = None

    def journal_mark(self) -> JournalMark:
        """What moves with every change a window shows and never with derived data."""
        return tuple(self.db.execute(_JOURNAL_MARK).fetchone())

    def follow_own_marks(self, on: bool) -> None:
        """While on, each action notes the journal mark it found (inside its write lock, so
        no other connection can commit in between) and the one it left: see `take_own_run`."""
        self._following, self._own_run = on, None

    def take_own_run(self) -> tuple[JournalMark, JournalMark] | None:
        """(first, last) mark of the actions of this connection since the last take that
        followed one another with no other connection's commit in between (the latest such
        run; an earlier one, broken off by another's change, is dropped), or None."""
        run, self._own_run = self._own_run, None
        return run

    def _note_own_run(self, before: JournalMark, after: JournalMark) -> None:
        run = self._own_run
        self._own_run = (run[0] if run is not None and run[1] == before else before, after)

    @contextmanager
    def large_write(self) -> Iterator[None]:
        """Around an action that writes many pages (an import): its COMMIT leaves SQLite's
        automatic checkpoint to a thread that runs right after it (storage/checkpoint.py), so
        the action returns once its commit is durable. Only when the file grew by as many pages as
        SQLite's threshold (a short file's log is left to the next commit, as it always was); a
        no-op inside a transaction and on connections that are not SQLite's. Meanwhile the page
        cache holds `LARGE_WRITE_CACHE_KIB` (unless it holds more), given back after."""
        from desktop.storage.checkpoint import Checkpointer

        conn = self.db.conn
        if not isinstance(conn, sqlite3.Connection) or conn.in_transaction:
            yield
            return
        pages = conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
        size = conn.execute("PRAGMA page_count").fetchone()[0]
        cache = conn.execute("PRAGMA cache_size").fetchone()[0]
        conn.execute("PRAGMA wal_autocheckpoint = 0")
        if _cache_bytes(cache, conn) < LARGE_WRITE_CACHE_KIB * 1024:
            conn.execute(f"PRAGMA cache_size = {-LARGE_WRITE_CACHE_KIB}")
        try:
            yield
        finally:
            conn.execute(f"PRAGMA wal_autocheckpoint = {int(pages)}")
            conn.execute(f"PRAGMA cache_size = {int(cache)}")  # (the pages past it are freed)
        if pages <= 0 or conn.execute("PRAGMA page_count").fetchone()[0] - size < pages:
            return  # a small write (a short file): the log is left to the next commit, as usual
        if (earlier := self.__dict__.get("_checkpointer")) is not None:
            earlier.wait()
        self.__dict__["_checkpointer"] = Checkpointer(self.path)

    @contextmanager
    def background(self) -> Iterator[Background]:
        """Statements handed to the block's `Background` run on a thread of their own while the
        block goes on in Python (storage/background.py); all have run when it ends, and an error
        one met is raised there. Inside an action; elsewhere (and off SQLite) they run at once."""
        from desktop.storage.background import Background

        runner = Background(self.db.conn)
        try:
            yield runner
            runner.drain()
        finally:
            runner.close()

    @contextmanager
    def _environment_errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.DatabaseError as exc:  # busy, read-only, disk full, damaged file
            raise describe(exc, self.path) from exc

    def external_change_token(self) -> int:
        """A number that changes when another connection (a second window, a CLI
        command) commits to the project, and only then: poll it and refresh when
        it moves. Cheap (`PRAGMA data_version`: no table is read). Own commits do
        not move it, so a window is not told about what it just did itself;
        compare tokens of the same open Repository only."""
        token: int = self.db.execute("PRAGMA data_version").fetchone()[0]
        return token

    def record(
        self, action: str, entity: str, entity_id: object, document_id: int | None, before: Snapshot, after: Snapshot
    ) -> None:
        """Append one change to the history (inside an action)."""
        if self._batch is None:
            raise RuntimeError("a change outside Repository.action()")
        self.db.execute(
            "INSERT INTO history (at, actor, action, entity, entity_id, document_id, batch,"
            " before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            self._history_row(now(), action, entity, entity_id, document_id, before, after),
        )

    def _history_row(
        self,
        at: str,
        action: str,
        entity: str,
        entity_id: object,
        document_id: int | None,
        before: Snapshot,
        after: Snapshot,
    ) -> tuple[object, ...]:
        """One history row's values, in the columns' order of `record`'s INSERT."""
        return (
            at,
            self._actor,
            action,
            entity,
            str(entity_id),
            document_id,
            self._batch,
            None if before is None else dumps(before),
            None if after is None else dumps(after),
        )

    def record_many(
        self,
        action: str,
        entity: str,
        changes: list[tuple[object, int | None, Snapshot, Snapshot]],
        later: Background | None = None,
    ) -> None:
        """Append several changes of one kind at once: (entity_id, document_id, before, after);
        with `later`, its statements are handed to it (on SQLite, many rows a statement)."""
        if self._batch is None:
            raise RuntimeError("a change outside Repository.action()")
        at = now()
        rows = [
            self._history_row(at, action, entity, entity_id, document_id, before, after)
            for entity_id, document_id, before, after in changes
        ]
        conn = self.db.conn
        if later is None or not isinstance(conn, sqlite3.Connection):
            conn.executemany(f"{_INSERT_HISTORY} {_HISTORY_VALUES}", rows)
            return
        from desktop.storage.background import multi_row_inserts

        # many rows a statement: a statement runs without the GIL, executemany's rows take it back
        for sql, parameters in multi_row_inserts(conn, _INSERT_HISTORY, _HISTORY_VALUES, rows):
            later.submit(conn.execute, sql, parameters)

    def history(
        self,
        *,
        document_id: int | None = None,
        entity: str | None = None,
        entity_id: object = None,
        history_id: int | None = None,
        limit: int = 1000,
    ) -> list[dict[str, Any]]:
        """History rows, newest first, filtered by any of the keywords."""
        where, params = [], []
        for column, value in (
            ("id", history_id),
            ("document_id", document_id),
            ("entity", entity),
            ("entity_id", None if entity_id is None else str(entity_id)),
        ):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        sql = "SELECT id, at, actor, action, entity, entity_id, document_id, batch, before, after FROM history"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id DESC LIMIT ?"
        rows = self.db.execute(sql, [*params, limit]).fetchall()
        keys = ("id", "at", "actor", "action", "entity", "entity_id", "document_id", "batch", "before", "after")
        out = []
        for row in rows:
            item = dict(zip(keys, row))
            for key in ("before", "after"):
                item[key] = None if item[key] is None else json.loads(item[key])
            out.append(item)
        return out

    # --- settings ---------------------------------------------------------------------

    def setting(self, key: str, default: Any = None) -> Any:
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return default if row is None else json.loads(row[0])

    def set_setting(self, key: str, value: Any) -> None:
        before = self.setting(key)
        self.db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", [key, dumps(value)])
        self.record("setting.set", "setting", key, None, {"value": before}, {"value": value})

    def next_id(self, table: str) -> int:
        """The id the next row of an AUTOINCREMENT table gets (never one used before);
        bulk inserts hand ids out themselves from here, inside their action."""
        used = self.scalar("SELECT seq FROM sqlite_sequence WHERE name = ?", [table]) or 0
        return 1 + max(used, self.scalar(f"SELECT max(id) FROM {table}") or 0)

    def scalar(self, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> Any:
        row = self.db.execute(sql, params).fetchone()
        return None if row is None else row[0]
