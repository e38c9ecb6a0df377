"""The document list read a page at a time, so a million-document project opens at once.

`DocumentListing` reads every name, status and span count up front: at a million
documents that is 3-4 s of CPU before the list can paint. A `PagedListing` knows
only the ids (a `range` when they run without gaps, as imports make them) and
reads a page of names, statuses and span counts when a row of it is first asked
for, so showing the first screen reads a few hundred rows. The documents per status
come from one grouped query, then follow the model's changes. It has the columns' interface of `DocumentListing`
(`ids`, `names`, `statuses`, `span_counts`, `entry`, `count`), so the list's
model holds either.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from desktop.core.model import Status

PAGE = 500  # rows read at once: a few screens
_STATUSES = {status.value: status for status in Status}
_NAME, _STATUS, _COUNT = 0, 1, 2


Rows = Callable[[str, list[Any]], list[tuple[Any, ...]]]
"""What a listing reads through: a store's query, all rows (SQLite's or PostgreSQL's `db.execute`)."""


class Column:
    """One column of a `PagedListing`, read through the listing's pages."""

    def __init__(self, listing: PagedListing, field: int) -> None:
        self._listing, self._field = listing, field

    def __len__(self) -> int:
        return len(self._listing)

    def __getitem__(self, position: int) -> Any:
        return self._listing.row(position)[self._field]

    def __setitem__(self, position: int, value: Any) -> None:
        self._listing.change(position, self._field, value)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._listing.column(self._field))


class PagedListing:
    """The document list of one annotator, in id order, read page by page on demand."""

    def __init__(self, reader: Rows, annotator_id: int, ids: Sequence[int]) -> None:
        self._reader, self._annotator = reader, annotator_id
        self.ids = ids
        self._pages: dict[int, list[list[Any]]] = {}
        self._counts: dict[Status, int] | None = None  # documents per status, once asked
        self.names, self.statuses, self.span_counts = Column(self, _NAME), Column(self, _STATUS), Column(self, _COUNT)

    @classmethod
    def open(cls, reader: Rows, annotator_id: int) -> PagedListing:
        """The ids now (a range when they have no gaps); every other column when shown."""
        low, high, count = reader("SELECT min(id), max(id), count(*) FROM documents", [])[0]
        if not count:
            return cls(reader, annotator_id, range(0))
        if high - low + 1 == count:
            return cls(reader, annotator_id, range(low, high + 1))
        return cls(reader, annotator_id, [row[0] for row in reader("SELECT id FROM documents ORDER BY id", [])])

    def __len__(self) -> int:
        return len(self.ids)

    def entry(self, position: int) -> Any:
        from desktop.storage.documents import DocumentEntry

        name, status, count = self.row(position)
        return DocumentEntry(self.ids[position], name, status, count)

    def count(self, status: Status) -> int:
        """Documents in this status: one grouped query, then kept up to date by `change`."""
        if self._counts is None:
            sql = "SELECT status, count(*) FROM document_status WHERE annotator_id = ? GROUP BY status"
            stored = {_STATUSES[value]: int(n) for value, n in self._reader(sql, [self._annotator])}
            stored[Status.NEW] = len(self) - sum(n for s, n in stored.items() if s is not Status.NEW)
            self._counts = stored
        return self._counts.get(status, 0)

    def change(self, position: int, field: int, value: Any) -> None:
        """Set one cell (the list's model, after a change stored already)."""
        row = self.row(position)
        if field == _STATUS and self._counts is not None:
            self._counts[row[_STATUS]] = self._counts.get(row[_STATUS], 0) - 1
            self._counts[value] = self._counts.get(value, 0) + 1
        row[field] = value

    def column(self, field: int) -> list[Any]:
        """A whole column (a filter by status wants them all): statuses in one query, not page by page."""
        if field != _STATUS:
            return [self.row(i)[field] for i in range(len(self))]
        sql = "SELECT document_id, status FROM document_status WHERE annotator_id = ?"
        stored: dict[int, str] = dict(self._reader(sql, [self._annotator]))
        new = Status.NEW
        return [_STATUSES.get(stored.get(i, ""), new) for i in self.ids]

    def row(self, position: int) -> list[Any]:
        """[name, status, span count] of the document at `position` (its page read if new)."""
        if not 0 <= position < len(self.ids):
            raise IndexError(position)
        page = self._pages.get(position // PAGE)
        if page is None:
            page = self._pages[position // PAGE] = self._read(position // PAGE * PAGE)
        return page[position % PAGE]

    def _read(self, first: int) -> list[list[Any]]:
        ids = self.ids[first : first + PAGE]
        bounds = [ids[0], ids[-1]]
        names: dict[int, str] = dict(self._reader("SELECT id, name FROM documents WHERE id BETWEEN ? AND ?", bounds))
        statuses: dict[int, str] = dict(
            self._reader(
                "SELECT document_id, status FROM document_status"
                " WHERE annotator_id = ? AND document_id BETWEEN ? AND ?",
                [self._annotator, *bounds],
            )
        )
        counts: dict[int, int] = dict(
            self._reader(
                "SELECT document_id, count(*) FROM spans WHERE annotator_id = ? AND document_id BETWEEN ? AND ?"
                " GROUP BY document_id",
                [self._annotator, *bounds],
            )
        )
        new = Status.NEW
        return [[names.get(i, ""), _STATUSES.get(statuses.get(i, ""), new), counts.get(i, 0)] for i in ids]
