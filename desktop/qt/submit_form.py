"""A small form whose OK runs the change at once: when the workspace refuses it, the
reason shows in the form (in red, as plain text) and the form stays open."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QVBoxLayout, QWidget

from desktop.core.errors import BarchasbError
from desktop.i18n import tr
from desktop.qt.plain import label as plain_label
from desktop.qt.reasons import explain_error


class SubmitForm(QDialog):
    """OK calls `_submit()`; a refusal shows its reason and keeps the form open."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.error = plain_label("", self)
        self.error.setStyleSheet("color: #c0392b")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(tr("OK"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        buttons.accepted.connect(self._on_ok)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _submit(self) -> None:
        raise NotImplementedError

    def _on_ok(self) -> None:
        try:
            self._submit()
        except (BarchasbError, ValueError) as exc:
            self.error.setText(explain_error(exc))
            return
        self.accept()
