"""Small dialogs: the annotator's name (and why it is needed) and a span's note."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QMessageBox, QPlainTextEdit, QVBoxLayout, QWidget

from desktop.i18n import tr
from desktop.qt.plain import label


class _Form(QDialog):
    def __init__(self, title: str, prompt: str, editor: QWidget, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        layout.addWidget(label(prompt, self))
        layout.addWidget(editor)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("OK"))  # ours: Qt's own would stay English
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.buttons = buttons


class AnnotatorDialog(_Form):
    """Asks who is annotating; OK stays disabled until a name is typed."""

    def __init__(self, current: str = "", parent: QWidget | None = None) -> None:
        self.name_edit = QLineEdit(current)
        self.name_edit.setMaxLength(80)
        super().__init__(tr("Annotator"), tr("Your name, as your labels will carry it:"), self.name_edit, parent)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.name_edit.textChanged.connect(lambda text: ok.setEnabled(bool(text.strip())))
        ok.setEnabled(bool(current.strip()))

    def name(self) -> str:
        return self.name_edit.text().strip()


def name_needed(parent: QWidget | None = None) -> bool:
    """Said when the first-start name prompt is cancelled: why a name is needed.
    True when the analyst chooses to enter one, False to quit."""
    box = QMessageBox(QMessageBox.Icon.Information, tr("Barchasb"), "", QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("name_needed")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(
        tr(
            "Barchasb needs your name before it opens a project: every label you make "
            "carries it, so reviewers can tell annotators' work apart."
        )
    )
    again = box.addButton(tr("Enter a name"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(tr("Quit"), QMessageBox.ButtonRole.RejectRole)  # also what Escape or closing the box means
    box.setDefaultButton(again)
    box.exec()
    return box.clickedButton() is again


class NoteDialog(_Form):
    def __init__(self, note: str, parent: QWidget | None = None) -> None:
        self.editor = QPlainTextEdit()
        self.editor.setPlainText(note)
        super().__init__(tr("Note"), tr("A note on this span:"), self.editor, parent)

    def note(self) -> str:
        return self.editor.toPlainText().strip()
