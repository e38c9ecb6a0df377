"""Tokens for a large token-based export, computed on every core, documents kept in order.

Tokenising is most of the cost of `jsonl --tokens`, hf, CoNLL and spaCy exports
(the regex runs at ~11 MB/s on one core). Once `MIN_CHARS` of text has been read,
runs of documents (~`CHUNK_CHARS` characters) go round-robin to one worker
process per core, which return each text's token (and sentence) boundaries as
compact integer arrays; the export goes on in document order while the workers
run ahead. A smaller export tokenises in its own process, as before.
For `jsonl --tokens`, hf and CoNLL the workers do the writing too
(`written_apart`, desktop/workspace/export/written.py): they make each document's bytes
and write them into the output files at the places the exporting process gives them
(desktop/workspace/export/placed.py), and the exporting process is one of them: it starts
one worker fewer and writes the chunks its workers are too busy for itself (`_Pool`).

The workers are fresh interpreters running `desktop.text.token_batch.serve`, fed
pickles over pipes (the import workers' way: not multiprocessing, which would
run the window's or a script's main module again, nor fork, unsafe in a window).
"""

from __future__ import annotations

import os
import pickle
import queue
import subprocess
import sys
import threading
from array import array
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

from desktop.formats.records import DocumentRecord
from desktop.formats.writing import WriterOptions
from desktop.storage.export_document import StoredDocument
from desktop.text.token_batch import Boundaries, Job, pack_flat
from desktop.workspace.export.forked import Forked, forkable
from desktop.workspace.export.placed import FINISH, Held, Place, Placer
from desktop.workspace.export.prepare import Shape
from desktop.workspace.export.stored_tokens import BoundsKeeper
from desktop.workspace.export.written import Batch, Recipe, Written, written

MIN_CHARS = 1_000_000  # characters read before workers start: smaller exports stay in process
CHUNK_CHARS = 200_000  # one job: some tens of milliseconds of tokenising
AHEAD = 2  # jobs queued per worker beyond the one it is on (not answered yet: `_Worker.unanswered`)
# Chunks written in the exporting process that may wait behind a worker's answer (~0.5 MB each):
# enough to go on writing while the workers start (~0.2 s), not to wait for them.
LOCAL_AHEAD = 16
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[3])
_SERVE = "from desktop.text.token_batch import serve; serve()"  # imports only desktop.text
_SERVE_WRITTEN = "from desktop.workspace.export.placed import serve; serve()"
type Document = DocumentRecord | StoredDocument  # stored: its record is made in a worker (Recipe)


def tokenised(
    documents: Iterable[DocumentRecord], sentences: bool, keeper: BoundsKeeper | None = None
) -> Iterator[DocumentRecord]:
    """`documents`, in order; for a large export with their `tokens` (and, with
    `sentences`, `sentences`) filled in where the document has none of its own nor
    stored ones (prepare_item unpacks those); with a `keeper` wanting them, the
    boundaries made go to it."""
    first, rest = _first(iter(documents))
    if rest is None:
        yield from first  # small: prepare_item tokenises each document itself
        return
    keep = keeper is not None and keeper.wanted

    def job(chunk: list[DocumentRecord]) -> Job | None:
        missing = [d.token_bounds is None for d in chunk]
        asks = [
            (d.text, d.tokens is None and new, new and (keep or sentences) and d.sentences is None)
            for d, new in zip(chunk, missing)
        ]
        return asks if any(tokens or bounds for _, tokens, bounds in asks) else None  # all stored: no job

    for chunk, result in _in_workers(_chunks(_chain(first, rest)), job, _SERVE):
        if result is None:
            yield from chunk
        else:
            yield from _filled(chunk, result, keeper if keep else None)


def written_apart(
    documents: Iterable[Document],
    fmt: str,
    shape: Shape,
    options: WriterOptions,
    keep: bool = False,
    recipe: Recipe | None = None,
    placer: Placer | None = None,
) -> Iterator[tuple[Document, Written | None]]:
    """`documents`, in order, each with its finished output (desktop/workspace/export/written.py)
    for a large export, or as a record with None for a small one, written in this process.
    Stored documents (with a `recipe`) become records in the workers. With a `placer`, a large
    export's bytes are already in the output files when a document comes (its `data` is
    empty or written: placed.py), and every worker has confirmed its writes by the end."""
    first, rest = _first(iter(documents))
    if rest is None:
        record = recipe.records() if recipe is not None else None
        yield from ((doc if record is None else record(doc), None) for doc in first)
        return

    def job(chunk: list[Document]) -> Batch:
        return Batch(fmt, shape, options, chunk, keep, recipe, placer is not None)

    # numpy and the gathered writers (~0.2 s): this process writes chunks too, and a forked worker has them
    # then (pyarrow, which jsonl's takes too, is imported later: a process with its threads forks none)
    if fmt in ("conll", "hf"):
        from desktop.workspace.export import gathered  # noqa: F401
    elif fmt == "jsonl" and options.tokens:
        from desktop.workspace.export import gathered_jsonl  # noqa: F401

    finish = FINISH if placer is not None else None
    for chunk, result, worker in _answered(_chunks(_chain(first, rest)), job, _SERVE_WRITTEN, written, finish):
        if placer is not None and worker is None:  # written here
            placer.write(chunk, result)
        elif placer is not None:
            assert worker is not None and isinstance(result, Held)
            worker.tell(Place(placer.reserve(chunk, result.sizes)))
            result = result.written
        yield from zip(chunk, result, strict=True)


def _first[D: Document](source: Iterator[D]) -> tuple[list[D], Iterator[D] | None]:
    """The first documents, up to `MIN_CHARS` of text, and the rest; no rest when that was all."""
    first: list[D] = []
    size = 0
    for doc in source:
        first.append(doc)
        size += len(doc.text)
        if size >= MIN_CHARS:
            return first, source
    return first, None


def _chain[D: Document](first: list[D], rest: Iterator[D]) -> Iterator[D]:
    yield from first
    yield from rest


def _chunks[D: Document](documents: Iterator[D]) -> Iterator[list[D]]:
    chunk: list[D] = []
    size = 0
    for doc in documents:
        chunk.append(doc)
        size += len(doc.text)
        if size >= CHUNK_CHARS:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _in_workers[D: Document](
    chunks: Iterator[list[D]],
    job: Callable[[list[D]], object],
    serve: str,
    local: Callable[[Any], object] | None = None,
) -> Iterator[tuple[list[D], Any]]:
    """Each chunk with its worker's answer to `job(chunk)`, in order; chunks go round-robin. A
    chunk whose job is None needs no worker: it comes back with None, and workers start only
    once a chunk needs one (an export of stored boundaries starts none). With `local` (what
    `serve` runs on a job), this process is one of the workers: a chunk finds every worker
    `AHEAD + 1` jobs deep is answered here at once, instead of waiting (see `_Pool`), and so is
    the last chunk when its worker holds any (this process would only wait for them after it)."""
    for chunk, answer, _ in _answered(chunks, job, serve, local):
        yield chunk, answer


def _answered[D: Document](
    chunks: Iterator[list[D]],
    job: Callable[[list[D]], object],
    serve: str,
    local: Callable[[Any], object] | None = None,
    finish: object = None,
) -> Iterator[tuple[list[D], Any, _Worker | None]]:
    """`_in_workers`, each answer with the worker that made it (None: made here or none needed),
    which may be told more (`_Worker.tell`) before the next is asked for. With `finish`, once
    every chunk is answered each worker that had one is sent `finish` and must answer None
    (else its answer, an exception, is raised), before they are stopped."""
    count = max(1, min(os.cpu_count() or 1, 4))
    pool: _Pool[D] = _Pool(serve, count if local is None else max(1, count - 1), local)
    try:
        for chunk, last in _with_last(chunks):
            work = job(chunk)
            if work is None:
                yield from pool.drain()  # in order: what the workers hold comes first
                yield chunk, None, None
                continue
            pool.add(chunk, work, last)
            yield from pool.ready()
        yield from pool.drain()
        if finish is not None:
            pool.settle(finish)
    finally:
        pool.stop()


def _with_last[T](items: Iterable[T]) -> Iterator[tuple[T, bool]]:
    """Each item, and whether it is the last (one item read ahead)."""
    ahead = iter(items)
    for current in ahead:
        for following in ahead:
            yield current, False
            current = following
        yield current, True


class _Pool[D]:
    """Workers and the chunks they hold, in order. Round-robin, each worker `AHEAD + 1` jobs deep;
    with `local`, a chunk that finds every worker that deep is answered in this process, and
    a worker's answer is taken only once it is here (or the queue is full). A
    2-core machine then runs one worker beside the exporting process, not two: one worker's
    start-up less (~0.2 s of CPU) and the chunks answered here are neither pickled nor
    unpickled, while neither process waits for the other."""

    def __init__(self, serve: str, count: int, local: Callable[[Any], object] | None) -> None:
        self.serve, self.count, self.local = serve, count, local
        self.workers: list[_Worker] = []
        self.pending: deque[tuple[_Worker | None, list[D], Any]] = deque()  # None: answered here
        self.turn = 0

    def add(self, chunk: list[D], work: object, last: bool = False) -> None:
        # A worker's depth is its jobs not answered yet: an answer that came while this process wrote
        # a chunk of its own is not taken until `ready`, and counting it made this process write the
        # next chunk too while the worker ran out of jobs (project-10k jsonl --tokens: idle ~0.2 s).
        if self.local is not None and last and self.workers and self.workers[self.turn % self.count].unanswered():
            self.pending.append((None, chunk, self.local(work)))  # not one more job to wait for
            return
        if not self.workers:
            self.workers = [_Worker(self.serve) for _ in range(self.count)]
        worker = self.workers[self.turn % self.count]
        if self.local is not None and worker.unanswered() > AHEAD:
            self.pending.append((None, chunk, self.local(work)))
            return
        self.turn += 1
        worker.send(work)
        self.pending.append((worker, chunk, None))

    def ready(self) -> Iterator[tuple[list[D], Any, _Worker | None]]:
        """The answers at the head of the queue that are here (with `local`); at the queue's bound,
        the head's, waited for (without `local`, only then)."""
        limit = len(self.workers) * (AHEAD + 1) + (LOCAL_AHEAD if self.local is not None else 0)
        while self.pending:
            worker, chunk, answer = self.pending[0]
            if worker is not None and len(self.pending) < limit and (self.local is None or not worker.arriving()):
                return
            self.pending.popleft()
            yield chunk, answer if worker is None else worker.receive(), worker

    def drain(self) -> Iterator[tuple[list[D], Any, _Worker | None]]:
        while self.pending:
            worker, chunk, answer = self.pending.popleft()
            yield chunk, answer if worker is None else worker.receive(), worker

    def settle(self, finish: object) -> None:
        """Every worker that had a job sent `finish`, then each answer waited for: an exception
        (a worker's write failed) is raised."""
        started = [worker for worker in self.workers if worker.feeder.ident is not None]
        for worker in started:
            worker.send(finish)
        for worker in started:
            error = worker.receive()
            if error is not None:
                raise error

    def stop(self) -> None:
        for worker in self.workers:
            worker.stop()


def _filled(chunk: list[DocumentRecord], result: Boundaries, keeper: BoundsKeeper | None) -> Iterator[DocumentRecord]:
    for doc, (tokens, bounds) in zip(chunk, result):
        if tokens is not None:
            doc.tokens = _ranges(tokens)
        if bounds is not None:
            doc.sentences = _ranges(bounds)
        if keeper is not None and tokens is not None and bounds is not None and doc.id is not None:
            keeper.add(doc.id, (pack_flat(tokens), pack_flat(bounds)))
        yield doc


def _ranges(flat: array[int]) -> list[tuple[int, int]]:
    return list(zip(flat[0::2], flat[1::2]))


class _Worker:
    """One worker process: forked from this one where that is safe (forked.py: no interpreter
    start-up nor imports), else a fresh interpreter. Jobs are written by a thread of its own:
    a job and a result are each larger than a pipe holds, so writing job k+1 while the worker
    waits to write result k, unread, would block both for ever. Answers are read by another as
    they come, so a worker never waits for this process to read one (`arriving`). The threads
    start with the first job, so that a pool's workers are all forked before any thread runs."""

    def __init__(self, serve: str) -> None:
        self.process: subprocess.Popen[bytes] | Forked
        if forkable():
            self.process = Forked(serve)
        else:
            path = os.environ.get("PYTHONPATH")
            env = dict(os.environ, PYTHONPATH=_PACKAGE_ROOT + (os.pathsep + path if path else ""))
            command = [sys.executable, "-c", serve]
            self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        _widened(_pipe(self.process.stdin))
        _widened(_pipe(self.process.stdout))  # an answer of boundaries (tokenised: ~0.3 MB) at once, too
        self.jobs: queue.SimpleQueue[object] = queue.SimpleQueue()
        self.answers: queue.SimpleQueue[tuple[str, Any] | None] = queue.SimpleQueue()  # None: it stopped
        self.held = 0  # jobs sent whose answer is not taken yet
        self.unsent: BaseException | None = None  # why the feeder stopped before the end of the jobs
        self.feeder = threading.Thread(target=self._feed, name="export-token-feeder", daemon=True)
        self.reader = threading.Thread(target=self._read, name="export-token-reader", daemon=True)

    def send(self, job: object) -> None:
        if self.feeder.ident is None:  # the first job
            self.feeder.start()
            self.reader.start()
        self.held += 1
        self.jobs.put(job)

    def tell(self, job: object) -> None:
        """A job the worker answers nothing to (after the jobs sent before)."""
        self.jobs.put(job)

    def unanswered(self) -> int:
        """Jobs sent whose answer has not come yet (queued, or the one it is on)."""
        return self.held - self.answers.qsize()

    def arriving(self) -> bool:
        """Whether its next answer is here (taking it would not wait)."""
        return not self.answers.empty()

    def receive(self) -> Any:
        self.held -= 1
        answer = self.answers.get()
        if answer is None:
            unsent = "" if self.unsent is None else f"; a job could not be sent to it: {self.unsent!r}"
            raise RuntimeError(f"an export worker stopped (exit code {self.process.wait()}){unsent}")
        kind, value = answer
        if kind == "error":
            raise RuntimeError(f"an export worker failed:\n{value}")
        return value

    def stop(self) -> None:
        self.jobs.put(None)  # end of jobs: a worker that finished exits by itself
        if self.feeder.ident is None:  # never sent a job: its pipe closed here, as the feeder would
            _pipe(self.process.stdin).close()
        if self.process.poll() is None:
            self.process.kill()  # one still working has results nobody will read
        self.process.wait()
        if self.feeder.ident is not None:
            self.feeder.join()
            self.reader.join()
        _pipe(self.process.stdout).close()

    def _read(self) -> None:
        stdout = _pipe(self.process.stdout)
        try:
            while True:
                self.answers.put(pickle.load(stdout))
        except Exception:  # noqa: BLE001 - EOF, or cut short when killed: `receive` says it stopped
            self.answers.put(None)

    def _feed(self) -> None:
        stdin = _pipe(self.process.stdin)
        try:
            while (job := self.jobs.get()) is not None:
                # Pickled whole, then one write: `pickle.dump` writes a job (~0.5 MB) a 64 KB frame at a
                # time, each write letting go of the GIL, which this thread then waits for (up to the
                # switch interval, 5 ms) while the exporting thread writes a chunk of its own: the
                # worker waited for its jobs.
                stdin.write(pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL))
                stdin.flush()
        except BrokenPipeError:
            pass  # the worker is gone: `receive` says how
        except BaseException as exc:  # noqa: BLE001 - a job cut short: the worker stops, `receive` says why
            self.unsent = exc
        finally:
            try:
                stdin.close()
            except OSError:
                pass


PIPE_BYTES = 1 << 20  # a worker's pipes' capacity, where the system lets it be set: a whole job or two


def _widened(stream: IO[Any]) -> None:
    """A pipe that holds a whole job or answer (Linux: 64 KB by default), so that writing one does not
    wait for the other side to read its first part (the feeder, then for the GIL again after each
    part: ~35 ms a 0.4 MB job while the exporting thread is busy, against ~0.7 ms widened)."""
    setsize = getattr(fcntl, "F_SETPIPE_SZ", None) if fcntl is not None else None
    if setsize is not None:
        try:
            fcntl.fcntl(stream.fileno(), setsize, PIPE_BYTES)
        except OSError:
            pass  # over the system's limit (/proc/sys/fs/pipe-max-size): the default capacity


def _pipe(stream: IO[Any] | None) -> IO[Any]:
    assert stream is not None  # `_Worker` asks for both pipes
    return stream
