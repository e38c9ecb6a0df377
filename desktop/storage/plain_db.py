"""A project file's connection as the repository uses it, without loading sqlite-utils.

Opening and reading a project needs only `execute`, `atomic` and the connection;
sqlite-utils costs ~80 ms of imports (click, dateutil, pluggy) before a window can
open. `ProjectDatabase` does those few things exactly as sqlite-utils 4's `Database`
does them, and hands anything else (its table API, which the migrations use) to a
`Database` made over the same connection the first time it is asked for.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite_utils

# Statements that open or end a transaction themselves: never committed behind the caller's back.
_TRANSACTION_CONTROL = frozenset({"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"})
# What the sqlite3 driver skips before a statement's first keyword (as sqlite-utils' _first_keyword).
_LEADING = re.compile(r"(?:\s|;|\ufeff|--[^\n]*\n|/\*.*?\*/)*([^\W\d]*)", re.DOTALL)  # letters and _


def first_keyword(sql: str) -> str:
    """The first keyword of `sql`, upper case ("" if there is none)."""
    match = _LEADING.match(sql)
    return match.group(1).upper() if match else ""


class ProjectDatabase:
    """An SQLite connection with sqlite-utils' `execute` and `atomic`; the rest on demand."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._utils: sqlite_utils.Database | None = None
        self.execute("PRAGMA recursive_triggers=on;")  # as sqlite-utils' Database sets it

    def execute(self, sql: str, parameters: Sequence[Any] | dict[str, Any] | None = None) -> sqlite3.Cursor:
        """Run one statement; a write outside a transaction is committed at once."""
        conn = self.conn
        was_in_transaction = conn.in_transaction
        try:
            cursor = conn.execute(sql) if parameters is None else conn.execute(sql, parameters)
        except Exception:
            if not was_in_transaction and conn.in_transaction:
                conn.execute("ROLLBACK")  # the implicit transaction the failed statement opened
            raise
        if (
            not was_in_transaction
            and conn.in_transaction
            and cursor.description is None
            and first_keyword(sql) not in _TRANSACTION_CONTROL
        ):
            conn.execute("COMMIT")  # the implicit transaction a write opened
        return cursor

    @contextmanager
    def atomic(self) -> Iterator[ProjectDatabase]:
        """A transaction; inside one, a savepoint."""
        conn = self.conn
        if conn.in_transaction:
            savepoint = f"sqlite_utils_{os.urandom(16).hex()}"  # secrets.token_hex(16), as sqlite-utils (no import)
            conn.execute(f"SAVEPOINT {savepoint};")
            try:
                yield self
            except BaseException:
                if conn.in_transaction:  # a RAISE(ROLLBACK) trigger may have ended it all
                    conn.execute(f"ROLLBACK TO SAVEPOINT {savepoint};")
                    conn.execute(f"RELEASE SAVEPOINT {savepoint};")
                raise
            conn.execute(f"RELEASE SAVEPOINT {savepoint};")
            return
        conn.execute("BEGIN")
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        try:
            conn.execute("COMMIT")
        except BaseException:
            self.rollback()
            raise

    def rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def table_names(self) -> list[str]:
        return [row[0] for row in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]

    def close(self) -> None:
        self.conn.close()

    @property
    def utils(self) -> sqlite_utils.Database:
        """sqlite-utils' `Database` over this connection (loads sqlite-utils the first time)."""
        if self._utils is None:
            from desktop.storage import load_sqlite_utils

            database = load_sqlite_utils().Database
            self._utils = database(self.conn, execute_plugins=False, recursive_triggers=False)
        return self._utils

    def __getitem__(self, table: str) -> Any:
        return self.utils[table]

    def __getattr__(self, name: str) -> Any:  # only for what this class does not define
        if name.startswith("__") or name == "_utils":
            raise AttributeError(name)
        return getattr(self.utils, name)
