"""The connection the SQLite mixins are given on PostgreSQL: their SQL, translated once.

The mixins (desktop/storage/*.py) call `db.execute(sql, params)` with `?` and
`:name` placeholders, `db.conn.executemany`, `db.atomic()`, a cursor's
`lastrowid` and `rowcount`, and catch `sqlite3.IntegrityError`. `PgDatabase`
offers exactly that over psycopg: placeholders become `%s` / `%(name)s`,
`IN (SELECT value FROM json_each(?))` becomes `= ANY(%s)` with the JSON list
as an array, `INSERT OR IGNORE/REPLACE` become `ON CONFLICT`, `CROSS JOIN .. ON` a join, an INSERT into a
table with ids returns the id, and a constraint violation is raised as the
`sqlite3.IntegrityError` the mixins expect, worded as SQLite words it.

PostgreSQL aborts a whole transaction on a failed statement, where SQLite
fails just the statement; a write inside an action therefore runs in a
savepoint, so an action that catches a conflict (a duplicate span) goes on.
"""

from __future__ import annotations

import itertools
import json
import re
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import psycopg
from psycopg import errors as pg_errors
from psycopg.pq import TransactionStatus

from desktop.core.errors import ProjectError
from desktop.storage.faults import ServerFault
from desktop.storage.postgres.refusal import refusal

Row = tuple[Any, ...]
Params = Sequence[Any] | Mapping[str, Any]

# Tables whose rows have an `id` an INSERT hands back (`cursor.lastrowid`); history's is never read.
ID_TABLES = frozenset(
    ("documents", "annotators", "spans", "review_rejections", "suggestions", "relations", "entities")
    + ("review_relation_rejections",)
)
# INSERT OR REPLACE: the key it replaces on, per table.
_REPLACE_KEYS = {"settings": ("key",), "suggester_models": ("name",), "document_tokens": ("document_id",)}

_TOKENS = re.compile(r"'[^']*'|\?|(?<![:\w]):([A-Za-z_]\w*)|%")
_JSON_EACH = re.compile(r"IN \(SELECT value FROM json_each\(\?\)\)")
_CROSS_JOIN_ON = re.compile(r"CROSS JOIN (\w+(?: \w+)?) ON")
_INSERT = re.compile(r"^\s*INSERT\s+(?:OR\s+(IGNORE|REPLACE)\s+)?INTO\s+(\w+)\s*\(([^)]*)\)", re.I)


@dataclass(frozen=True, slots=True)
class Statement:
    """One SQLite statement as PostgreSQL takes it."""

    sql: str
    json_params: tuple[int, ...]  # positions of parameters that are JSON lists (json_each)
    table: str | None  # the table an INSERT writes, else None
    savepoint: bool  # a write that may fail on a constraint (run in a savepoint inside an action)


@lru_cache(maxsize=512)
def translate(sql: str, *, many: bool = False) -> Statement:
    """SQLite's dialect as the mixins write it -> PostgreSQL's (cached: the mixins' SQL is a small set)."""
    json_markers: list[int] = []
    sql = _JSON_EACH.sub("= ANY(?\x00)", sql)  # \x00 marks the parameter to decode
    sql = sql.replace("sum(length)", "sum(length)::bigint")  # a numeric sum would come back a Decimal
    sql = _CROSS_JOIN_ON.sub(r"JOIN \1 ON", sql)  # SQLite's join-order hint: PostgreSQL plans on its own
    parts: list[str] = []
    position = last = 0
    for match in _TOKENS.finditer(sql):
        token = match.group(0)
        parts.append(sql[last : match.start()])
        last = match.end()
        if token.startswith("'"):
            parts.append(token.replace("%", "%%"))  # psycopg reads % as a placeholder even in a literal
        elif token == "?":
            if sql.startswith("\x00", match.end()):
                json_markers.append(position)
                last += 1
            parts.append("%s")
            position += 1
        elif token == "%":
            parts.append("%%")
        else:
            parts.append(f"%({match.group(1)})s")
    parts.append(sql[last:])
    out = "".join(parts)
    insert = _INSERT.match(out)
    table = insert.group(2) if insert else None
    if insert and insert.group(1):
        out = _on_conflict(out, insert.group(1).upper(), insert.group(2), insert.group(3))
    if table in ID_TABLES and not many:
        out += " RETURNING id"
    write = bool(insert or re.match(r"^\s*UPDATE\b", out, re.I))
    return Statement(out, tuple(json_markers), table, write and table != "history")


def _on_conflict(sql: str, verb: str, table: str, columns: str) -> str:
    sql = re.sub(r"^\s*INSERT\s+OR\s+\w+\s+INTO", "INSERT INTO", sql, flags=re.I)
    if verb == "IGNORE":
        return sql + " ON CONFLICT DO NOTHING"
    keys = _REPLACE_KEYS[table]
    names = [c.strip() for c in columns.split(",")]
    updates = ", ".join(f"{c} = excluded.{c}" for c in names if c not in keys)
    return sql + f" ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates}"


class Result:
    """What a mixin reads of a cursor: rows, `lastrowid` (ids tables' INSERTs) and `rowcount`."""

    __slots__ = ("_cursor", "lastrowid")

    def __init__(self, cursor: psycopg.Cursor[Row] | psycopg.ServerCursor[Row], lastrowid: int | None) -> None:
        self._cursor = cursor
        self.lastrowid = lastrowid

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    def fetchone(self) -> Row | None:
        return self._cursor.fetchone()

    def fetchall(self) -> list[Row]:
        return self._cursor.fetchall()

    def __iter__(self) -> Iterator[Row]:
        return iter(self._cursor)


class PgDatabase:
    """The part of `sqlite_utils.Database` (and of its `conn`) the mixins use, over one psycopg connection."""

    def __init__(self, conn: psycopg.Connection[Row], where: str) -> None:
        self.raw = conn
        self.where = where  # the project's URL without secrets, for messages
        self.server_cursors: list[psycopg.ServerCursor[Row]] = []  # a snapshot's, closed with it
        self.team_role: str | None = None  # the login's team role, to word the server's refusals (roles.py)

    @property
    def conn(self) -> PgDatabase:
        return self  # the mixins call `db.conn.execute` and `db.execute` alike

    @property
    def in_transaction(self) -> bool:
        return self.raw.info.transaction_status != TransactionStatus.IDLE

    def cursor(self) -> PgDatabase:
        """What a read model streams through: itself (on a snapshot's connection, which is
        not in autocommit, every read goes through a server-side cursor: see `Streaming`)."""
        return self

    def execute(self, sql: str, params: Params = ()) -> Result:
        statement = translate(sql)
        if not self.raw.autocommit and not statement.savepoint:  # a snapshot's read: streamed
            return Streaming(self).execute(sql, params)
        values = _decode(params, statement.json_params)
        with self.errors(statement.table):
            cursor = self.raw.cursor()
            if statement.savepoint and self.in_transaction:
                with self.raw.transaction():
                    cursor.execute(statement.sql, values)
            else:
                cursor.execute(statement.sql, values)
        lastrowid = None
        if statement.table in ID_TABLES and cursor.description is not None:
            row = cursor.fetchone()
            lastrowid = None if row is None else int(row[0])
        return Result(cursor, lastrowid)

    def executemany(self, sql: str, rows: Sequence[Params]) -> None:
        statement = translate(sql, many=True)
        rows = list(rows)
        if not rows:
            return
        with self.errors(statement.table), self.raw.cursor() as cursor:
            if statement.savepoint and self.in_transaction:
                with self.raw.transaction():
                    cursor.executemany(statement.sql, rows)
            else:
                cursor.executemany(statement.sql, rows)

    def atomic(self) -> AbstractContextManager[Any]:
        """A savepoint inside the action (a transaction outside one)."""
        return self.raw.transaction()

    def close(self) -> None:
        for cursor in self.server_cursors:
            cursor.close()
        self.server_cursors.clear()
        self.raw.close()

    def errors(self, table: str | None = None) -> _Errors:
        return _Errors(self.where, table, self.team_role)


class Streaming:
    """Reads through server-side cursors, a few thousand rows at a time, so a read model's
    memory stays flat however large the project (a snapshot's connection: in a transaction)."""

    ROWS_AT_ONCE = 2000

    def __init__(self, db: PgDatabase) -> None:
        self._db = db

    def execute(self, sql: str, params: Params = ()) -> Result:
        statement = translate(sql)
        cursor = self._db.raw.cursor(name=f"barchasb_{next(_CURSOR_NAMES)}")
        cursor.itersize = self.ROWS_AT_ONCE
        self._db.server_cursors.append(cursor)
        with self._db.errors(statement.table):
            cursor.execute(statement.sql, _decode(params, statement.json_params))
        return Result(cursor, None)


_CURSOR_NAMES = itertools.count(1)


class _Errors:
    """Constraint violations as SQLite's IntegrityError; a lost server as a ProjectError."""

    def __init__(self, where: str, table: str | None, role: str | None = None) -> None:
        self._where, self._table, self._role = where, table, role

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, _tb: object) -> None:
        if isinstance(exc, psycopg.IntegrityError):
            raise sqlite3.IntegrityError(_sqlite_words(exc, self._table)) from exc
        if isinstance(exc, pg_errors.InsufficientPrivilege):  # grants or row-level security (roles_sql.py)
            raise refusal(str(exc), self._role) from exc
        if isinstance(exc, (psycopg.OperationalError, psycopg.InterfaceError)) and not isinstance(
            exc, pg_errors.QueryCanceled
        ):
            raise server_error(self._where, exc) from exc


def _sqlite_words(exc: psycopg.IntegrityError, table: str | None) -> str:
    """What SQLite would have said: the mixins recognise UNIQUE and FOREIGN KEY in it."""
    detail = one_line(str(exc))
    if isinstance(exc, pg_errors.UniqueViolation):
        return f"UNIQUE constraint failed: {table or '?'} ({detail})"
    if isinstance(exc, pg_errors.ForeignKeyViolation):
        return f"FOREIGN KEY constraint failed ({detail})"
    if isinstance(exc, pg_errors.CheckViolation):
        return f"CHECK constraint failed ({detail})"
    if isinstance(exc, pg_errors.NotNullViolation):
        return f"NOT NULL constraint failed ({detail})"
    return detail


def server_error(where: str, exc: BaseException) -> ProjectError:
    """A failure of the server or the network, as one line for the user."""
    return ServerFault("server.failed", where=where, detail=one_line(str(exc)))


def one_line(text: str) -> str:
    """libpq's messages span lines (and carry a hint): one line, the parts joined."""
    return "; ".join(line.strip() for line in text.splitlines() if line.strip())


def _decode(params: Params, json_params: tuple[int, ...]) -> Params:
    if not json_params or isinstance(params, Mapping):
        return params
    values = list(params)
    for position in json_params:
        values[position] = json.loads(values[position])
    return values
