"""Starting the window: application, fonts, language, theme, annotator, project."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import i18n
from desktop.core.errors import BarchasbError
from desktop.qt.bridge import WorkspaceBridge
from desktop.qt.dialogs import AnnotatorDialog
from desktop.qt.fonts import load_fonts
from desktop.qt.main_window import MainWindow
from desktop.qt.plain import message
from desktop.qt.theme import apply_theme
from desktop.settings import Settings
from desktop.workspace import Workspace


class Application:
    """Owns the open workspace and its window; rebuilds the window on language change."""

    def __init__(self, qt_app: QApplication, settings: Settings) -> None:
        self.qt_app = qt_app
        self.settings = settings
        self.workspace: Workspace | None = None
        self.window: MainWindow | None = None

    def open(self, project: Path, annotator: str | None = None) -> bool:
        name = annotator or self.settings.get("annotator") or self._ask_annotator()
        if not name:
            return False
        try:
            workspace = Workspace.open(project, annotator=name)
        except BarchasbError as exc:
            message(self.window, i18n.tr("Barchasb"), str(exc))
            return False
        self.settings.set("annotator", name)
        self.settings.set("last_project", str(project))
        if self.workspace is not None:
            self.workspace.close()
        self.workspace = workspace
        self._show_window()
        return True

    def _ask_annotator(self) -> str:
        dialog = AnnotatorDialog("", None)
        return dialog.name() if dialog.exec() else ""

    def _show_window(self, document_id: int | None = None) -> None:
        old = self.window
        bridge = WorkspaceBridge(self.workspace)
        self.window = MainWindow(bridge, self.settings)
        self.window.language_change_requested.connect(self.change_language)
        self.window.project_open_requested.connect(lambda path: self.open(Path(path)))
        if document_id is not None:
            self.window.open_document(document_id)
        if old is not None:
            self.window.restoreGeometry(old.saveGeometry())
            old.close()
            old.deleteLater()
        self.window.show()

    def change_language(self, language: str) -> None:
        self.settings.set("language", language)
        i18n.set_language(language)
        self.qt_app.setLayoutDirection(Qt.RightToLeft if i18n.is_rtl() else Qt.LeftToRight)
        current = self.window.editor.document_id if self.window else None
        self._show_window(current)


def create_qt_app(settings: Settings) -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Barchasb")
    app.setOrganizationName("Barchasb")
    i18n.set_language(settings.get("language"))
    app.setLayoutDirection(Qt.RightToLeft if i18n.is_rtl() else Qt.LeftToRight)
    family = load_fonts()
    if family:
        font = app.font()
        font.setFamily(family)
        app.setFont(font)
    apply_theme(app, settings.get("theme") == "dark")
    return app


def run(project: Path, annotator: str | None = None) -> int:
    """Open the window on `project`; returns the process exit code."""
    settings = Settings()
    qt_app = create_qt_app(settings)
    application = Application(qt_app, settings)
    if not application.open(project, annotator):
        return 1
    return qt_app.exec()
