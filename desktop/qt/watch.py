"""Keeping the window honest about the file: backups while it changes, and a
refresh when another window or a CLI command writes to the same project."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.core.errors import BarchasbError
from desktop.storage.backup import maybe_backup

POLL_MS = 1500           # how often to look for other writers (PRAGMA data_version: no I/O)
BACKUP_MS = 5 * 60_000   # how often to consider a rotating backup while the project changes


class ProjectWatch(QObject):
    """Polls the project for commits made by other connections; takes backups."""

    changed_elsewhere = Signal()
    backed_up = Signal(str)

    def __init__(self, workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self._token = workspace.repo.external_change_token()
        self._poll = QTimer(self, interval=POLL_MS)
        self._poll.timeout.connect(self.check)
        self._backup = QTimer(self, interval=BACKUP_MS)
        self._backup.timeout.connect(self.backup)
        self._poll.start()
        self._backup.start()

    def check(self) -> bool:
        """Emit `changed_elsewhere` if someone else committed since the last look."""
        try:
            token = self.workspace.repo.external_change_token()
        except Exception:  # a closed or vanished project: nothing to watch
            return False
        if token == self._token:
            return False
        self._token = token
        self.changed_elsewhere.emit()
        return True

    def backup(self) -> None:
        try:
            made = maybe_backup(self.workspace.repo)
        except (BarchasbError, OSError) as exc:
            self.backed_up.emit(str(exc))
            return
        if made is not None:
            self.backed_up.emit(str(made.path))

    def stop(self) -> None:
        self._poll.stop()
        self._backup.stop()
