"""The scheme editor's pages for the layer above labels: relation types and attribute fields.

Each page is a table with Add (Ins), Edit (F2 or Enter) and Delete (Del); every
change is one undoable `RelationSchemeEditor` step, so Ctrl+Z in the main window
takes it back. A relation type still used is not deleted: the page says how many
relations use it.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.attributes import AttributeField
from desktop.core.choices import choices_as_text
from desktop.core.relations import RelationType
from desktop.i18n import N_, isolate, language, number, tr
from desktop.qt.bridge import WorkspaceBridge
from desktop.qt.palette import swatch
from desktop.qt.plain import ask, message
from desktop.qt.relation_scheme_forms import KIND_NAMES, AttributeFieldForm, RelationTypeForm, label_name
from desktop.workspace.relations import Relations, RelationSchemeEditor, SpanAttributes

ROLE = Qt.ItemDataRole.UserRole


class _SchemePage(QWidget):
    """A table of scheme entries with Add, Edit and Delete buttons (shortcuts while shown)."""

    columns: tuple[str, ...] = ()

    def __init__(self, bridge: WorkspaceBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.table = QTableWidget(0, len(self.columns), self)
        self.table.setHorizontalHeaderLabels([tr(c) for c in self.columns])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for name, text, key, slot in (
            ("add", N_("Add…"), "Ins", self.add),
            ("edit", N_("Edit…"), "F2", self.edit),
            ("delete", N_("Delete…"), "Del", self.delete),
        ):
            button = self.buttons[name] = QPushButton(tr(text), self)
            button.setShortcut(QKeySequence(key))
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row)
        self.table.doubleClicked.connect(lambda _: self.edit())
        self.table.installEventFilter(self)
        self.reload()

    @property
    def editor(self) -> RelationSchemeEditor:
        return RelationSchemeEditor(self.bridge.workspace)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        """Return on the table edits the chosen entry (as in the labels page)."""
        if (
            watched is self.table
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.edit()
            return True
        return super().eventFilter(watched, event)

    def fill(self, rows: Sequence[tuple[object, tuple[str, ...]]], current: object = None) -> None:
        self.table.setRowCount(len(rows))
        for i, (key, cells) in enumerate(rows):
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ROLE, key)
                self.table.setItem(i, column, item)
        keys = [key for key, _ in rows]
        self.table.selectRow(keys.index(current) if current in keys else min(0, len(keys) - 1))

    def current_key(self) -> object:
        item = self.table.item(self.table.currentRow(), 0)
        return None if item is None else item.data(ROLE)

    def labels(self) -> list:
        return list(self.bridge.workspace.labels().values())

    def reload(self, current: object = None) -> None:
        raise NotImplementedError

    def add(self) -> None:
        raise NotImplementedError

    def edit(self) -> None:
        raise NotImplementedError

    def delete(self) -> None:
        raise NotImplementedError


class RelationTypesPage(_SchemePage):
    columns = (N_("Colour"), N_("Persian name"), N_("English name"), N_("Key"), N_("Hotkey"), N_("Relations"))

    def types(self) -> list[RelationType]:
        return sorted(Relations(self.bridge.workspace).types(), key=lambda t: (t.order, t.key))

    def reload(self, current: object = None) -> None:
        counts = Relations(self.bridge.workspace).counts()
        rows = [
            (t.key, (isolate(t.colour), t.name_fa, t.name_en, isolate(t.key), t.hotkey, number(counts.get(t.key, 0))))
            for t in self.types()
        ]
        self.fill(rows, current)
        for i, rtype in enumerate(self.types()):
            if (first := self.table.item(i, 0)) is not None:
                first.setIcon(swatch(rtype.colour))

    def add(self) -> None:
        added: list[str] = []

        def submit(rtype: RelationType) -> None:
            self.editor.save_type(rtype)
            added.append(rtype.key)

        RelationTypeForm(submit, self.labels(), order=len(self.types()), parent=self).exec()
        self.reload(added[0] if added else self.current_key())

    def edit(self) -> None:
        rtype = next((t for t in self.types() if t.key == self.current_key()), None)
        if rtype is not None:
            RelationTypeForm(self.editor.save_type, self.labels(), rtype, parent=self).exec()
            self.reload(rtype.key)

    def delete(self) -> None:
        rtype = next((t for t in self.types() if t.key == self.current_key()), None)
        if rtype is None:
            return
        name = rtype.name_fa if language() == "fa" else rtype.name_en
        used = Relations(self.bridge.workspace).counts().get(rtype.key, 0)
        if used:
            text = tr(
                "The relation type «{name}» is used by {n} relations: delete them or change their type first.",
                name=name,
                n=number(used),
            )
            message(self, tr("Delete relation type"), text)
            return
        question = tr("Delete the relation type «{name}»? Undo (Ctrl+Z) brings it back.", name=name)
        if ask(self, tr("Delete relation type"), question, tr("Delete"), tr("Cancel")):
            self.bridge.attempt(self.editor.delete_type, rtype.key)
            self.reload()


class AttributeFieldsPage(_SchemePage):
    columns = (N_("Label"), N_("Name"), N_("Kind"), N_("Choices"), N_("Persian name"), N_("English name"))

    def fields(self) -> list[AttributeField]:
        return SpanAttributes(self.bridge.workspace).fields()

    def reload(self, current: object = None) -> None:
        labels = self.bridge.workspace.labels()
        rows = []
        for f in self.fields():
            label = label_name(labels[f.label]) if f.label in labels else f.label
            cells = (label, isolate(f.name), tr(KIND_NAMES[f.kind]), choices_as_text(f.choices), f.name_fa, f.name_en)
            rows.append(((f.label, f.name), cells))
        self.fill(rows, current)

    def _current(self) -> AttributeField | None:
        return next((f for f in self.fields() if (f.label, f.name) == self.current_key()), None)

    def add(self) -> None:
        added: list[tuple[str, str]] = []

        def submit(field: AttributeField) -> None:
            self.editor.save_field(field)
            added.append((field.label, field.name))

        AttributeFieldForm(submit, self.labels(), order=len(self.fields()), parent=self).exec()
        self.reload(added[0] if added else self.current_key())

    def edit(self) -> None:
        field = self._current()
        if field is not None:
            AttributeFieldForm(self.editor.save_field, self.labels(), field, parent=self).exec()
            self.reload((field.label, field.name))

    def delete(self) -> None:
        field = self._current()
        if field is None:
            return
        question = tr(
            "Delete the attribute «{name}» of the label «{label}»? Undo (Ctrl+Z) brings it back.",
            name=field.name,
            label=label_name(self.bridge.workspace.labels()[field.label]),
        )
        if ask(self, tr("Delete attribute"), question, tr("Delete"), tr("Cancel")):
            self.bridge.attempt(self.editor.delete_field, field.label, field.name)
            self.reload()
