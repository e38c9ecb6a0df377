"""The exporting process as one of an export's workers (token_workers._in_workers with `local`,
issue 17): a chunk that finds every worker `AHEAD + 1` jobs deep is answered in this process at
once; answers still come in chunk order, and without `local` every chunk goes to a worker."""

from __future__ import annotations

import pytest

from desktop.workspace.export import token_workers

# A worker that takes 50 ms a job and answers its square; this process answers with the
# negative square, so each answer tells where it was made.
SLOW = "import time\nfrom desktop.text.token_batch import serve\nserve(lambda job: (time.sleep(0.05), job * job)[1])"
FAILING = "from desktop.text.token_batch import serve\nserve(lambda job: 1 // 0)"


def answers(local: bool, serve: str = SLOW, count: int = 12) -> list[tuple[list[int], int]]:
    chunks = iter([[i] for i in range(count)])
    here = (lambda job: -job * job) if local else None
    return list(token_workers._in_workers(chunks, lambda chunk: chunk[0], serve, here))


def test_chunks_a_busy_worker_cannot_take_are_answered_here_in_order(monkeypatch):
    monkeypatch.setattr(token_workers.os, "cpu_count", lambda: 2)  # one worker beside this process
    done = answers(local=True)
    assert [chunk for chunk, _ in done] == [[i] for i in range(12)]
    assert [abs(answer) for _, answer in done] == [i * i for i in range(12)]
    here = [chunk[0] for chunk, answer in done if answer < 0]
    worker = [chunk[0] for chunk, answer in done if answer > 0]
    assert here and worker and worker[0] == 1  # chunk 0 (0 either way) went to the worker first
    assert len(worker) >= token_workers.AHEAD  # the worker is kept AHEAD + 1 deep, not starved


def test_this_process_goes_on_while_a_worker_starts(monkeypatch):
    """A worker's first answer takes its start-up and more (here 0.05 s a job): meanwhile this
    process writes every chunk the worker is too deep for, up to LOCAL_AHEAD, without waiting."""
    monkeypatch.setattr(token_workers.os, "cpu_count", lambda: 2)
    done = answers(local=True, count=12)
    assert [chunk[0] for chunk, answer in done if answer <= 0] == [0, *range(token_workers.AHEAD + 1, 12)]


def test_without_local_every_chunk_goes_to_a_worker(monkeypatch):
    monkeypatch.setattr(token_workers.os, "cpu_count", lambda: 2)
    done = answers(local=False, count=6)
    assert [answer for _, answer in done] == [i * i for i in range(6)]


def test_a_worker_failing_still_stops_the_export(monkeypatch):
    monkeypatch.setattr(token_workers.os, "cpu_count", lambda: 2)
    with pytest.raises(RuntimeError, match="an export worker failed"):
        answers(local=True, serve=FAILING, count=8)
