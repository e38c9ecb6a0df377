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
import subprocess
import sys
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

CHUNK_BYTES = 256 * 1024  # a job: about 0.2 s of hazm
AHEAD = 2  # jobs queued per worker beyond the one it is on
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])
_SERVE = "from desktop.workspace.imports.workers import serve; serve()"

Files = list[tuple[str, str]]


def prepared_in_workers(
    files: Files, count: int, persian: bool, reflow: bool, unify: bool = False
) -> Iterator[tuple[str, Any]]:
    """(path, outcome) for every file, in order, prepared by `count` workers."""
    chunks = list(_chunks(files))
    workers = [_start() for _ in range(min(count, len(chunks)))]
    try:
        for k in range(min(len(chunks), len(workers) * (AHEAD + 1))):
            _send(workers[k % len(workers)], (chunks[k], persian, reflow, unify))
        for k, chunk in enumerate(chunks):
            worker = workers[k % len(workers)]
            outcomes = _receive(worker)
            following = k + len(workers) * (AHEAD + 1)
            if following < len(chunks):
                _send(worker, (chunks[following], persian, reflow, unify))
            yield from zip((path for path, _ in chunk), outcomes)
    finally:
        for worker in workers:
            _stop(worker)


def _chunks(files: Files) -> Iterator[Files]:
    chunk: Files = []
    size = 0
    for item in files:
        chunk.append(item)
        size += file_size(item[0])
        if size >= CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
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


# Installed in many environments (ours: the test extras) and imported by hazm's package
# only because they are there (spaCy; numpy, and through nltk scipy), none of them used
# to normalise: a worker without them has hazm ready in 1 s instead of 3.
NOT_NEEDED = ("spacy", "numpy", "scipy", "pandas", "sklearn", "torch", "gensim", "fasttext", "transformers")


def serve() -> None:
    """A worker's loop: jobs in, outcomes out, until the parent closes stdin."""
    from desktop.workspace.imports.plain import prepare_chunk

    for name in NOT_NEEDED:  # hazm loads at the first job; our own imports are done by now
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]  # import raises ImportError

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
