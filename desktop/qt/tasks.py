"""Long work off the GUI thread: a thread running one function with progress.

The function receives a `progress(done, total, name)` callback that returns
False once the user has asked to cancel, and a `cancelled()` check. Work that writes to the project
opens its own connection in the thread (SQLite connections are not shared
across threads here); the window reloads when the task reports success.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop.i18n import tr

Work = Callable[[Callable[[int, int, str], bool], Callable[[], bool]], Any]


class Task(QThread):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)  # the exception

    def __init__(self, work: Work, parent=None) -> None:
        super().__init__(parent)
        self._work = work
        self._cancelled = False

    def run(self) -> None:
        try:
            result = self._work(self._progress, self.is_cancelled)
        except Exception as exc:  # reported to the GUI thread, never raised there
            self.failed.emit(exc)
        else:
            self.succeeded.emit(result)

    def _progress(self, done: int, total: int, name: str = "") -> bool:
        self.progressed.emit(done, total, name)
        return not self._cancelled

    def cancel(self) -> None:
        self._cancelled = True

    def is_cancelled(self) -> bool:
        return self._cancelled


def run_with_progress(
    parent: QWidget, title: str, work: Work, on_success: Callable[[Any], None], on_failure: Callable[[Exception], None]
) -> Task:
    """Run `work` in a thread behind a modal-less progress dialog with Cancel."""
    dialog = QProgressDialog(title, tr("Cancel"), 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setMinimumDuration(300)
    task = Task(work, parent)

    def progressed(done: int, total: int, _name: str) -> None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, max(total, 1)))

    def finish(callback, value) -> None:
        dialog.reset()
        dialog.deleteLater()
        callback(value)

    # Deleted once run() has returned, not when it reports: a QThread deleted while its run() is
    # still unwinding (freeing a model, say) aborts the process.
    task.finished.connect(task.deleteLater)
    task.progressed.connect(progressed)
    task.succeeded.connect(lambda result: finish(on_success, result))
    task.failed.connect(lambda exc: finish(on_failure, exc))
    dialog.canceled.connect(task.cancel)
    task.start()
    return task
