"""The relations panel: the shown document's relations as a list, filtered by type.

Rows read «head words — type → tail words» (document text shown literally);
activating one asks the window to choose that relation and show its ends.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from desktop.i18n import is_rtl, tr


@dataclass(frozen=True, slots=True)
class RelationRow:
    """One relation as listed: its id, type key and name, and the words at each end."""

    id: int
    type: str
    type_name: str
    head: str
    tail: str
    directed: bool = True

    def text(self) -> str:
        arrow = ("←" if is_rtl() else "→") if self.directed else "—"  # pointing at the tail as read
        return f"{self.head} — {self.type_name} {arrow} {self.tail}"


class RelationPanel(QWidget):
    """List of relations with a type filter; `relation_activated` carries a relation id."""

    relation_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter = QComboBox(self)
        self.filter.setObjectName("relation_filter")
        self.list = QListWidget(self)
        self.list.setObjectName("relation_list")
        self._rows: list[RelationRow] = []
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.filter)
        column.addWidget(self.list, 1)
        self.filter.currentIndexChanged.connect(lambda _: self._fill())
        self.list.itemActivated.connect(self._on_item_activated)
        self.set_types([])

    def set_types(self, types: list[tuple[str, str]]) -> None:
        """The filter's choices: every type (key, shown name), after «All types»."""
        kept = self.filter.currentData()
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.addItem(tr("All types"), None)
        for key, name in types:
            self.filter.addItem(name, key)
        at = self.filter.findData(kept)
        self.filter.setCurrentIndex(max(at, 0))
        self.filter.blockSignals(False)

    def set_rows(self, rows: list[RelationRow]) -> None:
        self._rows = rows
        self._fill()

    def add_row(self, row: RelationRow) -> None:
        """One more row, in id order (a relation made or brought back), without refilling."""
        ids = [r.id for r in self._rows]
        self._rows.insert(bisect.bisect(ids, row.id), row)
        wanted = self.filter.currentData()
        if wanted is None or row.type == wanted:
            at = sum(1 for r in self._rows if r.id < row.id and (wanted is None or r.type == wanted))
            self.list.insertItem(at, self._item(row))

    def remove_row(self, relation_id: int) -> None:
        self._rows = [r for r in self._rows if r.id != relation_id]
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) == relation_id:
                self.list.takeItem(i)
                return

    def show_chosen(self, relation_id: int | None) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == relation_id:
                self.list.setCurrentItem(item)
                return
        self.list.clearSelection()

    def shown_rows(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def _fill(self) -> None:
        wanted = self.filter.currentData()
        self.list.clear()
        for row in self._rows:
            if wanted is None or row.type == wanted:
                self.list.addItem(self._item(row))

    def _item(self, row: RelationRow) -> QListWidgetItem:
        item = QListWidgetItem(row.text())
        item.setData(Qt.ItemDataRole.UserRole, row.id)
        return item

    def _on_item_activated(self, item: QListWidgetItem) -> None:
        self.relation_activated.emit(int(item.data(Qt.ItemDataRole.UserRole)))
