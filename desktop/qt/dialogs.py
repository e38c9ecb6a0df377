"""Small dialogs: the annotator's name and a span's note."""

from __future__ import annotations

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLineEdit, QPlainTextEdit,
                               QVBoxLayout, QWidget)

from desktop.i18n import tr
from desktop.qt.plain import label


class _Form(QDialog):
    def __init__(self, title: str, prompt: str, editor: QWidget, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        layout.addWidget(label(prompt, self))
        layout.addWidget(editor)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.buttons = buttons


class AnnotatorDialog(_Form):
    """Asks who is annotating; OK stays disabled until a name is typed."""

    def __init__(self, current: str = "", parent: QWidget | None = None) -> None:
        self.name_edit = QLineEdit(current)
        self.name_edit.setMaxLength(80)
        super().__init__(tr("Annotator"), tr("Your name, as your labels will carry it:"),
                         self.name_edit, parent)
        ok = self.buttons.button(QDialogButtonBox.Ok)
        self.name_edit.textChanged.connect(lambda text: ok.setEnabled(bool(text.strip())))
        ok.setEnabled(bool(current.strip()))

    def name(self) -> str:
        return self.name_edit.text().strip()


class NoteDialog(_Form):
    def __init__(self, note: str, parent: QWidget | None = None) -> None:
        self.editor = QPlainTextEdit()
        self.editor.setPlainText(note)
        super().__init__(tr("Note"), tr("A note on this span:"), self.editor, parent)

    def note(self) -> str:
        return self.editor.toPlainText().strip()
