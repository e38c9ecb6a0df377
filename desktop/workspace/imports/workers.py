"""Worker processes for a large Persian import: each prepares runs of files.

A worker is a fresh interpreter running `serve()`: it reads jobs (a chunk of
files) pickled on its stdin and writes each chunk's outcomes, pickled, on its
stdout, in order. The first rounds of chunks go round the workers; after that a worker gets
the next chunk nobody has as soon as it sends one back, so a worker that gets less of
a core (the parent's storing, another program) never holds the others up. Chunks come
back in file order while the workers run ahead. Not multiprocessing: its spawn and forkserver
start methods run the caller's main script again in every worker (an
unguarded script then imports itself until it fails), and forking the window,
whose threads may hold locks, is unsafe.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading
import traceback
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from desktop.paths import cache_dir
from desktop.text.hazm_bridge import NOT_NEEDED, load_hazm
from desktop.text.hazm_tables import use_cache_folder

CHUNK_BYTES = 256 * 1024  # a job: about 0.2 s of hazm
FIRST_CHUNK_BYTES = 32 * 1024  # each worker's first job, and the smallest at the end
AHEAD = 2  # jobs queued per worker beyond the one it is on
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])
_SERVE = "from desktop.workspace.imports.workers import serve; serve()"

Files = list[tuple[str, str]]


def prepared_in_workers(
    files: Files, count: int, persian: bool, reflow: bool, unify: bool = False
) -> Iterator[tuple[str, Any]]:
    """(path, outcome) for every file, in order, prepared by `count` workers.

    The workers start first: the chunks are cut (a `stat` per file) while they load hazm.
    A thread per worker reads its results as they come and hands it its next job: a result is
    larger than a pipe holds, so a worker whose results waited for the parent (storing a batch)
    would stop working until then.
    """
    workers = [_start() for _ in range(max(1, min(count, len(files))))]
    try:
        chunks = list(_chunks(files, len(workers)))
        while len(workers) > max(1, len(chunks)):
            _stop(workers.pop())  # fewer chunks than workers (a forced count on a few files)
        results = _Results(chunks, (persian, reflow, unify))
        for reader in results.start(workers):
            threading.Thread(target=results.serve, args=reader, name="import-worker-reader", daemon=True).start()
        for k, chunk in enumerate(chunks):
            yield from zip((path for path, _ in chunk), results.take(k))
    finally:
        for worker in workers:
            _stop(worker)


class _Results:
    """Jobs handed out and outcomes gathered across the reader threads; `take` gives chunk k's."""

    def __init__(self, chunks: list[Files], options: tuple) -> None:
        self._chunks, self._options = chunks, options
        self._next = 0  # the first chunk not yet sent
        self._done: dict[int, list | Exception] = {}
        self._ready = threading.Condition()

    def start(self, workers: list[subprocess.Popen]) -> list[tuple[subprocess.Popen, deque[int]]]:
        """Send the first `AHEAD + 1` rounds, one chunk each in turn (chunk k to worker k mod n,
        so the first chunks come back first); each worker with the chunks it holds, in order."""
        sent: list[deque[int]] = [deque() for _ in workers]
        for _ in range(AHEAD + 1):
            for worker, held in zip(workers, sent):
                self._send_next(worker, held)
        return list(zip(workers, sent))

    def serve(self, worker: subprocess.Popen, held: deque[int]) -> None:
        """A reader thread: each result in, the next chunk nobody has out, until none is left."""
        try:
            while held:
                outcomes = _receive(worker)
                self._send_next(worker, held)  # before storing: the worker goes on at once
                self._put(held.popleft(), outcomes)
        except Exception as exc:  # noqa: BLE001  # raised in the importing thread, in file order
            failure = exc if isinstance(exc, RuntimeError) else RuntimeError(f"an import worker stopped: {exc}")
            for k in held:
                self._put(k, failure)

    def take(self, k: int) -> list:
        """Chunk k's outcomes, once they are back (or the error that stopped its worker)."""
        with self._ready:
            self._ready.wait_for(lambda: k in self._done)
            outcomes = self._done.pop(k)
        if isinstance(outcomes, Exception):
            raise outcomes
        return outcomes

    def _send_next(self, worker: subprocess.Popen, held: deque[int]) -> None:
        with self._ready:
            k = self._next
            if k >= len(self._chunks):
                return
            self._next += 1
            held.append(k)
        _send(worker, (self._chunks[k], *self._options))

    def _put(self, k: int, outcomes: list | Exception) -> None:
        with self._ready:
            self._done[k] = outcomes
            self._ready.notify_all()


def _chunks(files: Files, count: int = 1) -> Iterator[Files]:
    """Runs of consecutive files: ~`CHUNK_BYTES`, smaller at both ends (each worker's first
    files come back sooner, and the last jobs end together instead of one worker finishing alone)."""
    sizes = [file_size(path) for path, _ in files]
    remaining = sum(sizes)
    chunk: Files = []
    size, made = 0, 0
    for item, item_size in zip(files, sizes):
        chunk.append(item)
        size += item_size
        first = made < count  # each worker's first job: small, so storing starts early
        limit = FIRST_CHUNK_BYTES if first else min(CHUNK_BYTES, max(FIRST_CHUNK_BYTES, remaining // (2 * count)))
        if size >= limit:
            yield chunk
            remaining -= size
            chunk, size, made = [], 0, made + 1
    if chunk:
        yield chunk


def file_size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0  # unreadable: the worker reports why


def _start() -> subprocess.Popen:
    path = os.environ.get("PYTHONPATH")
    env = dict(os.environ, PYTHONPATH=_PACKAGE_ROOT + (os.pathsep + path if path else ""))
    return subprocess.Popen([sys.executable, "-c", _SERVE], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)


def _pipe(stream: IO[Any] | None) -> IO[Any]:
    """A pipe `_start` asked for (`Popen` types them Optional: None only without PIPE)."""
    assert stream is not None
    return stream


def _send(worker: subprocess.Popen, job: tuple) -> None:
    pickle.dump(job, _pipe(worker.stdin), protocol=pickle.HIGHEST_PROTOCOL)
    _pipe(worker.stdin).flush()


def _receive(worker: subprocess.Popen) -> list:
    try:
        kind, value = pickle.load(_pipe(worker.stdout))
    except EOFError:
        raise RuntimeError(f"an import worker stopped (exit code {worker.wait()})") from None
    if kind == "error":
        raise RuntimeError(f"an import worker failed:\n{value}")
    return value


def _stop(worker: subprocess.Popen) -> None:
    try:
        _pipe(worker.stdin).close()  # end of jobs: a worker that finished exits by itself
    except OSError:
        pass
    if worker.poll() is None:
        worker.kill()  # one still working has results nobody will read
    worker.wait()
    _pipe(worker.stdout).close()


def serve() -> None:
    """A worker's loop: jobs in, outcomes out, until the parent closes stdin."""
    from desktop.workspace.imports.plain import prepare_chunk

    for name in NOT_NEEDED:  # never needed here: hazm loads next, our imports are done
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]  # import raises ImportError
    use_cache_folder(cache_dir())  # built once per machine, then unpickled (a third of the time)
    load_hazm()  # before the first job is read: the parent is still sending it

    jobs = sys.stdin.buffer
    results = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # stray output (Python or C) must not corrupt the stream
    sys.stdout = sys.stderr
    while True:
        try:
            chunk, persian, reflow, unify = pickle.load(jobs)
        except EOFError:
            return
        try:
            answer: tuple = ("ok", prepare_chunk(chunk, persian, reflow, unify))
        except Exception:  # a bug: the parent raises it with this traceback
            answer = ("error", traceback.format_exc())
        pickle.dump(answer, results, protocol=pickle.HIGHEST_PROTOCOL)
        results.flush()
