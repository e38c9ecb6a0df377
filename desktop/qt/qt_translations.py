"""Qt's own strings (standard buttons, file dialogs, context menus) in the UI's
language, from the translations that ship with Qt."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QTranslator
from PySide6.QtWidgets import QApplication

_installed: list[QTranslator] = []


def install_qt_translations(app: QApplication, language: str) -> bool:
    """Load Qt's catalogue for `language` (none for English); True if it loaded."""
    while _installed:
        app.removeTranslator(_installed.pop())
    if language == "en":
        return True
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    if not translator.load(f"qtbase_{language}", folder):
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    return True
