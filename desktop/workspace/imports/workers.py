"""Worker processes for a large Persian import: each prepares runs of files.

A worker is a fresh interpreter running `serve()`: it reads jobs (a chunk of
files) pickled on its stdin and writes each chunk's outcomes, pickled, on its
stdout, in order. Chunk k goes to worker k mod n and comes back in file order
while the workers run ahead. Not multiprocessing: its spawn and forkserver
start methods run the caller's main script again in every worker (an
unguarded script then imports itself until it fails), and forking the window,
whose threads may hold locks, is unsafe.
"""

from __future__ import annotations

import os
import pickle
import queue
import subprocess
import sys
import threading
import traceback
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

    A thread per worker reads its results as they come and hands it its next job: a result is
    larger than a pipe holds, so a worker whose results waited for the parent (storing a batch)
    would stop working until then.
    """
    chunks = list(_chunks(files, count))
    workers = [_start() for _ in range(min(count, len(chunks)))]
    try:
        options = (persian, reflow, unify)
        inboxes = [_reader(worker, chunks[index :: len(workers)], options) for index, worker in enumerate(workers)]
        for k, chunk in enumerate(chunks):
            outcomes = inboxes[k % len(workers)].get()
            if isinstance(outcomes, Exception):
                raise outcomes
            yield from zip((path for path, _ in chunk), outcomes)
    finally:
        for worker in workers:
            _stop(worker)


def _reader(worker: subprocess.Popen, chunks: list[Files], options: tuple) -> queue.SimpleQueue:
    """Send `chunks` to `worker`, `AHEAD` beyond the one it is on; its results (or the
    exception that ended it) arrive in the queue returned, in order."""
    inbox: queue.SimpleQueue = queue.SimpleQueue()
    for chunk in chunks[: AHEAD + 1]:
        _send(worker, (chunk, *options))

    def run() -> None:
        try:
            for k in range(len(chunks)):
                outcomes = _receive(worker)
                if k + AHEAD + 1 < len(chunks):
                    _send(worker, (chunks[k + AHEAD + 1], *options))
                inbox.put(outcomes)
        except Exception as exc:  # noqa: BLE001  # raised in the importing thread, in file order
            inbox.put(exc if isinstance(exc, RuntimeError) else RuntimeError(f"an import worker stopped: {exc}"))

    threading.Thread(target=run, name="import-worker-reader", daemon=True).start()
    return inbox


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
