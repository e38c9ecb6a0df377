"""The document list: name, this annotator's status, span count; filterable.

Kept column by column (a `DocumentListing`, in id order), so a 100,000-document
project fills the list in a blink, and updating one document's line after a label
or status change and finding the current document bisect the ids instead of walking
the whole list (no id -> position dict either: at a million documents building one
took 0.6 s and 70 MB at open). The whole list is a `PagedListing`: names, statuses and
span counts are read a page at a time as rows are shown, so opening a million-document
project reads only the first screen's.
"""

from __future__ import annotations

from bisect import bisect_left

from PySide6.QtCore import Qt

from desktop.core.model import Status
from desktop.i18n import isolate, number, tr
from desktop.qt.plain import tooltip
from desktop.qt.table_model import Index, TableModel
from desktop.storage.listing import PagedListing
from desktop.storage.repository import DocumentEntry, DocumentListing

STATUS_TEXT = {Status.NEW: "New", Status.IN_PROGRESS: "In progress", Status.DONE: "Done"}
COLUMNS = ("Document", "Status", "Spans")


class DocumentListModel(TableModel):
    """All documents, with a filter applied in the model (cheap at 100k rows)."""

    columns = COLUMNS

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._all: DocumentListing | PagedListing = DocumentListing([], [], [], [])
        self._shown: list[int] | None = None  # positions shown in order; None: all
        self._row: dict[int, int] | None = None  # position -> row, when filtered
        self._status: Status | None = None
        self._ids: set[int] | None = None

    # --- data -----------------------------------------------------------------------

    def set_listing(self, listing: DocumentListing | PagedListing) -> None:
        self.beginResetModel()
        self._all = listing
        self._apply_filter()
        self.endResetModel()

    def refresh(self, listing: PagedListing) -> None:
        """The same documents read afresh (another window wrote): every line may have changed.

        No reset, so the selection and the scroll stay; rows are read again as shown.
        """
        self._all = listing
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, len(COLUMNS) - 1))

    def update(self, listing: DocumentListing) -> None:
        """New status and span count for the listed documents (after a change)."""
        for doc_id, status, count in zip(listing.ids, listing.statuses, listing.span_counts):
            position = self._position(doc_id)
            if position is None:
                continue
            self._all.statuses[position] = status
            self._all.span_counts[position] = count
            row = self._row_at(position)
            if row >= 0:
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def set_filter(self, status: Status | None, ids: set[int] | None) -> None:
        """Show only this status (None: any) and these document ids (None: all)."""
        self.beginResetModel()
        self._status, self._ids = status, ids
        self._apply_filter()
        self.endResetModel()

    def _apply_filter(self) -> None:
        if self._status is None and self._ids is None:
            self._shown = self._row = None
            return
        ids = self._all.ids
        statuses = list(self._all.statuses) if self._status is not None else []  # a paged listing: one query
        if self._ids is not None and len(self._ids) < len(ids) // 8:  # a search's few hits, found by bisection
            positions = sorted(p for p in map(self._position, self._ids) if p is not None)
        else:
            positions = [i for i in range(len(ids)) if self._ids is None or ids[i] in self._ids]
        self._shown = [i for i in positions if self._status is None or statuses[i] == self._status]
        self._row = {position: row for row, position in enumerate(self._shown)}

    def _row_at(self, position: int) -> int:
        if self._row is None:
            return position
        return self._row.get(position, -1)

    def _position_at(self, row: int) -> int:
        return row if self._shown is None else self._shown[row]

    def _position(self, doc_id: int) -> int | None:
        """Where `doc_id` is in the listing (its ids ascend, as read): None if not listed."""
        ids = self._all.ids
        position = bisect_left(ids, doc_id)
        return position if position < len(ids) and ids[position] == doc_id else None

    def row_of(self, doc_id: int) -> int:
        position = self._position(doc_id)
        return -1 if position is None else self._row_at(position)

    def document_at(self, row: int) -> DocumentEntry | None:
        if not 0 <= row < self.rowCount():
            return None
        return self._all.entry(self._position_at(row))

    def all_rows(self) -> list[DocumentEntry]:
        """Every document, filtered or not (builds an entry each: for tests and tools)."""
        return [self._all.entry(i) for i in range(len(self._all))]

    def total(self) -> int:
        return len(self._all)

    def count(self, status: Status) -> int:
        """Documents in this status, filtered or not."""
        return self._all.count(status)

    def first_id(self) -> int | None:
        return self._all.ids[0] if len(self._all) else None

    # --- Qt model interface -------------------------------------------------------

    def rows(self) -> int:
        return len(self._all) if self._shown is None else len(self._shown)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        position = self._position_at(index.row())
        column = index.column()
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return tooltip(self._all.names[position])
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return isolate(self._all.names[position])
            if column == 1:
                return tr(STATUS_TEXT[self._all.statuses[position]])
            return number(self._all.span_counts[position])
        if role == Qt.ItemDataRole.UserRole:
            return self._all.ids[position]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None
