"""What a read model needs of a connection: `execute` and `cursor().execute`, rows back.

sqlite3's connection has it, and so has the PostgreSQL backend's adapter
(storage/postgres/adapter.py), so the export and agreement read models are
written once for both backends.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol


class Rows(Protocol):
    """A cursor after `execute`: rows one at a time, or all."""

    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...
    def __iter__(self) -> Iterator[Any]: ...


class Executes(Protocol):
    def execute(self, sql: str, parameters: Any = ..., /) -> Rows: ...


class Reader(Executes, Protocol):
    """A connection a read model reads through (it does not close it)."""

    def cursor(self) -> Executes: ...
