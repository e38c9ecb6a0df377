"""Keeping the window honest about the file: backups while it changes, and a
refresh when another window or a CLI command writes to the same project."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.core.errors import BarchasbError
from desktop.qt.tasks import Task
from desktop.storage.backup import backup_now

POLL_MS = 1500  # how often to look for other writers (a counter SQLite keeps: no I/O)
BACKUP_MS = 5 * 60_000  # how often to consider a rotating backup while the project changes


class ProjectWatch(QObject):
    """Polls the project for commits made by other connections; takes backups."""

    changed_elsewhere = Signal()
    backed_up = Signal(str)

    def __init__(self, workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self._token = workspace.external_change_token()
        self._task: Task | None = None
        self._poll = QTimer(self, interval=POLL_MS)
        self._poll.timeout.connect(self.check)
        self._backup = QTimer(self, interval=BACKUP_MS)
        self._backup.timeout.connect(self.backup)
        self._poll.start()
        self._backup.start()

    def check(self) -> bool:
        """Emit `changed_elsewhere` if someone else committed since the last look."""
        try:
            token = self.workspace.external_change_token()
        except Exception:  # a closed or vanished project: nothing to watch
            return False
        if token == self._token:
            return False
        self._token = token
        self.changed_elsewhere.emit()
        return True

    def acknowledge(self) -> None:
        """This window wrote through another connection (an import or a merge in a
        worker) and has shown the result: that is not a change made elsewhere."""
        try:
            self._token = self.workspace.external_change_token()
        except Exception:  # a closed project: nothing to watch
            pass

    def backup(self, *, wait: bool = False) -> None:
        """Take a rotating backup if one is due: copied in a worker thread (a large
        project takes seconds), or right here when `wait` (on close)."""
        if self._task is not None and self._task.isRunning():
            return
        try:
            due = self.workspace.backup_due()
        except (BarchasbError, OSError):
            return
        if not due:
            return
        path = self.workspace.path
        if wait:
            self._report(lambda: backup_now(path, kind="auto"))
            return
        self._task = Task(lambda _progress, _cancelled: backup_now(path, kind="auto"), self)
        self._task.succeeded.connect(lambda made: self.backed_up.emit(str(made.path)))
        self._task.failed.connect(lambda exc: self.backed_up.emit(str(exc)))
        self._task.start()

    def _report(self, take) -> None:
        try:
            self.backed_up.emit(str(take().path))
        except (BarchasbError, OSError) as exc:
            self.backed_up.emit(str(exc))

    def wait(self) -> None:
        """Let a running backup finish (before the project closes)."""
        if self._task is not None:
            self._task.wait()

    def stop(self) -> None:
        self._poll.stop()
        self._backup.stop()
