"""The document list: name, this annotator's status, span count; filterable.

Kept column by column (a `DocumentListing`) with an index from document id
to position, so a 100,000-document project fills the list in a blink, and
updating one document's line after a label or status change, finding the
current document, and counting statuses never walk the whole list.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.core.model import Status
from desktop.i18n import isolate, number, tr
from desktop.qt.plain import tooltip
from desktop.qt.table_model import Index, TableModel
from desktop.storage.repository import DocumentEntry, DocumentListing

STATUS_TEXT = {Status.NEW: "New", Status.IN_PROGRESS: "In progress", Status.DONE: "Done"}
COLUMNS = ("Document", "Status", "Spans")


class DocumentListModel(TableModel):
    """All documents, with a filter applied in the model (cheap at 100k rows)."""

    columns = COLUMNS

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._all = DocumentListing([], [], [], [])
        self._position: dict[int, int] = {}  # document id -> position in _all
        self._shown: list[int] | None = None  # positions shown in order; None: all
        self._row: dict[int, int] | None = None  # position -> row, when filtered
        self._status: Status | None = None
        self._ids: set[int] | None = None

    # --- data -----------------------------------------------------------------------

    def set_listing(self, listing: DocumentListing) -> None:
        self.beginResetModel()
        self._all = listing
        self._position = {doc_id: i for i, doc_id in enumerate(listing.ids)}
        self._apply_filter()
        self.endResetModel()

    def update(self, listing: DocumentListing) -> None:
        """New status and span count for the listed documents (after a change)."""
        for doc_id, status, count in zip(listing.ids, listing.statuses, listing.span_counts):
            position = self._position.get(doc_id)
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
        statuses, ids = self._all.statuses, self._all.ids
        self._shown = [
            i
            for i in range(len(ids))
            if (self._status is None or statuses[i] == self._status) and (self._ids is None or ids[i] in self._ids)
        ]
        self._row = {position: row for row, position in enumerate(self._shown)}

    def _row_at(self, position: int) -> int:
        if self._row is None:
            return position
        return self._row.get(position, -1)

    def _position_at(self, row: int) -> int:
        return row if self._shown is None else self._shown[row]

    def row_of(self, doc_id: int) -> int:
        position = self._position.get(doc_id)
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
        return self._all.statuses.count(status)

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
