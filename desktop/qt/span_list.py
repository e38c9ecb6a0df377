"""The span list of the open document: text, label, annotator, origin."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from desktop.core.model import Label, Span
from desktop.i18n import language, tr
from desktop.qt.plain import tooltip
from desktop.qt.table_model import Index, TableModel

COLUMNS = ("Text", "Label", "Annotator", "Origin")
ORIGIN_TEXT = {"manual": "manual", "imported": "imported", "suggested": "suggested"}


@dataclass(frozen=True, slots=True)
class SpanRow:
    span: Span
    text: str
    annotator: str


class SpanListModel(TableModel):
    columns = COLUMNS

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[SpanRow] = []
        self._labels: dict[str, Label] = {}

    def set_spans(self, rows: list[SpanRow], labels: dict[str, Label]) -> None:
        self.beginResetModel()
        self._rows = sorted(rows, key=lambda r: (r.span.start, r.span.end, r.span.id or 0))
        self._labels = labels
        self.endResetModel()

    def row_of(self, span_id: int) -> int:
        for i, row in enumerate(self._rows):
            if row.span.id == span_id:
                return i
        return -1

    def span_at(self, row: int) -> Span | None:
        return self._rows[row].span if 0 <= row < len(self._rows) else None

    def rows(self) -> int:
        return len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            note = f"\n{row.span.note}" if row.span.note else ""
            return tooltip(row.text + note)
        if role == Qt.ItemDataRole.DecorationRole and column == 1:
            label = self._labels.get(row.span.label)
            return QColor(label.color) if label else None
        if role == Qt.ItemDataRole.UserRole:
            return row.span.id
        return None

    def _display(self, row: SpanRow, column: int) -> str:
        if column == 0:
            text = row.text.replace("\n", " ")
            return text if len(text) <= 60 else text[:57] + "…"
        if column == 1:
            label = self._labels.get(row.span.label)
            if label is None:
                return row.span.label
            return label.name_fa if language() == "fa" else label.name_en
        if column == 2:
            return row.annotator
        return tr(ORIGIN_TEXT.get(str(row.span.origin), str(row.span.origin)))
