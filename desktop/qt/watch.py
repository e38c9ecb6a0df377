"""Keeping the window honest about the project: backups while it changes, and a
refresh when another window, a CLI command or (on a server) another person writes to it.

A server project also tells at once: the window waits on its LISTEN socket and
looks the moment someone commits. While the server cannot be reached the watch
says so (`connection_changed`), looks again less and less often, and the first
look after it is back refreshes the window (what was said meanwhile was lost).
A server's looks run in a worker thread, so a connect timeout or a silent
network never freezes the window; actions meanwhile fail at once, saying so.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal

from desktop.core.errors import BarchasbError, ProjectError
from desktop.qt.tasks import Task
from desktop.workspace.own_writes import JournalMark, OwnWrites, only_own_writes

POLL_MS = 1500  # how often to look for other writers (a counter SQLite keeps: no I/O)
OFFLINE_MS = (500, 15_000)  # looks for a server that went away: first after, then at most every
BACKUP_MS = 5 * 60_000  # how often to consider a rotating backup while the project changes


class ProjectWatch(QObject):
    """Polls the project for commits made by other connections; takes backups."""

    changed_elsewhere = Signal()
    backed_up = Signal(str)
    connection_changed = Signal(bool)  # False: the server cannot be reached; True: it is back

    def __init__(self, workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self._token = workspace.external_change_token()
        self.online = True
        self._notifier: QSocketNotifier | None = None
        self._server = workspace.listen_fd() is not None  # a server project: its looks run in a worker
        self._look: Task | None = None
        self._stopped = False
        # Whether a commit seen was only derived data this window itself writes in a worker.
        self.only_derived: Callable[[], bool] | None = None
        self._listen()
        self._task: Task | None = None
        self._poll = QTimer(self, interval=POLL_MS)
        self._poll.timeout.connect(self.check)
        self._backup = QTimer(self, interval=BACKUP_MS)
        self._backup.timeout.connect(self.backup)
        self._poll.start()
        self._backup.start()

    def check(self) -> bool:
        """Emit `changed_elsewhere` if someone else committed since the last look. On a server the
        look runs in a worker (it may wait on the network: a connect timeout, a silent link) and
        its answer comes later; False then."""
        self._unlisten()  # the look may close the socket (a lost server): never wait on a closed one
        if self._server:
            if self._look is None or not self._look.isRunning():
                self._look = Task(lambda _progress, _cancelled: self.workspace.external_change_token(), self)
                self._look.succeeded.connect(self._on_looked)
                self._look.failed.connect(self._on_look_failed)
                self._look.start()
            return False
        try:
            token = self.workspace.external_change_token()
        except Exception:  # a closed or vanished project: nothing to watch
            return False
        return self._on_looked(token)

    def _on_looked(self, token: int) -> bool:
        if self._stopped:  # a look that ended after the window closed
            return False
        self._set_online(True)
        self._listen()
        if token == self._token:
            return False
        self._token = token
        if self.only_derived is not None and self.only_derived():  # e.g. the search index's build
            return False
        self.changed_elsewhere.emit()
        return True

    def _on_look_failed(self, exc: Exception) -> None:
        if isinstance(exc, ProjectError) and not self._stopped:  # the server is away: say so, look again later
            self._set_online(False)

    def _set_online(self, online: bool) -> None:
        if online:
            self._poll.setInterval(POLL_MS)
        else:  # back off: a server being restarted is not asked many times a second
            wait = self._poll.interval() * 2 if not self.online else OFFLINE_MS[0]
            self._poll.setInterval(min(wait, OFFLINE_MS[1]))
        if online != self.online:
            self.online = online
            self.connection_changed.emit(online)

    def _listen(self) -> None:
        """Wait on the server's LISTEN socket, if there is one (a file has none)."""
        try:
            fd = self.workspace.listen_fd()
        except Exception:  # a closed project
            fd = None
        if fd is None:
            return
        self._notifier = QSocketNotifier(fd, QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self.check)

    def _unlisten(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None

    def mark_seen(self) -> JournalMark:
        """Before this window writes through another connection (an import or a merge in a worker):
        the journal mark it has seen, for `acknowledge`. Read before a look, so a commit landing
        between the two is told by the look and is news again after the writes, never taken as seen."""
        try:
            mark = self.workspace.journal_mark()
        except Exception:  # a closed project: nothing to watch
            return ()
        self.check()
        return mark

    def acknowledge(self, seen: JournalMark, writes: OwnWrites) -> JournalMark | None:
        """This window wrote through another connection and will show the result: those commits
        are not changes made elsewhere, and nothing else is taken as seen. The token is taken only
        if the journal went from `seen` to where the writes' unbroken run of actions left it (marks
        read inside their write locks; the mark read after the token, so a commit in between is
        news at the next look); that mark is returned, else None (the next look refreshes). A
        server project has no marks: nothing is taken, its next look refreshes (taking the token
        there swallowed anyone else's commit heard with the worker's)."""
        if writes.run is None:  # nothing written, or a server
            return None
        try:
            token = self.workspace.external_change_token()
            if only_own_writes(self.workspace, seen, writes):
                self._token = token
                return writes.run[1]
        except Exception:  # a closed project: the next look tells what came in, if any
            pass
        return None

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
        from desktop.storage.backup import backup_now  # (not at start-up: the check comes after the first paint)

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
        """Let a running backup and a look finish (before the project closes)."""
        for task in (self._task, self._look):
            if task is not None:
                task.wait()

    def stop(self) -> None:
        self._stopped = True
        self._unlisten()
        self._poll.stop()
        self._backup.stop()
