"""One editor per attribute kind for the span details panel: a line for text, numbers,
dates and normalised values, a list for a choice or an entity, a box for a boolean.

Each shows the stored value (numbers in the interface's digits), reads back what
the analyst typed (Persian or Latin digits alike) and says in the interface's
language what is wrong with it; `commit_requested` fires on Enter, on leaving a
line, or on a pick. The span's fields and the entity registry come from the panel.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QWidget

from desktop.core.attributes import AttributeField, AttributeKind, AttributeValue
from desktop.core.relations import Entity
from desktop.i18n import language
from desktop.qt.attribute_text import read_text, shown_text, value_hint
from desktop.qt.plain import label as plain_label


class FieldEditor(QObject):
    """The editor of one attribute field; `widget` goes into the panel's form."""

    commit_requested = Signal()

    def __init__(self, field: AttributeField, widget: QWidget) -> None:
        super().__init__(widget)
        self.field = field
        self.widget = widget

    def show_value(self, value: AttributeValue | None) -> None:
        raise NotImplementedError

    def changed(self) -> bool:
        """Whether the editor shows something other than the stored value."""
        raise NotImplementedError

    def value(self) -> object:
        """The value to store (None clears it); FieldInputError says what is wrong."""
        raise NotImplementedError

    def focus_widget(self) -> QWidget:
        return self.widget


class LineEditor(FieldEditor):
    """Text, number, date and normalised value: typed on one line."""

    def __init__(self, field: AttributeField, parent: QWidget) -> None:
        box = QWidget(parent)
        super().__init__(field, box)
        self.line = QLineEdit(box)
        self.line.setObjectName(f"attribute_{field.name}")
        self.hint = plain_label("", box)  # what a normalised value means: the ISO date
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.line, 1)
        row.addWidget(self.hint)
        self._shown = ""
        self.line.editingFinished.connect(self.commit_requested.emit)

    def focus_widget(self) -> QWidget:
        return self.line

    def show_value(self, value: AttributeValue | None) -> None:
        self._shown = "" if value is None else shown_text(self.field, value)
        self.line.setText(self._shown)
        self.hint.setText(value_hint(value) if self.field.kind is AttributeKind.VALUE else "")

    def changed(self) -> bool:
        return self.line.text().strip() != self._shown

    def value(self) -> object:
        text = self.line.text().strip()
        return read_text(self.field, text) if text else None


class ChoiceEditor(FieldEditor):
    """A choice field, or an entity reference (the registry's entities)."""

    def __init__(self, field: AttributeField, entities: list[Entity], parent: QWidget) -> None:
        combo = QComboBox(parent)
        super().__init__(field, combo)
        self.combo = combo
        self.combo.setObjectName(f"attribute_{field.name}")
        self.combo.addItem("—", None)
        if field.kind is AttributeKind.ENTITY:
            for entity in entities:
                self.combo.addItem(entity.name, entity.id)
        else:
            for choice in field.choices:  # shown by its name in the UI's language, stored by key
                self.combo.addItem(choice.name(language()), choice.key)
        self._shown: object = None
        self.combo.activated.connect(lambda _: self.commit_requested.emit())

    def show_value(self, value: AttributeValue | None) -> None:
        self._shown = value
        self.combo.setCurrentIndex(max(self.combo.findData(value), 0))

    def changed(self) -> bool:
        return self.combo.currentData() != self._shown

    def value(self) -> object:
        return self.combo.currentData()


class BooleanEditor(FieldEditor):
    def __init__(self, field: AttributeField, parent: QWidget) -> None:
        box = QCheckBox(parent)
        super().__init__(field, box)
        self.box = box
        self.box.setObjectName(f"attribute_{field.name}")
        self._shown: bool | None = None
        self.box.clicked.connect(lambda _: self.commit_requested.emit())

    def show_value(self, value: AttributeValue | None) -> None:
        self._shown = value if isinstance(value, bool) else None
        self.box.setChecked(bool(value))

    def changed(self) -> bool:
        return self.box.isChecked() != bool(self._shown)

    def value(self) -> object:
        return self.box.isChecked()


def make_editor(field: AttributeField, entities: list[Entity], parent: QWidget) -> FieldEditor:
    if field.kind in (AttributeKind.CHOICE, AttributeKind.ENTITY):
        return ChoiceEditor(field, entities, parent)
    if field.kind is AttributeKind.BOOLEAN:
        return BooleanEditor(field, parent)
    return LineEditor(field, parent)
