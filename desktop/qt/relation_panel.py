"""The relations panel: the shown document's relations as a list, filtered by type.

Rows read «head words — type → tail words» (document text shown literally);
activating one asks the window to choose that relation and show its ends.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from desktop.i18n import is_rtl, tr
from desktop.qt.plain import one_line


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
        return f"{one_line(self.head)} — {self.type_name} {arrow} {one_line(self.tail)}"


_BATCH = 500  # rows listed per turn of the event loop after a document opens


class RelationPanel(QWidget):
    """List of relations with a type filter; `relation_activated` carries a relation id."""

    relation_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter = QComboBox(self)
        self.filter.setObjectName("relation_filter")
        self.list = QListWidget(self)
        self.list.setObjectName("relation_list")
        # One line a row: with uniform sizes, choosing a row among thousands (a relation just
        # drawn) does not measure every row's text again (430 ms with 5,000 rows).
        self.list.setUniformItemSizes(True)
        self._rows: list[RelationRow] = []
        self._ids: list[int] = []  # of `_rows`, for bisecting
        self._items: dict[int, QListWidgetItem] = {}  # shown rows by relation id: no walk over thousands
        self._next: int | None = None  # the first of `_rows` not listed yet (None: all are)
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
        """All rows anew (another document). They are listed a batch at a time once the view
        has painted: a document's 5,000 rows took longer than opening it. Every other call
        lists the rest first, so it sees the whole list."""
        self._rows = sorted(rows, key=lambda r: r.id)
        self._ids = [r.id for r in self._rows]
        self.list.clear()
        self._items, self._next = {}, 0
        QTimer.singleShot(0, self, self._list_some)

    def add_row(self, row: RelationRow) -> None:
        """One more row, in id order (a relation made or brought back), without refilling."""
        self._list_rest()
        at = bisect.bisect(self._ids, row.id)
        self._rows.insert(at, row)
        self._ids.insert(at, row.id)
        wanted = self.filter.currentData()
        if wanted is None or row.type == wanted:
            if wanted is not None:
                at = sum(1 for r in self._rows[:at] if r.type == wanted)
            item = self._items[row.id] = self._item(row)
            self.list.insertItem(at, item)

    def remove_row(self, relation_id: int) -> None:
        self._list_rest()
        at = bisect.bisect_left(self._ids, relation_id)
        if at < len(self._ids) and self._ids[at] == relation_id:
            del self._rows[at], self._ids[at]
        item = self._items.pop(relation_id, None)
        if item is not None:
            self.list.takeItem(self.list.row(item))

    def show_chosen(self, relation_id: int | None) -> None:
        if relation_id is None and self._next == 0:
            return  # nothing listed yet, so nothing chosen: the list need not be made for this
        self._list_rest()
        item = self._items.get(relation_id) if relation_id is not None else None
        if item is not None:
            self.list.setCurrentItem(item)
        else:
            self.list.clearSelection()

    def shown_rows(self) -> list[str]:
        self._list_rest()
        return [self.list.item(i).text() for i in range(self.list.count())]

    def _fill(self) -> None:
        self.list.clear()
        self._items, self._next = {}, 0
        self._list_rest()

    def _list_some(self) -> None:
        if self._next is not None:
            self._list(self._next + _BATCH)
            if self._next is not None:
                QTimer.singleShot(0, self, self._list_some)

    def _list_rest(self) -> None:
        if self._next is not None:
            self._list(len(self._rows))

    def _list(self, stop: int) -> None:
        """List the rows from `_next` to `stop` that pass the filter."""
        assert self._next is not None
        wanted = self.filter.currentData()
        for row in self._rows[self._next : stop]:
            if wanted is None or row.type == wanted:
                item = self._items[row.id] = self._item(row)
                self.list.addItem(item)
        self._next = stop if stop < len(self._rows) else None

    def _item(self, row: RelationRow) -> QListWidgetItem:
        item = QListWidgetItem(row.text())
        item.setData(Qt.ItemDataRole.UserRole, row.id)
        return item

    def _on_item_activated(self, item: QListWidgetItem) -> None:
        self.relation_activated.emit(int(item.data(Qt.ItemDataRole.UserRole)))
