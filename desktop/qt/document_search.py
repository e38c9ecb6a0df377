"""The document list's search in a worker thread, and the search index built behind it.

Typing never waits for a search: the panel debounces the query, `request` hands
it to one worker thread (its own connection to the project file) and returns;
a newer query stops a scan still running, and only the newest result is shown
(`found`): for a common word first its top page of documents, read from the index in
milliseconds, then all of them. A second thread builds the project's search index at open and after
an import, a batch per transaction (desktop/workspace/project/search_index.py);
until it is done a search scans the documents it has not reached, so results
are the same either way. A server project (no index) searches on the window's
thread, as before.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.core.errors import BarchasbError
from desktop.workspace.own_writes import JournalMark
from desktop.workspace.project.search_index import DocumentSearcher, build_search_index
from desktop.workspace.session import Workspace

_STOP = (-1, "")
BUILD_AFTER_MS = 1500  # the build starts after the window has opened, not during its first paint


class _Relay(QObject):
    """Carries a worker's result to the GUI thread (a queued signal: it lives there)."""

    searched = Signal(int, str, object, bool)  # generation, query, ids, whether all of them


class DocumentSearch(QObject):
    """Searches of the open project's documents, off the window's thread."""

    found = Signal(str, object)  # query, set[int] of matching document ids (the newest query's)

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._searcher = DocumentSearcher(workspace)
        self._generation = 0
        self._jobs: queue.Queue[tuple[int, str]] = queue.Queue()
        self._worker: threading.Thread | None = None
        self._builder: threading.Thread | None = None
        self._closing = threading.Event()
        self._known: tuple[str, set[int]] | None = None  # the last result, while no document came in
        self._mark = self._searcher.journal_mark()
        self._following = False  # whether the window's own actions note their marks (a build may commit)
        # The window's look for other writers (ProjectWatch.check), run before a build's first commit.
        self.look_first: Callable[[], object] | None = None
        self._batches = threading.Event()  # set by the build after each commit
        self._relay = _Relay(self)
        self._relay.searched.connect(self._on_searched)
        self._build_soon = QTimer(self, singleShot=True, interval=BUILD_AFTER_MS)
        self._build_soon.timeout.connect(self._start_build)

    def request(self, query: str) -> None:
        """Search for `query`; `found` tells the result unless a newer request comes first."""
        self._generation += 1
        if not self._searcher.threaded:
            self._on_searched(self._generation, query, self._searcher.search(query) or set(), True)
            return
        if self._worker is None:
            self._worker = threading.Thread(target=self._serve, name="document-search", daemon=True)
            self._worker.start()
        self._jobs.put((self._generation, query))

    def known(self, query: str) -> set[int] | None:
        """The result for `query` already found (a change of status filter searches nothing)."""
        return self._known[1] if self._known is not None and self._known[0] == query else None

    def cancel(self) -> None:
        """Forget a search still running (the query was cleared)."""
        self._generation += 1

    def documents_came_in(self) -> None:
        """Documents were imported (here or elsewhere): forget the last result and, a moment
        later (after the window's first paint, at open), bring the index up to date."""
        self._known = None
        self._build_soon.start()

    def own_writes_seen(self, mark: JournalMark) -> None:
        """The window's own import or merge (through another connection) was acknowledged: the
        journal went to `mark` by its writes alone, so a build's commit after them is not news.
        (Not taken from the journal now: another connection's commit since would pass as seen.)"""
        if self._following:  # while a build runs
            self._searcher.take_own_run()
            self._mark = mark

    def note_own_change(self, _changes: object = None) -> None:
        """The window wrote: a later commit is the build's only if the journal has not moved past
        what the window's own actions left. Their marks are read inside their transactions, so a
        change another connection committed before them is not taken as seen (it is news)."""
        if not self._following:
            return
        run = self._searcher.take_own_run()
        if run is not None and run[0] == self._mark:  # nothing from elsewhere came in before them
            self._mark = run[1]

    def only_the_index_changed(self) -> bool:
        """Another connection committed: was it only this window's build (no change to show)?"""
        building = self._builder is not None and self._builder.is_alive()
        self.note_own_change()  # actions announced by no signal count too
        mark, built = self._searcher.journal_mark(), self._batches.is_set() or building
        self._batches.clear()
        same, self._mark = mark == self._mark, mark
        if not building and self._following:  # the build's commits were all looked at: marks cost nothing now
            self._following = False
            self._searcher.follow_own_marks(False)
        return built and same

    def _start_build(self) -> None:
        path = self._searcher.location
        if path is None or self._closing.is_set() or (self._builder is not None and self._builder.is_alive()):
            return
        # The window is up to date with what the look finds: what moved before it is not news. Read
        # before the look, so a commit landing between the two is news at the next look, not seen.
        mark = self._searcher.journal_mark()
        if self.look_first is not None:
            self.look_first()  # another writer's change since the last look is told now, not swallowed
        self._mark = mark
        self._following = True
        self._searcher.follow_own_marks(True)
        self._builder = threading.Thread(target=self._build, args=(path,), name="search-index", daemon=True)
        self._builder.start()

    def close(self) -> None:
        """The window closes: stop both threads (the build ends after its current batch)."""
        self._closing.set()
        self._build_soon.stop()
        self._generation += 1
        self._jobs.put(_STOP)
        for thread in (self._worker, self._builder):
            if thread is not None:
                thread.join(timeout=10)

    def _serve(self) -> None:
        try:
            while (job := self._jobs.get()) != _STOP:
                while not self._jobs.empty():  # typed on meanwhile: only the newest counts
                    job = self._jobs.get()
                    if job == _STOP:
                        return
                generation, query = job
                ids = self._search(generation, query)
                if ids is not None:
                    self._tell(generation, query, ids, True)
        finally:
            self._searcher.close()

    def _search(self, generation: int, query: str) -> set[int] | None:
        try:
            return self._searcher.search(
                query,
                stop=lambda: self._generation != generation,
                first_page=lambda ids: self._tell(generation, query, ids, False),
            )
        except BarchasbError:  # the project went away under the search: nothing to show
            return None

    def _tell(self, generation: int, query: str, ids: set[int], complete: bool) -> None:
        try:
            self._relay.searched.emit(generation, query, ids, complete)
        except RuntimeError:  # the window was deleted meanwhile: nobody to tell
            pass

    def _build(self, path) -> None:
        try:
            build_search_index(path, stop=self._closing.is_set, progress=lambda _: self._batches.set())
        except BarchasbError:  # busy or read-only: searches keep scanning what is not indexed
            pass

    def _on_searched(self, generation: int, query: str, ids: object, complete: bool) -> None:
        if generation == self._generation:
            assert isinstance(ids, set)
            if complete:
                self._known = (query, ids)
            self.found.emit(query, ids)
