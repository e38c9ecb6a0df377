"""Building the document search index, off the window's thread and resumably.

`build_search_index` opens its own connection to the project file and indexes
the documents above the index's mark a batch at a time (each batch its own
transaction, WAL and `synchronous=FULL` as every connection), until none is left
or `stop()` says so; run again, it goes on where it stopped. A window runs it in
a worker thread at open and after imports (desktop/qt/document_search.py); until it
is done, a search scans the documents it has not reached.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop.storage.base import JournalMark
from desktop.storage.contract import ProjectStore
from desktop.storage.locate import open_store
from desktop.storage.search_index import follow_own_marks, index_location, journal_mark, open_search_index, take_own_run
from desktop.workspace.project.search import matching_documents
from desktop.workspace.session import Workspace

BATCH = 100  # ~300 KB of text: a write lock of a few tens of ms, so the window's own writes barely wait


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What one run of the build did."""

    indexed: int  # documents added by this run
    pending: int  # documents still outside the index when it stopped
    cpu_s: float  # this thread's CPU time


def build_search_index(
    path: Path,
    *,
    batch: int = BATCH,
    stop: Callable[[], bool] = lambda: False,
    progress: Callable[[int], None] | None = None,
) -> BuildReport:
    """Index `path`'s documents not indexed yet, `batch` per transaction, until done or `stop()`."""
    started = time.thread_time()
    index = open_search_index(path)
    try:
        indexed = 0
        while not stop():
            added = index.index_next(batch)
            if added == 0 and index.pending() == 0:
                break
            indexed += added
            if progress is not None:
                progress(indexed)
        return BuildReport(indexed, index.pending(), round(time.thread_time() - started, 3))
    finally:
        index.close()


class DocumentSearcher:
    """The document list's searches, run by one worker thread on a connection of its own
    where the project is a file (`threaded`); a server project's run where asked, on the
    workspace's own connection."""

    def __init__(self, workspace: Workspace) -> None:
        self._shared: ProjectStore = workspace.repo
        self.location = index_location(workspace.repo)
        self._own: ProjectStore | None = None

    def journal_mark(self) -> JournalMark:
        """Read on the window's connection: unchanged over commits that only built the index."""
        return journal_mark(self._shared)

    def follow_own_marks(self, on: bool) -> None:
        """Have the window's own actions note the marks they found and left (while a build runs)."""
        follow_own_marks(self._shared, on)

    def take_own_run(self) -> tuple[JournalMark, JournalMark] | None:
        """(first, last) mark of the window's own actions since the last take, with no other
        connection's commit between them (read inside their transactions), or None."""
        return take_own_run(self._shared)

    @property
    def threaded(self) -> bool:
        return self.location is not None

    def search(
        self,
        query: str,
        stop: Callable[[], bool] = lambda: False,
        first_page: Callable[[set[int]], None] | None = None,
    ) -> set[int] | None:
        """Ids of the documents matching `query` (see `matching_documents`); None if stopped."""
        if self.location is None:
            return matching_documents(self._shared, query, stop)
        if self._own is None:  # made in the thread that searches
            self._own = open_store(self.location)
        return matching_documents(self._own, query, stop, first_page)

    def close(self) -> None:
        if self._own is not None:
            self._own.close()
            self._own = None
