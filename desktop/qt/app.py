"""Starting the window: application, fonts, language, theme, annotator, project.

Heavy modules (the main window, the workspace) are imported only once a
window is on screen, so the first run's startup window shows within a second.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from desktop import i18n
from desktop.core.errors import BarchasbError
from desktop.qt.dialogs import AnnotatorDialog, name_needed
from desktop.qt.fonts import load_fonts, with_fallbacks
from desktop.qt.plain import message
from desktop.qt.qt_translations import install_qt_translations
from desktop.qt.reasons import explain_error
from desktop.qt.theme import apply_theme
from desktop.settings import Settings

if TYPE_CHECKING:  # imported once a window is on screen (see the module docstring)
    from desktop.qt.main_window import MainWindow
    from desktop.qt.startup import FirstRun, StartupWindow
    from desktop.workspace import Workspace

NOTE_MS = 30_000  # how long a note on what was opened (and why) stays in the status bar
NO_NAME = (
    "no annotator name was given, so no project was opened: every label carries its "
    "annotator's name (`barchasb gui --annotator NAME` gives one)"
)


class Application:
    """Owns the open workspace and its window; rebuilds the window on language change."""

    def __init__(self, qt_app: QApplication, settings: Settings) -> None:
        self.qt_app = qt_app
        self.settings = settings
        self.workspace: Workspace | None = None
        self.window: MainWindow | None = None
        self.startup: StartupWindow | None = None  # the first run's progress window, while the sample is built
        self._first_run: FirstRun | None = None  # keeps the first run's worker alive until it reports
        self.declined = False  # the analyst gave no name: nothing was opened

    def start(self, project: Path | str | None, annotator: str | None = None) -> bool:
        """Open `project`; with none, the last project if it is still there, else the
        sample project (built in the background first, behind a progress window)."""
        if project is not None:
            return self.open(project, annotator)
        from desktop.paths import start_project
        from desktop.storage.postgres.url import is_server_url

        last = self.settings.get("last_project")
        if is_server_url(last):  # a server project: no file to look for, the server answers
            return self.open(last, annotator)
        choice = start_project(last)
        note = ""
        if choice.missing_last is not None:
            note = i18n.tr(
                "{file} is no longer there: opened the sample project instead",
                file=i18n.isolate(str(choice.missing_last)),
            )
        if choice.needs_building:
            from desktop.qt.startup import FirstRun

            self._first_run = FirstRun(self, choice.path, note)
            return self._first_run.start(annotator)
        return self.open(choice.path, annotator, note=note)

    def open(self, project: Path | str, annotator: str | None = None, note: str = "") -> bool:
        from desktop.workspace import Workspace

        name = annotator or self.settings.get("annotator") or self.ask_annotator(self.window)
        if not name:
            return False
        _ask_passwords_here(project)
        try:
            workspace = Workspace.open(project, annotator=name)
        except BarchasbError as exc:
            message(self.window or self.startup, i18n.tr("Barchasb"), explain_error(exc))
            return False
        self.settings.set("annotator", name)
        self.settings.remember_project(project)
        old, self.workspace = self.workspace, workspace
        window = self._show_window(workspace)
        if old is not None:  # only now: the old window's close handler backs it up
            old.close()
        if note:
            window.statusBar().showMessage(note, NOTE_MS)
        return True

    def create_project(self, project: Path | str) -> bool:
        """A new project with the default label scheme at `project` (a file or a server URL), then opened."""
        from desktop.workspace import Workspace

        _ask_passwords_here(project)
        try:
            Workspace.create(project).close()
        except BarchasbError as exc:
            message(self.window, i18n.tr("Barchasb"), explain_error(exc))
            return False
        return self.open(project)

    def ask_annotator(self, parent: QWidget | None) -> str:
        """The analyst's name; on Cancel, why it is needed, and again unless they quit."""
        while True:
            dialog = AnnotatorDialog("", parent)
            if dialog.exec() and dialog.name():
                return dialog.name()
            if not name_needed(parent):
                self.declined = True
                return ""

    def _show_window(self, workspace: Workspace, document_id: int | None = None) -> MainWindow:
        from desktop.qt.bridge import WorkspaceBridge
        from desktop.qt.main_window import MainWindow
        from desktop.qt.window_carry import carry_over

        old = self.window
        bridge = WorkspaceBridge(workspace)
        self.window = MainWindow(bridge, self.settings)
        self.window.language_change_requested.connect(self.change_language)
        self.window.project_open_requested.connect(lambda path: self.open(_location(path)))
        self.window.project_new_requested.connect(lambda path: self.create_project(_location(path)))
        if document_id is not None:
            self.window.open_document(document_id)
        if old is not None:
            self.window.restoreGeometry(old.saveGeometry())
            if old.bridge.workspace is workspace:
                carry_over(old, self.window)  # a language switch: go on where the analyst was
            review = old.review_window
            if review is not None and old.bridge.workspace is not workspace:
                review.close()  # it shows the project being closed
            old.close()
            old.deleteLater()
        self.window.show()
        if self.startup is not None:
            self.startup.close()
            self.startup.deleteLater()
            self.startup = None
        return self.window

    def change_language(self, language: str) -> None:
        self.settings.set("language", language)
        i18n.set_language(language)
        install_qt_translations(self.qt_app, language)
        self.qt_app.setLayoutDirection(
            Qt.LayoutDirection.RightToLeft if i18n.is_rtl() else Qt.LayoutDirection.LeftToRight
        )
        current = self.window.editor.document_id if self.window else None
        if self.workspace is not None:  # (a window asks, so one is open)
            self._show_window(self.workspace, current)


def create_qt_app(settings: Settings) -> QApplication:
    running = QApplication.instance()
    app = running if isinstance(running, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("Barchasb")
    app.setOrganizationName("Barchasb")
    i18n.set_language(settings.get("language"))
    install_qt_translations(app, i18n.language())
    app.setLayoutDirection(Qt.LayoutDirection.RightToLeft if i18n.is_rtl() else Qt.LayoutDirection.LeftToRight)
    family = load_fonts()
    if family:
        font = app.font()
        font.setFamily(family)
        app.setFont(with_fallbacks(font))  # emoji in lists, chips and dialogs too
    apply_theme(app, settings.get("theme") == "dark")
    return app


def run(project: Path | str | None, annotator: str | None = None) -> int:
    """Open the window on `project` (None: the last project, else the sample);
    returns the process exit code."""
    settings = Settings()
    qt_app = create_qt_app(settings)
    application = Application(qt_app, settings)
    if not application.start(project, annotator):
        if application.declined:
            raise BarchasbError(NO_NAME)
        return 1
    QTimer.singleShot(0, _collect_from_now_on)  # once the event loop runs: the window is up
    return qt_app.exec()


def _collect_from_now_on() -> None:
    """Garbage collection back on (`barchasb gui` turns it off while it starts), with what
    start-up made frozen: it lives as long as the window (a hundred-odd objects of it were
    garbage), so no collection need walk it again."""
    gc.freeze()
    gc.enable()


def _location(project: str) -> Path | str:
    """A project chosen in the window: a server URL stays text (a Path would fold its "//")."""
    from desktop.storage.postgres.url import is_server_url

    return project if is_server_url(project) else Path(project)


def _ask_passwords_here(project: Path | str) -> None:
    """On a server project, the password the server asks for (and no terminal can give) is asked in a dialog."""
    from desktop.storage.postgres.url import is_server_url

    if is_server_url(project):  # only then: a file project loads no database driver for it
        from desktop.qt.server_dialogs import ask_password
        from desktop.storage.postgres.connect import set_password_prompt

        set_password_prompt(ask_password)
