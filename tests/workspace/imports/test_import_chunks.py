"""The runs of files a large import hands its workers: every file once, in order, small at both ends."""

from __future__ import annotations

import queue
import threading
import time

import pytest

from desktop.workspace.imports import workers
from desktop.workspace.imports.workers import CHUNK_BYTES, FIRST_CHUNK_BYTES


def _files(tmp_path, count: int, size: int) -> list[tuple[str, str]]:
    files = []
    for index in range(count):
        path = tmp_path / f"{index:04d}.txt"
        path.write_bytes(b"x" * size)
        files.append((str(path), path.name))
    return files


def test_chunks_keep_every_file_in_order_small_first_and_last(tmp_path):
    files = _files(tmp_path, 400, 8 * 1024)  # 3.2 MB
    chunks = list(workers._chunks(files, 2))
    assert [item for chunk in chunks for item in chunk] == files
    sizes = [8 * 1024 * len(chunk) for chunk in chunks]
    assert sizes[:2] == [FIRST_CHUNK_BYTES, FIRST_CHUNK_BYTES]  # each worker's first files come back soon
    assert max(sizes) == CHUNK_BYTES
    assert sizes[-2] < CHUNK_BYTES and sizes[-1] <= FIRST_CHUNK_BYTES  # the last jobs end together


def test_a_missing_file_still_gets_its_place(tmp_path):
    files = [*_files(tmp_path, 3, 100), (str(tmp_path / "gone.txt"), "gone.txt")]
    assert [item for chunk in workers._chunks(files, 2) for item in chunk] == files


class _FakeWorker:
    """Answers each job with its file names, after `delay` seconds; fails at job `fail_at`."""

    def __init__(self, delay: float, fail_at: int | None = None) -> None:
        self.jobs: queue.SimpleQueue = queue.SimpleQueue()
        self.delay, self.fail_at, self.done = delay, fail_at, 0

    def answer(self) -> list:
        chunk = self.jobs.get()[0]
        time.sleep(self.delay)
        if self.done == self.fail_at:
            raise RuntimeError("an import worker stopped (exit code -9)")
        self.done += 1
        return [name for _, name in chunk]


def _serve_with(monkeypatch, fakes: list[_FakeWorker], chunk_count: int):
    chunks = [[(f"{k}.txt", f"{k}")] for k in range(chunk_count)]
    monkeypatch.setattr(workers, "_send", lambda worker, job: worker.jobs.put(job))
    monkeypatch.setattr(workers, "_receive", lambda worker: worker.answer())
    results = workers._Results(chunks, (True, True, False))
    for reader in results.start(fakes):  # type: ignore[arg-type]
        threading.Thread(target=results.serve, args=reader, daemon=True).start()
    return results


def test_a_free_worker_takes_the_next_chunk_and_results_come_back_in_order(monkeypatch):
    slow, fast = _FakeWorker(0.02), _FakeWorker(0.0)
    results = _serve_with(monkeypatch, [slow, fast], 60)
    assert [results.take(k) for k in range(60)] == [[f"{k}"] for k in range(60)]
    assert fast.done > 2 * slow.done  # handed out as asked for, not chunk k to worker k mod 2


def test_a_worker_that_stops_raises_at_its_first_chunk_in_file_order(monkeypatch):
    results = _serve_with(monkeypatch, [_FakeWorker(0.0, fail_at=4), _FakeWorker(0.001)], 40)
    taken = []
    with pytest.raises(RuntimeError, match="exit code -9"):
        for k in range(40):
            taken.append(results.take(k))
    assert taken == [[f"{k}"] for k in range(len(taken))] and len(taken) >= 4
