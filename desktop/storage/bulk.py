"""A whole project as table rows, out and in: what `barchasb copy` is made of (file backend).

`dump()` reads every table (storage/tables.py) from one snapshot of its own
connection, so a copy taken while others work is of one moment. `load_rows`
writes rows verbatim into an empty project, ids and all, and journals
nothing: the copy brings the source's history with it, and its ids must
still name the same rows. `set_sequences` carries on the ids that were handed
out and deleted since, so a copy never reuses one either.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import batched
from pathlib import Path

from desktop.storage.base import RepositoryBase
from desktop.storage.reader import Reader
from desktop.storage.snapshot import open_snapshot
from desktop.storage.tables import TABLES, Row, TableDump, table

CHUNK = 2000  # rows per executemany: bounded memory, few round trips
RUN = 20_000  # ids per statement of a file-to-file copy: progress between them


class ReaderDump:
    """A `TableDump` over a snapshot connection of either backend (a `Reader`);
    `last_ids` reads the sequences, the one thing each backend keeps its own way."""

    def __init__(self, conn: Reader, last_ids: Callable[[Reader], dict[str, int]] | None = None) -> None:
        self._conn, self._last_ids = conn, last_ids or sqlite_last_ids

    def count(self, name: str) -> int:
        return int(self._conn.execute(f"SELECT count(*) FROM {table(name).name}").fetchone()[0])

    def rows(self, name: str) -> Iterator[Row]:
        t = table(name)
        columns, order = ", ".join(_quoted(t.columns)), ", ".join(_quoted(t.order))
        return (tuple(row) for row in self._conn.cursor().execute(f"SELECT {columns} FROM {t.name} ORDER BY {order}"))

    def sequences(self) -> dict[str, int]:
        return self._last_ids(self._conn)


def sqlite_last_ids(conn: Reader) -> dict[str, int]:
    """The last id each AUTOINCREMENT table handed out (sqlite_sequence; at least its largest id)."""
    seq = dict(conn.execute("SELECT name, seq FROM sqlite_sequence").fetchall())
    return {
        t.name: max(seq.get(t.name, 0), conn.execute(f"SELECT coalesce(max(id), 0) FROM {t.name}").fetchone()[0])
        for t in TABLES
        if t.sequence
    }


class BulkMixin(RepositoryBase):
    @contextmanager
    def dump(self) -> Iterator[TableDump]:
        """Every table of the project from one snapshot (closed on exit)."""
        conn = open_snapshot(self.path)
        try:
            yield ReaderDump(conn)
        finally:
            conn.close()

    def load_rows(self, name: str, rows: Iterable[Row]) -> int:
        """Insert rows of one table as they are (inside `action()`; nothing journaled);
        returns how many. Tables are loaded in `TABLES` order, so every foreign key holds."""
        if self._batch is None:
            raise RuntimeError("a change outside Repository.action()")
        t = table(name)
        sql = f"INSERT INTO {t.name} ({', '.join(_quoted(t.columns))}) VALUES ({', '.join('?' * len(t.columns))})"
        count = 0
        for chunk in batched(rows, CHUNK):
            self.db.conn.executemany(sql, chunk)
            count += len(chunk)
        return count

    @contextmanager
    def attached(self, source: Path) -> Iterator[None]:
        """Project file `source` attached (outside an action) for `load_table`: a file copied into a
        file moves its rows inside SQLite, none through Python (project-100k: 88 s -> see
        docs/performance.md). Its reads inside the action are one snapshot, as `dump()`'s are."""
        self.db.execute("ATTACH DATABASE ? AS copy_source", [str(source)])
        try:
            yield
        finally:
            self.db.execute("DETACH DATABASE copy_source")

    def load_table(self, name: str, progress: Callable[[int], None]) -> int:
        """Copy table `name` of the attached file as it is (inside `action()`; nothing journaled);
        returns how many rows. A table with ids goes in runs of ids, `progress(rows)` after each."""
        if self._batch is None:
            raise RuntimeError("a change outside Repository.action()")
        t = table(name)
        columns = ", ".join(_quoted(t.columns))
        copy = f"INSERT INTO main.{t.name} ({columns}) SELECT {columns} FROM copy_source.{t.name}"
        if not t.sequence:
            count = int(self.db.conn.execute(copy).rowcount)
            progress(count)
            return count
        low, high = self.db.conn.execute(f"SELECT min(id), max(id) FROM copy_source.{t.name}").fetchone()
        count = 0
        for start in range(low or 0, (high or -1) + 1, RUN):
            done = int(self.db.conn.execute(copy + " WHERE id >= ? AND id < ?", [start, start + RUN]).rowcount)
            count += done
            progress(done)
        return count

    def set_sequences(self, sequences: dict[str, int]) -> None:
        """Let each table's ids go on after `sequences[table]` (never below an id in use)."""
        if self._batch is None:
            raise RuntimeError("a change outside Repository.action()")
        for name, last in sequences.items():
            if not table(name).sequence:
                raise ValueError(f"table {name!r} has no sequence")
            last = max(last, self.scalar(f"SELECT coalesce(max(id), 0) FROM {name}"))
            if not self.db.execute("UPDATE sqlite_sequence SET seq = ? WHERE name = ?", [last, name]).rowcount:
                self.db.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", [name, last])


def _quoted(columns: tuple[str, ...]) -> list[str]:
    return [f'"{column}"' for column in columns]
