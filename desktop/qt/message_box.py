"""A message box that shows its whole message.

QMessageBox wraps only at spaces and never grows past the screen: a long
file path ran past its right edge and a long list of problems past its
bottom, both cut off mid-sentence. Here the text wraps at words, and
anywhere inside a word too long for a line (a path); the box grows to fit
it up to most of the screen and then scrolls; a list longer than
`SHOWN_LINES` shows its first lines and the whole of it under Details.
The text is always plain (never HTML) and can be selected and copied.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QTextOption
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStyle,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import number, tr

SHOWN_LINES = 12
WIDTH = 560  # the text's width, in pixels (less on a narrow screen)
SCREEN_SHARE = 0.6  # the text never takes more of the screen's height than this

_ICONS = {
    QMessageBox.Icon.Warning: QStyle.StandardPixmap.SP_MessageBoxWarning,
    QMessageBox.Icon.Critical: QStyle.StandardPixmap.SP_MessageBoxCritical,
    QMessageBox.Icon.Information: QStyle.StandardPixmap.SP_MessageBoxInformation,
    QMessageBox.Icon.Question: QStyle.StandardPixmap.SP_MessageBoxQuestion,
}


class MessageBox(QDialog):
    """A modal message: an icon, the text (first lines of a long list), OK, and Details."""

    def __init__(self, parent: QWidget | None, title: str, text: str, icon=QMessageBox.Icon.Warning) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        lines = text.split("\n")
        shown = "\n".join(lines[:SHOWN_LINES])
        if len(lines) > SHOWN_LINES:
            shown += "\n" + tr("… and {n} more lines (see Details)", n=number(len(lines) - SHOWN_LINES))
        width = min(WIDTH, int(_screen_width(self) * 0.8))
        self.text = _text_view(shown, width, self)
        self.details = _text_view(text, width, self)
        self.details.setVisible(False)
        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton(tr("OK"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.details_button: QPushButton | None = None
        if len(lines) > SHOWN_LINES:
            self.details_button = self.buttons.addButton(tr("Details"), QDialogButtonBox.ButtonRole.ActionRole)
            self.details_button.clicked.connect(self._on_details)
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self._layout(icon)

    def _layout(self, icon) -> None:
        top = QHBoxLayout()
        picture = QLabel(self)
        style = self.style()
        picture.setPixmap(
            style.standardIcon(_ICONS.get(icon, QStyle.StandardPixmap.SP_MessageBoxWarning)).pixmap(32, 32)
        )
        top.addWidget(picture, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.details)
        layout.addWidget(self.buttons)

    def _on_details(self) -> None:
        self.details.setVisible(not self.details.isVisible())
        self.adjustSize()


def _text_view(text: str, width: int, parent: QWidget) -> QTextEdit:
    """Read-only plain text, wrapped (inside long words too), as tall as it needs up to
    `SCREEN_SHARE` of the screen, then scrolled."""
    view = QTextEdit(parent)
    view.setReadOnly(True)
    view.setAcceptRichText(False)
    view.setPlainText(text)
    view.setFrameShape(QFrame.Shape.NoFrame)
    view.viewport().setAutoFillBackground(False)
    view.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    view.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    scrollbar = view.verticalScrollBar().sizeHint().width()
    measure = view.document().clone(view)  # the view lays its own out later, at its width
    measure.setTextWidth(width - scrollbar)
    height = int(measure.size().height()) + 4
    limit = int(_screen_height(parent) * SCREEN_SHARE)
    view.setFixedSize(width, min(height, limit))
    return view


def _screen_width(widget: QWidget) -> int:
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry().width()


def _screen_height(widget: QWidget) -> int:
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry().height()
