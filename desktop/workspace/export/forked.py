"""An export worker forked from the exporting process, not started as a fresh interpreter (issue 17).

A fresh worker (`python -c SERVE`, desktop/workspace/export/token_workers.py) spends ~0.2 s
of CPU on the interpreter and on importing `desktop` and numpy before its first chunk: a
tenth of a 10,000-document CoNLL or hf export. A forked one has them already. It runs the
same SERVE code, with its pipes as its stdin and stdout, so it answers exactly as a fresh
one would (and a test's stand-in SERVE runs there too).

Only where a fork is safe: Linux, the main thread and no other Python thread (a fork copies
the calling thread alone: a lock another thread holds would stay held in the child), neither
Qt nor pyarrow loaded (their own threads). The window exports on a QThread, so it always
starts fresh workers.
The child never returns into the exporting process's code: it leaves by `os._exit`, so
nothing the parent holds (its SQLite connection, its output files, their buffers) is
flushed, closed or finalised by it. Objects inherited are frozen out of its garbage
collector (`gc.freeze`), which would otherwise touch, hence copy, every page of them.
"""

from __future__ import annotations

import gc
import io
import os
import signal
import sys
import threading
import traceback
from typing import IO, NoReturn

_PARENT_ENDS: set[int] = set()  # this process's ends of its workers' pipes: a child closes them
_THREADED = ("pyarrow", "PySide6.QtCore")  # modules with threads of their own, which a fork would not copy


def forkable() -> bool:
    """Whether a worker may be forked from this process now: from its main thread, with no other
    Python thread, no Qt (its own threads are no Python threads: the window's export runs on a
    QThread, which `active_count` does not count) and no pyarrow."""
    return (
        sys.platform.startswith("linux")
        and threading.current_thread() is threading.main_thread()
        and threading.active_count() == 1
        and not any(name in sys.modules for name in _THREADED)
    )


class Forked:
    """A forked worker running `serve` (Python source, what a fresh one runs with -c): the part of
    `subprocess.Popen` an export worker uses (stdin, stdout, poll, kill, wait)."""

    def __init__(self, serve: str) -> None:
        jobs, self_jobs = os.pipe()
        self_answers, answers = os.pipe()
        for stream in (sys.stdout, sys.stderr):  # what the child would otherwise write a second time
            stream.flush()
        gc.freeze()
        try:
            pid = os.fork()
        except BaseException:
            gc.unfreeze()
            for fd in (jobs, self_jobs, self_answers, answers):
                os.close(fd)
            raise
        if pid == 0:
            _child(serve, jobs, answers, [self_jobs, self_answers, *_PARENT_ENDS])
        gc.unfreeze()
        os.close(jobs)
        os.close(answers)
        self.pid = pid
        self.returncode: int | None = None
        self.stdin: IO[bytes] = os.fdopen(self_jobs, "wb")
        self.stdout: IO[bytes] = os.fdopen(self_answers, "rb")
        _PARENT_ENDS.update((self_jobs, self_answers))
        self._ends = (self_jobs, self_answers)

    def poll(self) -> int | None:
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self._ended(status)
        return self.returncode

    def kill(self) -> None:
        if self.returncode is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:  # already gone, not yet waited for
                pass

    def wait(self) -> int:
        if self.returncode is None:
            self._ended(os.waitpid(self.pid, 0)[1])
        assert self.returncode is not None
        return self.returncode

    def _ended(self, status: int) -> None:
        self.returncode = os.waitstatus_to_exitcode(status)
        _PARENT_ENDS.difference_update(self._ends)


def _child(serve: str, jobs: int, answers: int, parent_ends: list[int]) -> NoReturn:
    """The forked worker: `serve` with `jobs` as its stdin and `answers` as its stdout, then out."""
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the exporting process's to handle
        for fd in parent_ends:
            try:
                os.close(fd)  # else a worker would not see the end of its jobs while a sibling lives
            except OSError:
                pass
        os.dup2(jobs, 0)
        os.dup2(answers, 1)
        os.close(jobs)
        os.close(answers)
        sys.stdin = io.TextIOWrapper(io.BufferedReader(io.FileIO(0, "r", closefd=False)))  # not the parent's buffer
        sys.stdout = io.TextIOWrapper(io.BufferedWriter(io.FileIO(1, "w", closefd=False)), line_buffering=True)
        exec(compile(serve, "<export worker>", "exec"), {"__name__": "__main__"})
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 0 if stop.code is None else 1
    except BaseException:  # noqa: BLE001 - said on stderr, as a fresh interpreter would
        traceback.print_exc()
    finally:
        os._exit(code)
