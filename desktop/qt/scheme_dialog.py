"""The scheme editor: labels (list, add, edit, reorder, delete), and on two more pages
the relation types and the attribute fields (`relation_scheme_tabs`).

Every button runs a `Scheme` use case at once (durable, one undo step each:
Ctrl+Z in the main window takes it back); the main window follows through
`bridge.changed` like after any other change.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import BarchasbError
from desktop.core.hotkeys import next_free_hotkey
from desktop.core.model import Label
from desktop.i18n import N_, isolate, language, number, tr
from desktop.qt.bridge import WorkspaceBridge
from desktop.qt.label_form import LabelForm
from desktop.qt.palette import swatch
from desktop.qt.plain import message
from desktop.qt.reasons import explain_error
from desktop.qt.relation_scheme_tabs import AttributeFieldsPage, RelationTypesPage
from desktop.workspace.imports.labels import distinct_colours
from desktop.workspace.project.scheme import Scheme

COLUMNS = (N_("Colour"), N_("Persian name"), N_("English name"), N_("Key"), N_("Hotkey"), N_("Spans"))


class SchemeDialog(QDialog):
    def __init__(self, bridge: WorkspaceBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.setWindowTitle(tr("Labels"))
        self.resize(720, 440)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels([tr(c) for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for name, text, key, slot in (
            ("add", N_("Add…"), "Ins", self.add_label),
            ("edit", N_("Edit…"), "F2", self.edit_label),
            ("up", N_("Move up"), "Ctrl+Up", lambda: self.move_label(-1)),
            ("down", N_("Move down"), "Ctrl+Down", lambda: self.move_label(1)),
            ("delete", N_("Delete…"), "Del", self.delete_label),
        ):
            button = self.buttons[name] = QPushButton(tr(text), self)
            button.setShortcut(QKeySequence(key))
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.close_button = close.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setText(tr("Close"))
        close.rejected.connect(self.reject)
        labels_page = QWidget(self)
        page = QVBoxLayout(labels_page)
        page.addWidget(self.table)
        page.addLayout(row)
        self.relation_types = RelationTypesPage(bridge, self)
        self.attributes = AttributeFieldsPage(bridge, self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(labels_page, tr("Labels"))
        self.tabs.addTab(self.relation_types, tr("Relation types"))
        self.tabs.addTab(self.attributes, tr("Attributes"))
        self.tabs.currentChanged.connect(self._on_tab_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(close)
        self.table.doubleClicked.connect(lambda _: self.edit_label())
        self.table.installEventFilter(self)
        self.reload()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt override)
        """Return on the list edits the chosen label (F2 too: the Edit button's shortcut)."""
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.edit_label()
            return True
        return super().eventFilter(watched, event)

    def _on_tab_changed(self, index: int) -> None:
        """A page shows the scheme as it is now (a label added elsewhere, a relation made)."""
        page = self.tabs.widget(index)
        if isinstance(page, RelationTypesPage | AttributeFieldsPage):
            page.reload(page.current_key())
            page.table.setFocus()
        else:
            self.reload(self.current_key())
            self.table.setFocus()

    @property
    def scheme(self) -> Scheme:
        return Scheme(self.bridge.workspace)

    def reload(self, current: str | None = None) -> None:
        labels, counts = self.scheme.labels(), self.scheme.span_counts()
        self.table.setRowCount(len(labels))
        for i, label in enumerate(labels):
            cells = (
                isolate(label.color),
                label.name_fa,
                label.name_en,
                isolate(label.key),
                number(label.hotkey),
                number(counts.get(label.key, 0)),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, label.key)
                self.table.setItem(i, column, item)
            if (first := self.table.item(i, 0)) is not None:
                first.setIcon(swatch(label.color))
        keys = [label.key for label in labels]
        self.table.selectRow(keys.index(current) if current in keys else min(0, len(keys) - 1))

    def current_key(self) -> str | None:
        item = self.table.item(self.table.currentRow(), 0)
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def add_label(self) -> None:
        labels = self.scheme.labels()
        colour = distinct_colours((label.color for label in labels), 1)[0]
        hotkey = next_free_hotkey(label.hotkey for label in labels)
        added: list[str] = []

        def submit(key: str, name_fa: str, name_en: str, colour: str, hotkey: str) -> None:
            self.scheme.add(key, name_fa, name_en, colour, hotkey)
            added.append(key.strip())

        LabelForm(submit, None, colour, hotkey, self).exec()
        self.reload(added[0] if added else self.current_key())

    def edit_label(self) -> None:
        key = self.current_key()
        if key is None:
            return
        label: Label = self.bridge.workspace.label(key)

        def submit(_key: str, name_fa: str, name_en: str, colour: str, hotkey: str) -> None:
            self.scheme.edit(key, name_fa=name_fa, name_en=name_en, color=colour, hotkey=hotkey)

        LabelForm(submit, label, parent=self).exec()
        self.reload(key)

    def move_label(self, offset: int) -> None:
        """Move the chosen label up or down the scheme (not `move`: that places the widget)."""
        key = self.current_key()
        if key is not None:
            self.bridge.attempt(self.scheme.move, key, offset)
            self.reload(key)

    def delete_label(self) -> None:
        key = self.current_key()
        if key is None or not self.confirm_delete(key):
            return
        try:
            self.scheme.delete(key)
        except BarchasbError as exc:  # e.g. gold was accepted from this label under another
            message(self, tr("Delete label"), explain_error(exc))
        self.reload()

    def confirm_delete(self, key: str) -> bool:
        usage = self.scheme.usage(key)
        label = self.bridge.workspace.label(key)
        name = label.name_fa if language() == "fa" else label.name_en
        text = tr(
            "Delete the label «{name}»? This also deletes {spans} spans in all layers "
            "({gold} of them gold) and {suggestions} suggestions.",
            name=name,
            spans=number(usage.spans),
            gold=number(usage.gold_spans),
            suggestions=number(usage.suggestions),
        )
        if usage.rejections or usage.gazetteers:
            text += "\n" + tr(
                "Review rejections: {rejections}; gazetteers: {gazetteers}.",
                rejections=number(usage.rejections),
                gazetteers=number(len(usage.gazetteers)),
            )
        text += "\n" + tr("Undo (Ctrl+Z) brings everything back.")
        box = QMessageBox(QMessageBox.Icon.Warning, tr("Delete label"), "", QMessageBox.StandardButton.NoButton, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(text)
        delete = box.addButton(tr("Delete"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.exec()
        return box.clickedButton() is delete
