"""`PostgresStore`: a project in a PostgreSQL database, the same `ProjectStore` as a file.

The table mixins are SQLite's own (their SQL goes through the adapter,
storage/postgres/adapter.py); what SQLite does its own way is done here:
the action's transaction, ids handed out ahead (a sequence, not
sqlite_sequence), the change token (history rows of other connections, not
PRAGMA data_version), and the read models that take a snapshot (a read-only
REPEATABLE READ transaction on a connection of their own, not a file).
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self, cast

import psycopg
from psycopg import sql

from desktop.core.errors import ProjectError
from desktop.storage.agreement_input import AgreementInput
from desktop.storage.base import RepositoryBase
from desktop.storage.bulk import ReaderDump
from desktop.storage.export_source import ExportSource
from desktop.storage.faults import ServerFault
from desktop.storage.postgres.adapter import PgDatabase, server_error
from desktop.storage.postgres.bulk_load import Relaxed, relax
from desktop.storage.postgres.connect import Server, create_schema
from desktop.storage.postgres.durable import alive, durable_transaction
from desktop.storage.postgres.fast_paths import PostgresFastPaths
from desktop.storage.postgres.live import Listener
from desktop.storage.postgres.roles import member
from desktop.storage.postgres.team_upgrade import check_project
from desktop.storage.postgres.url import database_name
from desktop.storage.reader import Reader
from desktop.storage.repository import ProjectTables
from desktop.storage.tables import TABLES, Row, TableDump, table
from desktop.storage.token_counts import UPSERT, count_rows


class PostgresBase(RepositoryBase):
    """What a server does differently from a file; first in `PostgresStore`'s bases, so it wins."""

    def __init__(self, db: PgDatabase, server: Server) -> None:
        # `path` names the project where a file's path would: its database (no folder, no URL, no secret).
        super().__init__(cast(Any, db), Path(database_name(server.url)))  # the mixins' `db`, as they use it
        self.pg = db  # the same, typed: what only this backend asks of it
        self.server = server
        self.location = server.where  # the URL as shown and kept in lists (no password: never in one)
        found = member(db.raw)  # a team's login acts as its own annotator, worded refusals (roles.py)
        self.team_annotator = None if found is None else found.annotator
        db.team_role = None if found is None else found.role
        self._token = 0
        self._pid = db.raw.info.backend_pid
        self.offline = False  # a look (external_change_token) found the server away, and none has reached it since
        self._connecting = threading.Lock()  # one reconnect at a time: a window's look runs in a worker
        self._relaxed: Relaxed | None = None  # a bulk load's constraints set aside (bulk_load.py)
        self._load_began = False
        self.listener = Listener(server.connect)  # other people's commits, as they happen (live.py)

    @classmethod
    def open(cls, path: str | Path, *, create: bool = False) -> Self:
        """Open the project at a `postgresql://` URL (with `create`, make it: the database too if missing)."""
        return cls.through(Server(str(path)), create=create)

    @classmethod
    def through(cls, server: Server, *, create: bool = False) -> Self:
        """Open the project `server` reaches: another store on an open one's database goes through
        its `Server`, so a password typed for it is not asked again."""
        conn = server.connect(create_database=create)
        try:
            (create_schema if create else check_project)(conn, server.url)
        except BaseException as exc:
            conn.close()
            if isinstance(exc, psycopg.Error):
                raise server_error(server.where, exc) from exc
            raise
        return cls(PgDatabase(conn, server.where), server)

    def close(self) -> None:
        self.listener.close()
        self.pg.close()

    @contextmanager
    def action(self, actor: str) -> Iterator[str]:
        """One user action: one transaction, journaled; yields its batch id. A connection lost
        before the action began is made again; one lost during COMMIT is settled by asking the
        server whether the batch is in the history (durable.py)."""
        if self._batch is not None:  # nested: part of the enclosing action
            yield self._batch
            return
        if self.offline:  # known away: say so at once rather than wait on the network (the look reconnects)
            raise ServerFault("server.reconnecting", where=self.location)
        self._actor, self._batch = actor, uuid.uuid4().hex[:16]
        try:
            with durable_transaction(self.pg, self.reconnect, self._batch):
                yield self._batch
                if self._relaxed is not None:  # before COMMIT: a row breaking a constraint fails the action
                    with self.pg.errors():
                        self._relaxed.restore(self.pg.raw)
        finally:
            self._actor = self._batch = None
            self._relaxed, self._load_began = None, False

    def external_change_token(self) -> int:
        """Moves when another connection committed an action since the last call (the
        listener heard its NOTIFY: commit order, so a slow transaction is never missed);
        this store's own actions do not move it. Raises `ProjectError` while the server
        cannot be reached; the first look after it is back moves the token."""
        try:
            heard = self.listener.heard(self._pid)  # our last connection's pid: its own notes may still arrive
            if heard is None:
                raise ServerFault("server.unreachable", where=self.location)
            if heard:
                self._token += 1
                if (self.pg.raw.closed or self.pg.raw.broken or not alive(self.pg)) and not self.reconnect(look=True):
                    raise ServerFault("server.unreachable", where=self.location)
        except ServerFault:
            self.offline = True  # until a look reaches the server again, actions fail at once
            raise
        self.offline = False
        return self._token

    def listen_fd(self) -> int | None:
        """The socket a window waits on for other people's commits (None while offline)."""
        return self.listener.fileno()

    def reconnect(self, *, look: bool = False) -> bool:
        """A fresh connection in place of a lost one; False while the server is away. An action
        does not wait for a connect timeout while the server is known away or another thread
        (a window's look, external_change_token) is connecting: it fails at once, saying so."""
        if self.offline and not look:
            return False
        if not self._connecting.acquire(blocking=False):
            return False
        try:
            conn = self.server.connect()
        except ProjectError:
            return False
        finally:
            self._connecting.release()
        self.pg.raw.close()
        self.pg.raw = conn
        self._pid = conn.info.backend_pid
        return True

    def checkpoint(self) -> None:
        """Nothing to fold in: the server keeps its own log."""

    def next_id(self, table: str) -> int:
        """The id the next row of `table` gets (never one used before). Rows that take their
        ids from here are inserted in the same action, after this lock: two imports never
        count out the same ids."""
        self.db.execute("SELECT pg_advisory_xact_lock(hashtext(?))", [f"barchasb.{table}"])
        query = sql.SQL("SELECT coalesce(pg_sequence_last_value(%s::regclass), 0), coalesce(max(id), 0) FROM {}")
        with self.pg.errors():
            row = self.pg.raw.execute(query.format(sql.Identifier(table)), [f"{table}_id_seq"]).fetchone()
        return 1 + (0 if row is None else max(int(row[0]), int(row[1])))

    @contextmanager
    def agreement_input(self) -> Iterator[AgreementInput]:
        """The agreement input, from a snapshot on a connection of its own (safe in a worker thread)."""
        with self._snapshot() as db:
            yield AgreementInput(db, self._keep_token_counts)

    def _keep_token_counts(self, counts: Mapping[int, int], tokenizer: int) -> bool:
        """Store token counts through a connection of its own (any thread), in one transaction;
        False when the server refuses (a role without the grant, a dropped connection)."""
        try:
            db = PgDatabase(self.server.connect(), self.location)
        except (psycopg.Error, ProjectError):
            return False
        try:
            with db.raw.transaction():
                db.executemany(UPSERT, count_rows(counts, tokenizer))
        except (psycopg.Error, ProjectError):
            return False
        finally:
            db.close()
        return True

    @contextmanager
    def export_source(self) -> Iterator[ExportSource]:
        """The export read model, from a snapshot on a connection of its own (safe in a worker thread)."""
        with self._snapshot() as db:
            yield ExportSource(db)

    @contextmanager
    def dump(self) -> Iterator[TableDump]:
        """Every table of the project from one snapshot (closed on exit)."""
        with self._snapshot() as db:
            yield ReaderDump(db, last_ids)

    def load_rows(self, name: str, rows: Iterable[Row]) -> int:
        """Insert rows of one table as they are (inside `action()`; nothing journaled) with COPY:
        one stream instead of a statement per row (a 100,000-document copy in seconds, not minutes)."""
        if self._batch is None:
            raise RuntimeError("a change outside Repository.action()")
        t = table(name)
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(t.name), sql.SQL(", ").join(sql.Identifier(column) for column in t.columns)
        )
        count = 0
        if not self._load_began:  # the action's first load: into an empty project, constraints wait
            self._load_began = True
            with self.pg.errors():
                self._relaxed = relax(self.pg.raw)
        with self.pg.errors(t.name), self.pg.raw.cursor() as cursor:
            # the id trigger leaves the sequence alone row by row; it is moved once, below
            cursor.execute("SELECT set_config('barchasb.loading', 'on', true)")
            with cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            cursor.execute("SELECT set_config('barchasb.loading', 'off', true)")
            if t.sequence and count:
                moved = sql.SQL("SELECT setval(%s::regclass, greatest(max(id), 1)) FROM {} HAVING max(id) > {}")
                cursor.execute(
                    moved.format(sql.Identifier(t.name), sql.SQL("coalesce(pg_sequence_last_value(%s::regclass), 0)")),
                    [f"{t.name}_id_seq", f"{t.name}_id_seq"],
                )
        return count

    def set_sequences(self, sequences: dict[str, int]) -> None:
        """Let each table's ids go on after `sequences[table]` (never below an id in use)."""
        if self._batch is None:
            raise RuntimeError("a change outside Repository.action()")
        for name, last in sequences.items():
            if not table(name).sequence:
                raise ValueError(f"table {name!r} has no sequence")
            query = sql.SQL("SELECT setval(%s::regclass, greatest(%s, coalesce(max(id), 0), 1), %s) FROM {}")
            with self.pg.errors():
                self.pg.raw.execute(
                    query.format(sql.Identifier(name)), [f"{name}_id_seq", last, bool(last) or _has_rows(self, name)]
                )

    @contextmanager
    def _snapshot(self) -> Iterator[PgDatabase]:
        """A read-only REPEATABLE READ transaction: one consistent state while others write."""
        db = PgDatabase(self.server.connect(), self.location)
        try:
            db.raw.autocommit = False
            db.raw.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            db.raw.read_only = True
            yield db
        except psycopg.Error as exc:
            raise server_error(self.location, exc) from exc
        finally:
            db.close()


def last_ids(conn: Reader) -> dict[str, int]:
    """The last id each table with a sequence handed out (at least its largest id)."""
    found = {}
    for t in TABLES:
        if t.sequence:
            row = conn.execute(
                f"SELECT coalesce(pg_sequence_last_value(?::regclass), 0), coalesce(max(id), 0) FROM {t.name}",
                [f"{t.name}_id_seq"],
            ).fetchone()
            found[t.name] = max(int(row[0]), int(row[1]))
    return found


def _has_rows(store: PostgresBase, name: str) -> bool:
    return store.scalar(f"SELECT EXISTS (SELECT 1 FROM {name})") is True


class PostgresStore(PostgresBase, PostgresFastPaths, ProjectTables):
    """A project in a PostgreSQL database (the server `ProjectStore`). Mutations run inside `action()`."""
