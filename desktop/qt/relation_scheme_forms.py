"""The forms of the scheme editor's relation layer: one relation type (key, Persian and
English names, colour, hotkey, direction, the labels allowed at each end) and one
attribute field of a label (name, kind, choices, display names).

Each builds the value object and hands it to `submit` (a `RelationSchemeEditor`
use case); what the domain or the workspace refuses shows in the form.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from desktop.core.attributes import AttributeField, AttributeKind
from desktop.core.choices import choices_as_text, choices_from_text
from desktop.core.model import Label
from desktop.core.relations import RelationType
from desktop.i18n import N_, language, tr
from desktop.qt.palette import swatch
from desktop.qt.submit_form import SubmitForm

KIND_NAMES = {
    AttributeKind.TEXT: N_("Text"),
    AttributeKind.CHOICE: N_("Choice"),
    AttributeKind.NUMBER: N_("Number"),
    AttributeKind.DATE: N_("Date"),
    AttributeKind.ENTITY: N_("Entity"),
    AttributeKind.BOOLEAN: N_("Yes or no"),
    AttributeKind.VALUE: N_("Normalised value"),
}


def label_name(label: Label) -> str:
    return label.name_fa if language() == "fa" else label.name_en


class LabelChecks(QListWidget):
    """The scheme's labels, each with a check box; none checked means any label."""

    def __init__(self, labels: list[Label], checked: tuple[str, ...], parent: QWidget) -> None:
        super().__init__(parent)
        for label in labels:
            item = QListWidgetItem(label_name(label))
            item.setData(Qt.ItemDataRole.UserRole, label.key)
            item.setCheckState(Qt.CheckState.Checked if label.key in checked else Qt.CheckState.Unchecked)
            self.addItem(item)
        self.setMaximumHeight(120)

    def keys(self) -> tuple[str, ...]:
        items = (self.item(i) for i in range(self.count()))
        return tuple(i.data(Qt.ItemDataRole.UserRole) for i in items if i.checkState() == Qt.CheckState.Checked)


class RelationTypeForm(SubmitForm):
    """Add (rtype None) or edit a relation type; `submit(RelationType)` on OK."""

    def __init__(
        self,
        submit: Callable[[RelationType], object],
        labels: list[Label],
        rtype: RelationType | None = None,
        order: int = 0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(tr("Edit relation type") if rtype else tr("New relation type"), parent)
        self._send, self._order = submit, rtype.order if rtype else order
        self.key_edit = QLineEdit(rtype.key if rtype else "", self)
        self.key_edit.setReadOnly(rtype is not None)  # relations name their type by key
        self.name_fa_edit = QLineEdit(rtype.name_fa if rtype else "", self)
        self.name_en_edit = QLineEdit(rtype.name_en if rtype else "", self)
        self.colour = rtype.colour if rtype else "#7f8c8d"
        self.colour_button = QPushButton(tr("Choose…"), self)
        self.hotkey_edit = QLineEdit(rtype.hotkey if rtype else "", self)
        self.hotkey_edit.setMaxLength(1)
        self.directed_box = QCheckBox(tr("Directed (from head to tail)"), self)
        self.directed_box.setChecked(rtype.directed if rtype else True)
        self.heads = LabelChecks(labels, rtype.heads if rtype else (), self)
        self.tails = LabelChecks(labels, rtype.tails if rtype else (), self)
        for text, widget in (
            (tr("Key"), self.key_edit),
            (tr("Persian name"), self.name_fa_edit),
            (tr("English name"), self.name_en_edit),
            (tr("Colour"), self.colour_button),
            (tr("Hotkey"), self.hotkey_edit),
            ("", self.directed_box),
            (tr("Head labels (none: any)"), self.heads),
            (tr("Tail labels (none: any)"), self.tails),
        ):
            self.form.addRow(text, widget)
        self.colour_button.clicked.connect(self._on_choose_colour)
        self._show_colour()
        (self.name_fa_edit if rtype else self.key_edit).setFocus()

    def _show_colour(self) -> None:
        self.colour_button.setIcon(swatch(self.colour, 16))
        self.colour_button.setToolTip(self.colour)

    def _on_choose_colour(self) -> None:
        chosen = QColorDialog.getColor(QColor(self.colour), self, tr("Relation colour"))
        if chosen.isValid():
            self.colour = chosen.name()
            self._show_colour()

    def _submit(self) -> None:
        rtype = RelationType(
            key=self.key_edit.text().strip(),
            name_fa=self.name_fa_edit.text().strip(),
            name_en=self.name_en_edit.text().strip(),
            colour=self.colour,
            hotkey=self.hotkey_edit.text(),
            directed=self.directed_box.isChecked(),
            heads=self.heads.keys(),
            tails=self.tails.keys(),
            order=self._order,
        )
        self._send(rtype)


class AttributeFieldForm(SubmitForm):
    """Add (field None) or edit an attribute field; `submit(AttributeField)` on OK."""

    def __init__(
        self,
        submit: Callable[[AttributeField], object],
        labels: list[Label],
        field: AttributeField | None = None,
        order: int = 0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(tr("Edit attribute") if field else tr("New attribute"), parent)
        self._send, self._order = submit, field.order if field else order
        self.label_box = QComboBox(self)
        for label in labels:
            self.label_box.addItem(label_name(label), label.key)
        self.label_box.setCurrentIndex(max(self.label_box.findData(field.label if field else None), 0))
        self.label_box.setEnabled(field is None)  # values are stored under label and name
        self.name_edit = QLineEdit(field.name if field else "", self)
        self.name_edit.setReadOnly(field is not None)
        self.kind_box = QComboBox(self)
        for kind, text in KIND_NAMES.items():
            self.kind_box.addItem(tr(text), kind.value)
        self.kind_box.setCurrentIndex(max(self.kind_box.findData(field.kind.value if field else "text"), 0))
        self.choices_edit = QLineEdit(choices_as_text(field.choices) if field else "", self)
        self.choices_edit.setPlaceholderText(tr("For a choice: key=Persian name=English name, separated by commas"))
        self.name_fa_edit = QLineEdit(field.name_fa if field else "", self)
        self.name_en_edit = QLineEdit(field.name_en if field else "", self)
        self.required_box = QCheckBox(tr("Required"), self)
        self.required_box.setChecked(field.required if field else False)
        for text, widget in (
            (tr("Label"), self.label_box),
            (tr("Name"), self.name_edit),
            (tr("Kind"), self.kind_box),
            (tr("Choices"), self.choices_edit),
            (tr("Persian name"), self.name_fa_edit),
            (tr("English name"), self.name_en_edit),
            ("", self.required_box),
        ):
            self.form.addRow(text, widget)
        (self.kind_box if field else self.name_edit).setFocus()

    def _submit(self) -> None:
        kind = AttributeKind(self.kind_box.currentData())
        field = AttributeField(
            label=self.label_box.currentData(),
            name=self.name_edit.text().strip(),
            kind=kind,
            choices=choices_from_text(self.choices_edit.text()) if kind is AttributeKind.CHOICE else (),
            required=self.required_box.isChecked(),
            name_fa=self.name_fa_edit.text().strip(),
            name_en=self.name_en_edit.text().strip(),
            order=self._order,
        )
        self._send(field)
