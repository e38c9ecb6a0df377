"""A large export's worker kept fed (token_workers._Pool, _Worker; issue 17): its depth counts the
jobs it has not answered, not the answers this process has not taken yet; its pipes hold a whole
job (~0.5 MB) where the system lets them, and a job goes to it in one write, so the feeder thread
does not wait for the GIL after every 64 KB while the exporting thread writes a chunk of its own."""

from __future__ import annotations

import pickle
import sys
import time
from collections.abc import Callable

import pytest

from desktop.workspace.export import forked, token_workers

# Answers an int job with itself, any other with its length; this process answers with the negative.
ECHO = "from desktop.text.token_batch import serve\nserve(lambda job: job if isinstance(job, int) else len(job))"

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pipe capacity is Linux's fcntl")


def wait_for(condition: Callable[[], bool], seconds: float = 30.0) -> None:
    end = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < end, "the worker did not answer"
        time.sleep(0.01)


@pytest.fixture(params=["forked", "fresh"])
def kind(request, monkeypatch, threads_of_this_test):
    if request.param == "forked":
        monkeypatch.setattr(forked, "_THREADED", ())  # earlier tests' pyarrow: this worker runs no pyarrow
        assert forked.forkable()
    else:
        monkeypatch.setattr(token_workers, "forkable", lambda: False)
    return request.param


def test_a_worker_whose_answers_came_gets_the_next_chunks(kind):
    """Every job the worker holds is answered but none taken: it is idle, so the next chunk and the
    last go to it, not to this process (before: its AHEAD + 1 untaken answers counted as depth)."""
    pool: token_workers._Pool[int] = token_workers._Pool(ECHO, 1, lambda job: -job)
    try:
        deep = token_workers.AHEAD + 1
        for job in range(1, deep + 1):
            pool.add([job], job)
        worker = pool.workers[0]
        assert isinstance(worker.process, forked.Forked) == (kind == "forked")
        wait_for(lambda: worker.answers.qsize() == deep)
        assert worker.held == deep  # none taken
        pool.add([deep + 1], deep + 1)
        assert pool.pending[-1][0] is worker  # sent (before: answered here)
        wait_for(lambda: worker.answers.qsize() == deep + 1)
        pool.add([deep + 2], deep + 2, last=True)
        assert pool.pending[-1][0] is worker
        done = list(pool.drain())
        assert [(chunk, answer) for chunk, answer, _ in done] == [([job], job) for job in range(1, deep + 3)]
        assert all(made is worker for _, _, made in done)
    finally:
        pool.stop()


def test_a_worker_still_deep_leaves_the_next_chunk_here(kind):
    """The other side: AHEAD + 1 jobs not answered yet (the worker blocked on its first), so the next
    chunk is answered in this process, and the last too."""
    slow = "import time\nfrom desktop.text.token_batch import serve\nserve(lambda job: (time.sleep(0.5), job)[1])"
    pool: token_workers._Pool[int] = token_workers._Pool(slow, 1, lambda job: -job)
    try:
        deep = token_workers.AHEAD + 1
        for job in range(1, deep + 1):
            pool.add([job], job)
        pool.add([deep + 1], deep + 1)
        pool.add([deep + 2], deep + 2, last=True)
        assert [answer for _, answer, _ in pool.drain()] == [*range(1, deep + 1), -(deep + 1), -(deep + 2)]
    finally:
        pool.stop()


@linux
def test_a_workers_pipes_hold_a_whole_job(kind):
    import fcntl

    worker = token_workers._Worker(ECHO)
    try:
        for stream in (worker.process.stdin, worker.process.stdout):
            assert stream is not None
            assert fcntl.fcntl(stream.fileno(), fcntl.F_GETPIPE_SZ) >= token_workers.PIPE_BYTES >= 1 << 20
    finally:
        worker.stop()


class Writes:
    """A worker's stdin that notes the size of every write."""

    def __init__(self, stream) -> None:
        self.stream, self.sizes = stream, []

    def write(self, data) -> int:
        self.sizes.append(len(data))
        return self.stream.write(data)

    def __getattr__(self, name: str):
        return getattr(self.stream, name)


def test_a_job_goes_to_the_worker_in_one_write(kind):
    """A 2 MB job (more than a widened pipe holds) in one write of its whole pickle, not a
    write a 64 KB frame (before: 31 writes a job)."""
    job = ["ن" * 2000 + str(i) for i in range(500)]
    worker = token_workers._Worker(ECHO)
    try:
        writes = Writes(worker.process.stdin)
        worker.process.stdin = writes  # type: ignore[assignment]  # read by the feeder at the first job
        for _ in range(2):
            worker.send(job)
        assert [worker.receive(), worker.receive()] == [500, 500]
        assert writes.sizes == [len(pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL))] * 2
    finally:
        worker.stop()


# placed.serve with its keeper replaced by one answering whether the cyclic collector runs.
COLLECTOR = (
    "import gc\nfrom desktop.workspace.export import placed\n"
    "placed._Keeper = lambda: (lambda job: gc.isenabled())\nplaced.serve()"
)


def test_a_written_jobs_worker_runs_without_the_cyclic_collector(kind):
    """The workers of jsonl --tokens, hf and CoNLL (placed.serve) collect no cycles: their jobs
    leave none, and the collections cost a worker ~2-3 % of its CPU (before: enabled)."""
    assert gc_enabled()
    worker = token_workers._Worker(COLLECTOR)
    try:
        worker.send(1)
        assert worker.receive() is False
    finally:
        worker.stop()
    assert gc_enabled()  # this process's is left alone


def gc_enabled() -> bool:
    import gc

    return gc.isenabled()
