"""Statements of an action run on a thread of their own while the caller goes on in Python.

SQLite releases the GIL while a statement runs, so one long statement (many rows in one
INSERT) on this thread and the caller's Python (reading the rest of a file) use both cores;
an import's rows go in while its next records are read. The statements are the caller's,
made (bound values and all) before they are handed over: only SQLite's work is done here.
They run in the order given, on the action's own connection and inside its transaction,
so a failure anywhere still rolls the whole action back. The caller never touches the
connection while statements are pending: `drain()` first (it also raises the first error
a statement met; after one, the others are skipped). Outside a transaction, and on
connections that are not SQLite's, statements run at once on the caller's thread.
"""

from __future__ import annotations

import queue
import sqlite3
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any

# While statements are pending: a statement done waits this long at most for the GIL. The rows thread
# takes the GIL back a few times a statement (woken by its queue, after prepare, after step) while the
# caller runs Python: doccano-1k's ~20 statements, each waiting up to 0.5 ms a time, lagged the read;
# at 0.1 ms the caller's wait for them fell 22.6 -> 18.8 and 28.7 -> 19.2 ms median (issue 17).
SWITCH_INTERVAL_S = 0.0001

MAX_ROWS_A_STATEMENT = 1000  # rows of one multi-row INSERT (fewer hand-offs; the SQL text stays short)

type Statement = Callable[..., Any]


def rows_a_statement(conn: sqlite3.Connection, columns: int) -> int:
    """How many rows of `columns` values one INSERT can bind here (SQLite's variable limit:
    999 before 3.32, 32,766 since), at most MAX_ROWS_A_STATEMENT: each statement's end is
    a hand-off of the GIL between the threads, which a loaded machine makes slow."""
    return max(1, min(MAX_ROWS_A_STATEMENT, conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // columns))


def multi_row_inserts(
    conn: sqlite3.Connection, insert: str, values: str, rows: list[tuple[Any, ...]]
) -> Iterator[tuple[str, list[Any]]]:
    """(sql, parameters) of INSERTs that write `rows` many a statement: `insert` is the
    statement up to VALUES, `values` one row's placeholders, e.g. "(?, ?)"."""
    step = rows_a_statement(conn, values.count("?"))
    for i in range(0, len(rows), step):
        chunk = rows[i : i + step]
        yield f"{insert} {', '.join([values] * len(chunk))}", [value for row in chunk for value in row]


_interval_lock = threading.Lock()
_threads_alive = 0  # Background threads running (the first sets the switch interval, the last gives it back)
_interval_before = 0.0


def _switch_faster() -> None:
    global _threads_alive, _interval_before
    with _interval_lock:
        if _threads_alive == 0:
            _interval_before = sys.getswitchinterval()
            sys.setswitchinterval(min(_interval_before, SWITCH_INTERVAL_S))
        _threads_alive += 1


def _switch_as_before() -> None:
    global _threads_alive
    with _interval_lock:
        _threads_alive -= 1
        if _threads_alive == 0:
            sys.setswitchinterval(_interval_before)


class Background:
    """Statements run in order, on a thread (SQLite, inside a transaction) or at once."""

    def __init__(self, conn: object) -> None:
        threaded = isinstance(conn, sqlite3.Connection) and conn.in_transaction
        self.error: BaseException | None = None
        self._pending = 0
        self._done = threading.Condition()
        self._jobs: queue.SimpleQueue[tuple[Statement, tuple[Any, ...]] | None] = queue.SimpleQueue()
        self._stop = False
        self._thread: threading.Thread | None = None
        if threaded:
            _switch_faster()
            self._thread = threading.Thread(target=self._run, name="barchasb-rows", daemon=True)
            self._thread.start()

    @property
    def threaded(self) -> bool:
        """Statements run on the thread (else at once, on the caller's)."""
        return self._thread is not None

    def submit(self, statement: Statement, *args: Any) -> None:
        """Run `statement(*args)` after the ones submitted before (at once when not threaded)."""
        if self._thread is None:
            statement(*args)
            return
        with self._done:
            self._pending += 1
        self._jobs.put((statement, args))

    def drain(self) -> None:
        """Wait until every statement submitted has run; raise the first error one met."""
        if self._thread is not None:
            with self._done:
                self._done.wait_for(lambda: self._pending == 0)
        if self.error is not None:
            raise self.error

    def close(self) -> None:
        """Skip what has not started, wait for what has, end the thread (no error raised)."""
        if self._thread is None:
            return
        self._stop = True
        self._jobs.put(None)
        self._thread.join()
        self._thread = None
        _switch_as_before()

    def _run(self) -> None:
        while (job := self._jobs.get()) is not None:
            statement, args = job
            try:
                if self.error is None and not self._stop:
                    statement(*args)
            except BaseException as exc:  # handed to the caller by drain()
                self.error = exc
            finally:
                with self._done:
                    self._pending -= 1
                    self._done.notify_all()
