"""The form that adds or edits one label: key, Persian and English names, colour, hotkey.

OK runs the change at once through the scheme; when the scheme refuses it
(a taken hotkey, a bad key) the reason shows in the form, which stays open.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import BarchasbError
from desktop.core.model import Label
from desktop.i18n import tr
from desktop.qt.palette import swatch
from desktop.qt.plain import label as plain_label
from desktop.qt.reasons import explain_error


class LabelForm(QDialog):
    """`submit(key, name_fa, name_en, colour, hotkey)` is called on OK."""

    def __init__(
        self,
        submit: Callable[..., object],
        label: Label | None = None,
        suggested_colour: str = "#888888",
        suggested_hotkey: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Edit label") if label else tr("New label"))
        self._submit = submit
        self.key_edit = QLineEdit(label.key if label else "", self)
        self.key_edit.setMaxLength(64)
        self.key_edit.setReadOnly(label is not None)  # spans and exports name labels by key
        self.name_fa_edit = QLineEdit(label.name_fa if label else "", self)
        self.name_en_edit = QLineEdit(label.name_en if label else "", self)
        for edit in (self.name_fa_edit, self.name_en_edit):
            edit.setMaxLength(80)
        self.colour = label.color if label else suggested_colour
        self.colour_button = QPushButton(tr("Choose…"), self)
        self.hotkey_edit = QLineEdit(label.hotkey if label else suggested_hotkey, self)
        self.hotkey_edit.setMaxLength(1)
        self.error = plain_label("", self)
        self.error.setStyleSheet("color: #c0392b")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(tr("Key"), self.key_edit)
        form.addRow(tr("Persian name"), self.name_fa_edit)
        form.addRow(tr("English name"), self.name_en_edit)
        form.addRow(tr("Colour"), self.colour_button)
        form.addRow(tr("Hotkey"), self.hotkey_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("OK"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        buttons.accepted.connect(self._on_ok)
        buttons.rejected.connect(self.reject)
        self.colour_button.clicked.connect(self._on_choose_colour)
        self._show_colour()
        (self.name_fa_edit if label else self.key_edit).setFocus()

    def _show_colour(self) -> None:
        self.colour_button.setIcon(swatch(self.colour, 16))
        self.colour_button.setToolTip(self.colour)

    def _on_choose_colour(self) -> None:
        chosen = QColorDialog.getColor(QColor(self.colour), self, tr("Label colour"))
        if chosen.isValid():
            self.colour = chosen.name()
            self._show_colour()

    def _on_ok(self) -> None:
        try:
            self._submit(
                self.key_edit.text(),
                self.name_fa_edit.text(),
                self.name_en_edit.text(),
                self.colour,
                self.hotkey_edit.text(),
            )
        except BarchasbError as exc:
            self.error.setText(explain_error(exc))
            return
        self.accept()
