"""First run: a small window with progress while the sample project is built.

Building the sample takes seconds (hazm loads, five documents are normalised),
so it runs in a worker thread and this window is on screen at once; the name
prompt can be answered meanwhile. Only light modules are imported here, so
the window shows before the main window's code has even loaded.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressBar, QVBoxLayout, QWidget

from desktop.i18n import is_rtl, number, tr
from desktop.qt.plain import label, message
from desktop.qt.tasks import Task

if TYPE_CHECKING:
    from desktop.workspace.imports.plain import Progress


class StartupWindow(QWidget):
    """ "Preparing the sample project…" with a progress bar, busy until counts arrive."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startup_window")
        self.setWindowTitle(tr("Barchasb"))
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft if is_rtl() else Qt.LayoutDirection.LeftToRight)
        title = label(tr("Barchasb"), self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        title.setFont(font)
        self.status = label(tr("Preparing the sample project…"), self)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)  # busy: loading the Persian text tools comes first
        self.bar.setTextVisible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.status)
        layout.addWidget(self.bar)
        self.resize(440, 150)

    def show_progress(self, done: int, total: int, _name: str = "") -> None:
        if done <= 0 or total <= 0:
            return  # nothing counted yet: stay busy rather than show a bar frozen at nought
        self.bar.setRange(0, total)
        self.bar.setValue(min(done, total))
        self.status.setText(
            tr(
                "Preparing the sample project: document {done} of {total}",
                done=number(min(done, total)),
                total=number(total),
            )
        )


class FirstRun:
    """Shows the startup window at once, builds the sample project in a thread,
    asks the analyst's name meanwhile, and opens the project once both are in."""

    def __init__(self, application, path: Path, note: str = "") -> None:
        self.application = application
        self.path = path
        self.note = note  # for the status bar once the project is open
        self.name = ""
        self.built: Path | None = None
        self.error = ""
        self.task: Task | None = None

    def start(self, annotator: str | None) -> bool:
        """False when nothing will open (no name given, or the build already failed)."""
        app = self.application
        app.startup = window = StartupWindow()
        window.show()
        app.qt_app.processEvents()  # on screen before anything slow starts
        self.task = Task(lambda progress, _cancelled: _build_sample(self.path, progress))
        self.task.progressed.connect(window.show_progress)
        self.task.succeeded.connect(self._on_built)
        self.task.failed.connect(self._on_failed)
        app.qt_app.aboutToQuit.connect(self.task.wait)  # never end the process under the thread
        self.task.start()
        name = annotator or app.settings.get("annotator") or app.ask_annotator(window)
        if not name:
            window.hide()
            self.task.wait()  # the sample finishes quietly: it is ready next time
            window.close()
            return False
        self.name = name
        if not (self.built or self.error):
            return True  # the thread reports later, while the event loop runs
        opened = self._finish()
        if not opened:
            window.close()
        return opened

    def _on_built(self, path: Path) -> None:
        self.built = path
        self._finish_later()

    def _on_failed(self, exc: Exception) -> None:
        self.error = str(exc)
        self._finish_later()

    def _finish_later(self) -> None:
        """The thread is done; with the name known (else `start` finishes), open."""
        app = self.application
        if self.name and not self._finish():
            app.qt_app.exit(1)  # before the last window closes, which would quit with 0
            app.startup.close()

    def _finish(self) -> bool:
        app = self.application
        if self.error:
            message(
                app.startup, tr("Barchasb"), tr("The sample project could not be prepared: {reason}", reason=self.error)
            )
            return False
        return app.open(self.built, self.name, note=self.note)


def _build_sample(path: Path, progress: Progress) -> Path:
    """In the worker: even the workspace's modules load there, while the window stays live."""
    from desktop.workspace.project.sample import ensure_sample_project

    return ensure_sample_project(path, progress)
