"""The document list: name, this annotator's status, span count; filterable."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.core.model import Status
from desktop.i18n import number, tr
from desktop.qt.plain import tooltip
from desktop.storage.repository import DocumentRow

STATUS_TEXT = {Status.NEW: "New", Status.IN_PROGRESS: "In progress", Status.DONE: "Done"}
COLUMNS = ("Document", "Status", "Spans")
Index = QModelIndex | QPersistentModelIndex


class DocumentListModel(QAbstractTableModel):
    """All documents, with a filter applied in the model (cheap at 100k rows)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._all: list[DocumentRow] = []
        self._rows: list[DocumentRow] = []
        self._status: Status | None = None
        self._ids: set[int] | None = None

    # --- data -----------------------------------------------------------------------

    def set_rows(self, rows: list[DocumentRow]) -> None:
        self.beginResetModel()
        self._all = rows
        self._rows = self._filtered()
        self.endResetModel()

    def update_row(self, row: DocumentRow) -> None:
        """Replace one document's row in place (after a label or status change)."""
        for i, old in enumerate(self._all):
            if old.info.id == row.info.id:
                self._all[i] = row
        for i, old in enumerate(self._rows):
            if old.info.id == row.info.id:
                self._rows[i] = row
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(COLUMNS) - 1))

    def set_filter(self, status: Status | None, ids: set[int] | None) -> None:
        """Show only this status (None: any) and these document ids (None: all)."""
        self.beginResetModel()
        self._status, self._ids = status, ids
        self._rows = self._filtered()
        self.endResetModel()

    def _filtered(self) -> list[DocumentRow]:
        return [r for r in self._all
                if (self._status is None or r.status == self._status)
                and (self._ids is None or r.info.id in self._ids)]

    def row_of(self, doc_id: int) -> int:
        for i, row in enumerate(self._rows):
            if row.info.id == doc_id:
                return i
        return -1

    def document_at(self, row: int) -> DocumentRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def all_rows(self) -> list[DocumentRow]:
        return self._all

    # --- Qt model interface -------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole):
        if role == Qt.DisplayRole and orientation == Qt.Horizontal:
            return tr(COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ToolTipRole and column == 0:
            return tooltip(row.info.name)
        if role == Qt.DisplayRole:
            if column == 0:
                return row.info.name
            if column == 1:
                return tr(STATUS_TEXT[row.status])
            return number(row.span_count)
        if role == Qt.UserRole:
            return row.info.id
        if role == Qt.TextAlignmentRole and column == 2:
            return int(Qt.AlignCenter)
        return None
