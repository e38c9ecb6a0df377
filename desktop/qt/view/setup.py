"""How the document view's QPlainTextEdit is set up: read-only, RTL, Vazirmatn."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QPlainTextEdit

from desktop.qt.fonts import document_font

BASE_POINT_SIZE = 12.0
ZOOM_STEP = 1.1
ZOOM_MIN, ZOOM_MAX = -6, 12
MARGIN = 14.0


def zoomed_font(steps: int) -> QFont:
    """The document font `steps` zoom steps from the base size (half points)."""
    return document_font(round(BASE_POINT_SIZE * ZOOM_STEP**steps * 2) / 2)


def configure(editor: QPlainTextEdit) -> None:
    """Read-only, selectable by mouse and keyboard, right to left, no undo."""
    editor.setReadOnly(True)
    editor.setUndoRedoEnabled(False)
    flags = Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
    editor.setTextInteractionFlags(flags)
    editor.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    editor.setFont(zoomed_font(0))
    document = editor.document()
    option = document.defaultTextOption()
    option.setTextDirection(Qt.LayoutDirection.RightToLeft)
    option.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
    document.setDefaultTextOption(option)
    document.setDocumentMargin(MARGIN)
