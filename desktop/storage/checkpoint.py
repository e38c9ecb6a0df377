"""Folding a large commit's write-ahead log into the project file after the commit, not inside it.

SQLite checkpoints by itself when a commit leaves the log at 1,000 pages or more:
inside that COMMIT it copies every page into the file and fsyncs the file, which was
25 ms of the 0.2 s a 1,000-document doccano import took (docs/performance.md). A
write of many pages (`Repository.large_write`) turns that off for its commit and
has this thread do the same checkpoint through a connection of its own. The commit
is as durable as any (synchronous=FULL: the log is on disk when COMMIT returns); a
checkpoint cut short (the process ends) is finished from the log by the next
connection, as SQLite always does.
"""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing
from pathlib import Path

BUSY_TIMEOUT_S = 5.0


class Checkpointer:
    """One checkpoint in a thread; `wait()` returns once it has run (or failed: the
    next commit or close folds the log in then)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.error: sqlite3.Error | None = None
        self._thread = threading.Thread(target=self._run, name="barchasb-checkpoint", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            with closing(sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S)) as conn:
                conn.execute("PRAGMA synchronous = FULL")
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.Error as exc:  # busy, gone, read-only: nothing is lost, only not folded yet
            self.error = exc

    def wait(self, timeout: float | None = None) -> bool:
        """Whether the checkpoint is over (within `timeout` seconds)."""
        self._thread.join(timeout)
        return not self._thread.is_alive()
