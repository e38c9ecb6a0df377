"""A large export's bytes written into the output files by the workers that made them (issue 17).

`jsonl --tokens`, hf and CoNLL workers (desktop/workspace/export/written.py) make each
document's bytes: 270 MB for project-10k's `jsonl --tokens`. Sent back through a pipe
they cost the exporting process a read, fresh bytes objects and a write for every one
(on this VM, first touch of memory: ~0.5 s of CPU, the long pole). Instead a worker
keeps a chunk's bytes and answers only their sizes (`Held`); the exporting process,
which takes the chunks in document order, gives each document its place in its output
file (`Placer`: the file's end so far) and tells the worker (`Place`), which writes
them there with `os.pwritev`. The chunks it answers itself are written the same way.
Before the files are committed every worker confirms its writes are done (`FINISH`):
a write that failed (a full disk) is the export's error, and nothing is renamed.
The files' buffered handles are not written meanwhile; `Placer.finish` seeks each to
its end, so whatever is written after lands after the documents.
"""

from __future__ import annotations

import errno
import gc
import os
import traceback
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO

from desktop.text.token_batch import QUIET
from desktop.text.token_batch import serve as serve_jobs
from desktop.workspace.export.written import Batch, Written, written

# Buffers one pwritev takes (POSIX guarantees 16; Linux and macOS take 1024)
_IOV_MAX = os.sysconf("SC_IOV_MAX") if "SC_IOV_MAX" in getattr(os, "sysconf_names", {}) else 1024
_IOV_MAX = _IOV_MAX if _IOV_MAX > 0 else 16
FINISH = "finish"  # the last job: close the files, answer the first error (None: all written)

# A run of a chunk's consecutive documents that go to one file, one after another:
# the temporary's path, the offset of the first, how many.
type Run = tuple[str, int, int]


@dataclass(frozen=True, slots=True)
class Held:
    """A worker's answer to a batch it keeps the bytes of: each document as written, without
    its bytes (`data` is empty), and the bytes' sizes."""

    written: list[Written]
    sizes: list[int]


@dataclass(frozen=True, slots=True)
class Place:
    """Where the worker's oldest kept chunk goes: its documents, in order, as runs."""

    runs: list[Run]


class Placer:
    """The exporting process's side: each document's place in its output file, in document order."""

    def __init__(self, handles: dict[str, tuple[BinaryIO, str]], split: Callable[[Any], str]) -> None:
        self.handles = handles  # split name: (buffered handle, its temporary's path)
        self.split = split  # a document's split name
        self.ends: dict[str, int] = {}  # each file's end so far
        self.used = False

    def reserve(self, documents: Sequence[Any], sizes: Sequence[int]) -> list[Run]:
        """Places for `documents` (the next in order) of `sizes` bytes: the runs a `Place` sends."""
        if not self.used:
            self.used = True
            for name, (handle, _) in self.handles.items():
                handle.flush()  # anything written before stays before
                self.ends[name] = handle.tell()
        runs: list[list[Any]] = []
        ends = self.ends
        last = None
        for doc, size in zip(documents, sizes, strict=True):
            name = self.split(doc)
            at = ends[name]
            ends[name] = at + size
            if name == last:
                runs[-1][2] += 1
            else:
                runs.append([name, at, 1])
                last = name
        return [(self.handles[name][1], at, count) for name, at, count in runs]

    def write(self, documents: Sequence[Any], done: Sequence[Written]) -> None:
        """Documents written in this process: their bytes at their places, now."""
        runs = self.reserve(documents, [len(one.data) for one in done])
        fds = {path: handle.fileno() for handle, path in self.handles.values()}
        _write_runs(lambda path: fds[path], [one.data for one in done], runs)

    def finish(self) -> None:
        """Each handle at its file's end (the workers' writes confirmed before: `FINISH`)."""
        for name, (handle, _) in self.handles.items():
            if name in self.ends:
                handle.seek(self.ends[name])


def _write_runs(fd: Callable[[str], int], parts: list[bytes], runs: list[Run]) -> None:
    start = 0
    for path, at, count in runs:
        write_at(fd(path), parts[start : start + count], at)
        start += count


def available() -> bool:
    """Whether this system writes at an offset from a list of buffers (not Windows): else the
    workers send their bytes back."""
    return hasattr(os, "pwritev")


def write_at(fd: int, parts: Sequence[bytes], offset: int) -> None:
    """`parts` one after the other from `offset`, all of them (a short write goes on); then the
    kernel is asked to start writing them to the disk (`_written_back`)."""
    pending: list[bytes | memoryview] = list(parts)
    start = offset
    while pending:
        group = pending[:_IOV_MAX]
        done = os.pwritev(fd, group, offset)
        size = sum(map(len, group))
        if done == size:
            del pending[: len(group)]
            offset += done
            continue
        if done <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # a regular file that takes nothing more
        offset += done
        while done >= len(pending[0]):
            done -= len(pending.pop(0))
        pending[0] = memoryview(pending[0])[done:]
    _written_back(fd, start, offset - start)


def _written_back(fd: int, offset: int, size: int) -> None:
    """Start writing a range to the disk now, not all at the commit's fsync: project-10k's 270 MB of
    `jsonl --tokens` made that fsync wait 0.10-0.18 s, now ~0.005 s. Linux starts the writeback on
    POSIX_FADV_DONTNEED (and drops the pages already clean: nothing reads them back here)."""
    if hasattr(os, "posix_fadvise"):
        try:
            os.posix_fadvise(fd, offset, size, os.POSIX_FADV_DONTNEED)
        except OSError:
            pass  # only advice: the commit's fsync writes the range all the same


class _Keeper:
    """A worker's side: batches written, their bytes kept until placed, then written."""

    def __init__(self) -> None:
        self.kept: deque[list[bytes]] = deque()
        self.fds: dict[str, int] = {}
        self.failed: Exception | None = None

    def __call__(self, job: object) -> object:
        if isinstance(job, Batch):
            done = written(job)
            if not job.hold:
                return done
            self.kept.append([one.data for one in done])
            return Held([_without_data(one) for one in done], [len(one.data) for one in done])
        if isinstance(job, Place):
            parts = self.kept.popleft()
            if self.failed is None:
                try:
                    _write_runs(self._fd, parts, job.runs)
                except Exception as exc:  # noqa: BLE001 - answered at FINISH, named
                    self.failed = exc
            return QUIET
        assert job == FINISH
        return self._finish()

    def _fd(self, path: str) -> int:
        if path not in self.fds:
            self.fds[path] = os.open(path, os.O_WRONLY)
        return self.fds[path]

    def _finish(self) -> OSError | None:
        for fd in self.fds.values():
            os.close(fd)
        self.fds.clear()
        if self.failed is None or isinstance(self.failed, OSError):
            return self.failed
        trace = "".join(traceback.format_exception(self.failed))
        raise RuntimeError(f"an export worker could not write its documents:\n{trace}")


def _without_data(one: Written) -> Written:
    return Written(
        b"",
        one.records,
        one.inner_spaces,
        one.relations,
        one.relations_lost,
        one.labels,
        one.joined,
        one.problems,
        one.bounds,
    )


def serve() -> None:
    """A worker's loop: batches in, their documents' bytes kept and placed (or sent back, for a
    batch that does not `hold` them). Without the cyclic collector: a batch leaves no cycles behind
    (project-10k's jsonl --tokens, hf and CoNLL jobs: none found after 30), and its young
    collections cost a forked worker 11-17 ms of an export (35-41 of them); it lives for one export."""
    gc.disable()
    serve_jobs(_Keeper())
