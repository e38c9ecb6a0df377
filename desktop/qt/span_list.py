"""The span list of the open document: text, label, annotator, origin.

It follows the editor's spans row by row (`sync`): a label on a 20,000-span document inserts one
row instead of rebuilding all of them (60-180 ms of a busy loop after each change, docs/performance.md).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor

from desktop.core.model import Label, Span
from desktop.i18n import language, tr
from desktop.qt.plain import tooltip
from desktop.qt.table_model import Index, TableModel

COLUMNS = ("Text", "Label", "Annotator", "Origin")
RESET_AT = 200  # more changed rows than this (another document, a bulk step): one reset is cheaper
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
        self._keys: list[tuple[int, int, int]] = []  # each row's (start, end, id): rows are in this order
        self._shown: dict[int, Span] = {}  # span id -> the span its row shows
        self._labels: dict[str, Label] = {}
        self._annotator = ""

    def set_spans(self, rows: list[SpanRow], labels: dict[str, Label]) -> None:
        self.beginResetModel()
        self._rows = sorted(rows, key=lambda r: _key(r.span))
        self._keys = [_key(r.span) for r in self._rows]
        self._shown = {r.span.id or 0: r.span for r in self._rows}
        self._labels = labels
        self._annotator = self._rows[0].annotator if self._rows else ""
        self.endResetModel()

    def sync(self, spans: Mapping[int, Span], text: str, annotator: str, labels: dict[str, Label]) -> None:
        """Show `spans` (of `text`, all `annotator`'s), changing only the rows that differ."""
        shown = self._shown
        gone = [span for span_id, span in shown.items() if spans.get(span_id) is not span]
        new = [span for span_id, span in spans.items() if shown.get(span_id) is not span]
        if labels != self._labels or annotator != self._annotator or len(gone) + len(new) > RESET_AT:
            self.set_spans([SpanRow(s, text[s.start : s.end], annotator) for s in spans.values()], labels)
            self._annotator = annotator
            return
        for span in gone:
            row = self.row_of(span.id or 0)
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row], self._keys[row], shown[span.id or 0]
            self.endRemoveRows()
        for span in new:
            row = bisect_left(self._keys, _key(span))
            self.beginInsertRows(QModelIndex(), row, row)
            self._rows.insert(row, SpanRow(span, text[span.start : span.end], annotator))
            self._keys.insert(row, _key(span))
            shown[span.id or 0] = span
            self.endInsertRows()

    def row_of(self, span_id: int) -> int:
        span = self._shown.get(span_id)
        return -1 if span is None else bisect_left(self._keys, _key(span))

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


def _key(span: Span) -> tuple[int, int, int]:
    return (span.start, span.end, span.id or 0)
