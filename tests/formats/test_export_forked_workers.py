"""A large export's workers forked from the exporting process (desktop/workspace/export/forked.py,
issue 17): no fresh interpreter where a fork is safe, the same bytes, the same SERVE code run, its
exit code said; a fresh interpreter when another thread runs; nothing of the parent's flushed twice."""

from __future__ import annotations

import subprocess
import sys
import threading
import types

import pytest

from desktop.formats.align import Policy
from desktop.workspace.export import forked, token_workers
from desktop.workspace.export.project import ExportOptions, export_project

# Answers whether the worker has pytest loaded: a forked one has, a fresh interpreter has not.
WHERE = "import sys\nfrom desktop.text.token_batch import serve\nserve(lambda job: (job, 'pytest' in sys.modules))"


def no_fresh_interpreter(*args: object, **kwargs: object) -> None:
    raise AssertionError("a fresh interpreter was started")


@pytest.fixture
def like_the_cli(monkeypatch, threads_of_this_test):
    """This process as the command line's: no thread but this one (of this test's), and neither
    pyarrow nor Qt counted (earlier tests' and pytest-qt's: no worker here uses them)."""
    from desktop.formats import token_json

    monkeypatch.setattr(forked, "_THREADED", ())
    monkeypatch.setattr(token_json, "available", lambda: False)  # hf's lines by the code point gather


@pytest.mark.parametrize("fmt", ["conll", "hf"])
def test_a_large_export_forks_its_workers_and_writes_the_same_bytes(
    annotated, tmp_path, monkeypatch, like_the_cli, fmt
):
    options = ExportOptions(fmt, overlapping=Policy.SKIP, misaligned=Policy.EXPAND)
    alone = export_project(annotated, options, tmp_path / "alone" / "out")
    monkeypatch.setattr(token_workers, "MIN_CHARS", 0)
    monkeypatch.setattr(token_workers, "CHUNK_CHARS", 300)  # several jobs per worker
    monkeypatch.setattr(token_workers.os, "cpu_count", lambda: 4)  # three siblings: each closes the others' pipes
    monkeypatch.setattr(token_workers.subprocess, "Popen", no_fresh_interpreter)
    pooled = export_project(annotated, options, tmp_path / "pooled" / "out")
    assert (tmp_path / "pooled" / "out").read_bytes() == (tmp_path / "alone" / "out").read_bytes() != b""
    assert (pooled.records, pooled.spans, pooled.problems) == (alone.records, alone.spans, alone.problems)
    assert threading.active_count() == 1  # every worker's threads joined


def answers(serve: str, count: int = 6) -> list[object]:
    chunks = iter([[i] for i in range(count)])
    return [answer for _, answer in token_workers._in_workers(chunks, lambda chunk: chunk[0], serve)]  # type: ignore[type-var]


def test_a_forked_worker_runs_the_serve_code(monkeypatch, like_the_cli):
    monkeypatch.setattr(token_workers.os, "cpu_count", lambda: 3)
    monkeypatch.setattr(token_workers.subprocess, "Popen", no_fresh_interpreter)
    assert answers(WHERE) == [(i, True) for i in range(6)]


def test_with_another_thread_running_the_workers_are_fresh_interpreters(monkeypatch, like_the_cli):
    monkeypatch.setattr(token_workers.os, "cpu_count", lambda: 2)
    done = threading.Event()
    other = threading.Thread(target=done.wait)
    other.start()
    try:
        assert not forked.forkable()
        assert answers(WHERE) == [(i, False) for i in range(6)]
    finally:
        done.set()
        other.join()


def test_with_pyarrow_or_qt_loaded_the_workers_are_fresh_interpreters(monkeypatch, like_the_cli):
    assert forked.forkable()
    monkeypatch.setattr(forked, "_THREADED", ("pyarrow", "PySide6.QtCore"))
    assert "PySide6.QtCore" in sys.modules and not forked.forkable()  # pytest-qt's
    monkeypatch.setattr(forked, "_THREADED", ("pyarrow",))
    monkeypatch.setitem(sys.modules, "pyarrow", sys.modules.get("pyarrow", types.ModuleType("pyarrow")))
    assert not forked.forkable()


def test_off_the_main_thread_the_workers_are_fresh_interpreters(monkeypatch, like_the_cli):
    """(The window's export runs on a QThread: a thread `threading` may not even count.)"""
    monkeypatch.setattr(threading, "active_count", lambda: 1)  # as from a thread threading does not know
    found: list[bool] = []
    other = threading.Thread(target=lambda: found.append(forked.forkable()))
    other.start()
    other.join()
    assert found == [False]


def test_a_forked_worker_that_exits_says_its_exit_code(monkeypatch, like_the_cli):
    monkeypatch.setattr(token_workers.subprocess, "Popen", no_fresh_interpreter)
    with pytest.raises(RuntimeError, match="exit code 5"):
        answers("import sys; sys.exit(5)")
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):
        answers("from desktop.text.token_batch import serve\nserve(lambda job: 1 // 0)")


def test_a_forked_worker_writes_nothing_this_process_had_not_flushed(tmp_path, like_the_cli):
    """The child leaves by os._exit: a buffer of this process's, unflushed when it forked, is
    written once, by this process."""
    path = tmp_path / "out.txt"
    with open(path, "wb") as out:
        out.write(b"written once\n")  # buffered: not flushed before the fork
        process = forked.Forked("pass")
        assert process.wait() == 0
    assert path.read_bytes() == b"written once\n"
    process.stdin.close()
    process.stdout.close()


def test_a_fresh_interpreter_is_what_runs_without_fork(monkeypatch):
    """(The other path, still used by the window: its export runs on a thread of its own.)"""
    monkeypatch.setattr(token_workers, "forkable", lambda: False)
    started: list[object] = []
    real = subprocess.Popen

    def popen(*args: object, **kwargs: object) -> subprocess.Popen[bytes]:
        started.append(args)
        return real(*args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(token_workers.subprocess, "Popen", popen)
    assert answers(WHERE, count=3) == [(i, False) for i in range(3)]
    assert len(started) >= 1


def test_a_job_that_cannot_be_sent_is_said_when_its_worker_stops(monkeypatch, like_the_cli):
    """The feeder cut short (here a job pickle cannot write): the worker reads the end of its jobs
    and stops, and the export says why, not only the worker's exit code."""
    monkeypatch.setattr(token_workers.os, "cpu_count", lambda: 2)
    chunks = iter([[i] for i in range(4)])
    with pytest.raises(RuntimeError, match="exit code 0.*could not be sent.*local object"):
        list(token_workers._in_workers(chunks, lambda chunk: lambda: chunk, WHERE))  # type: ignore[type-var]


def test_the_last_chunk_is_answered_here_when_its_worker_holds_others(monkeypatch):
    """This process would only wait for the worker's jobs after the last chunk: it answers that one
    itself (the negative square). A lone chunk still goes to a worker (whose failure is said)."""
    from tests.workspace.test_export_local_share import SLOW

    monkeypatch.setattr(token_workers.os, "cpu_count", lambda: 2)
    chunks = iter([[1], [2], [3]])
    done = list(token_workers._in_workers(chunks, lambda chunk: chunk[0], SLOW, lambda job: -job * job))  # type: ignore[type-var]
    assert done == [([1], 1), ([2], 4), ([3], -9)]
    lone = list(token_workers._in_workers(iter([[5]]), lambda chunk: chunk[0], SLOW, lambda job: -job * job))  # type: ignore[type-var]
    assert lone == [([5], 25)]
