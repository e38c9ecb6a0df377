"""A large export's workers write their documents' bytes into the output files (placed.py, issue 17).

The workers answer each chunk with what the report counts and the bytes' sizes, never the bytes;
the exporting process gives each document its offset in its file, in document order, and the
worker writes there. The files must be byte for byte what one process writes, forked workers or
fresh ones (the window's), one file or a split; a worker's failed write is the export's error
with nothing left behind, and so is a cancel.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from desktop.core.errors import BarchasbError
from desktop.formats import token_json
from desktop.formats.align import Policy
from desktop.storage.export_selection import Selection
from desktop.workspace.export import forked, placed, token_workers
from desktop.workspace.export.project import ExportOptions, export_project
from desktop.workspace.export.report import ExportCancelled

pytestmark = pytest.mark.usefixtures("threads_of_this_test")

OPTIONS = [
    ExportOptions("jsonl", tokens=True),
    ExportOptions("jsonl", tokens=True, split=(8, 1, 1), seed=2),
    ExportOptions("hf", Selection("sara"), split=(1, 1)),
    ExportOptions("hf", unit="document", overlapping=Policy.SKIP, scheme="bioes"),
    ExportOptions("conll", overlapping=Policy.SKIP, misaligned=Policy.EXPAND, docstart=True, split=(1, 1, 1)),
    ExportOptions("conll", overlapping=Policy.SKIP, misaligned=Policy.EXPAND, inner_space="keep"),
]
# A fresh worker (the window's) that cannot write: every write it is told to make fails.
FULL = (
    "import errno, os\nfrom desktop.workspace.export import placed\n"
    "def full(fd, parts, offset):\n    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))\n"
    "placed.write_at = full\nplaced.serve()"
)


def no_fresh_interpreter(*args: object, **kwargs: object) -> None:
    raise AssertionError("a fresh interpreter was started")


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def pooled(monkeypatch, fresh: bool = False) -> list:
    """Workers for the sample documents (a few jobs each); the answers they send, recorded."""
    monkeypatch.setattr(token_workers, "MIN_CHARS", 0)
    monkeypatch.setattr(token_workers, "CHUNK_CHARS", 300)
    if fresh:  # the window's: fresh interpreters open the temporaries by path
        monkeypatch.setattr(token_workers, "forkable", lambda: False)
    else:  # the command line's (test_export_forked_workers' like_the_cli): forked, never fresh
        monkeypatch.setattr(forked, "_THREADED", ())
        monkeypatch.setattr(token_json, "available", lambda: False)
        monkeypatch.setattr(token_workers.subprocess, "Popen", no_fresh_interpreter)
    answers: list = []
    receive = token_workers._Worker.receive

    def recorded(self):
        answers.append(receive(self))
        return answers[-1]

    monkeypatch.setattr(token_workers._Worker, "receive", recorded)
    return answers


def children() -> set[int]:
    pid = os.getpid()
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found.update(int(c) for c in (task / "children").read_text().split())
    return found


@pytest.mark.parametrize("fresh", [False, True], ids=["forked", "fresh"])
@pytest.mark.parametrize("options", OPTIONS, ids=lambda o: f"{o.format}-{o.unit}-{len(o.split)}")
def test_workers_write_the_bytes_one_process_writes(annotated, tmp_path, monkeypatch, options, fresh):
    alone = export_project(annotated, options, tmp_path / "alone" / "out")
    answers = pooled(monkeypatch, fresh)
    together = export_project(annotated, options, tmp_path / "pooled" / "out")
    assert files(tmp_path / "pooled") == files(tmp_path / "alone") != {}
    assert (together.records, together.spans, together.documents) == (alone.records, alone.spans, alone.documents)
    assert (together.documents_per_split, together.problems) == (alone.documents_per_split, alone.problems)
    held = [a for a in answers if isinstance(a, placed.Held)]
    assert held, "no chunk was written by a worker"
    assert all(one.data == b"" for a in held for one in a.written), "bytes came through the pipe"
    assert sum(map(sum, (a.sizes for a in held))) > 0


def test_the_workers_confirm_their_writes_before_the_commit(annotated, tmp_path, monkeypatch):
    """Every worker that had a chunk answers FINISH (None: all written) before the files are renamed."""
    answers = pooled(monkeypatch)
    export_project(annotated, OPTIONS[0], tmp_path / "out.jsonl")
    finished = [a for a in answers if not isinstance(a, placed.Held)]
    assert finished and finished == [None] * len(finished)
    assert answers[-len(finished) :] == finished  # after every chunk


@pytest.mark.parametrize("fresh", [False, True], ids=["forked", "fresh"])
def test_a_worker_that_cannot_write_fails_the_export_by_name(annotated, tmp_path, monkeypatch, fresh):
    pooled(monkeypatch, fresh)
    if fresh:
        monkeypatch.setattr(token_workers, "_SERVE_WRITTEN", FULL)
    else:
        parent, write_at = os.getpid(), placed.write_at

        def full_in_a_worker(fd, parts, offset):  # a forked worker has this too; this process writes
            if os.getpid() != parent:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            write_at(fd, parts, offset)

        monkeypatch.setattr(placed, "write_at", full_in_a_worker)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(BarchasbError, match="No space left on device"):
        export_project(annotated, OPTIONS[1], out)
    assert list(out.iterdir()) == []  # neither the files nor their temporaries
    assert not children()


def test_a_worker_error_that_is_no_oserror_is_raised_with_its_trace(annotated, tmp_path, monkeypatch):
    pooled(monkeypatch, fresh=True)
    broken = FULL.replace("raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))", "raise ValueError('bug')")
    monkeypatch.setattr(token_workers, "_SERVE_WRITTEN", broken)
    with pytest.raises(RuntimeError, match="(?s)could not write its documents.*ValueError: bug"):
        export_project(annotated, OPTIONS[2], tmp_path / "out")
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


@pytest.mark.parametrize("fresh", [False, True], ids=["forked", "fresh"])
def test_a_cancel_leaves_nothing_and_no_worker(annotated, tmp_path, monkeypatch, fresh):
    pooled(monkeypatch, fresh)
    monkeypatch.setattr("desktop.workspace.export.project.PROGRESS_EVERY", 1)
    seen: list[int] = []

    def progress(index, total, name):
        seen.append(index)
        return index < 3

    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ExportCancelled):
        export_project(annotated, OPTIONS[0], out / "tokens.jsonl", progress)
    assert seen[-1] == 3
    assert list(out.iterdir()) == []
    assert not children()


def test_write_at_goes_on_after_short_writes(tmp_path, monkeypatch):
    """pwritev may write less than asked (and takes at most IOV_MAX parts): the rest follows."""
    real = os.pwritev

    def short(fd, parts, offset):
        return real(fd, [bytes(parts[0])[:3]], offset) if len(parts[0]) > 3 else real(fd, parts[:1], offset)

    monkeypatch.setattr(placed.os, "pwritev", short)
    monkeypatch.setattr(placed, "_IOV_MAX", 2)
    advised: list[tuple[int, int, int]] = []
    monkeypatch.setattr(placed.os, "posix_fadvise", lambda fd, at, size, advice: advised.append((at, size, advice)))
    path = tmp_path / "f"
    path.write_bytes(b"#" * 4)
    parts = [b"abcdefg", b"", b"hi", "پارسی".encode(), b"j" * 10]
    fd = os.open(path, os.O_WRONLY)
    try:
        placed.write_at(fd, parts, 2)
    finally:
        os.close(fd)
    assert path.read_bytes() == b"##" + b"".join(parts)
    assert advised == [(2, len(b"".join(parts)), os.POSIX_FADV_DONTNEED)]  # the writeback started for the whole range


def test_without_pwritev_the_bytes_come_back_and_this_process_writes_them(annotated, tmp_path, monkeypatch):
    export_project(annotated, OPTIONS[1], tmp_path / "alone")
    answers = pooled(monkeypatch, fresh=True)
    monkeypatch.setattr(placed, "available", lambda: False)
    export_project(annotated, OPTIONS[1], tmp_path / "pooled")
    assert files(tmp_path / "pooled") == files(tmp_path / "alone")
    assert answers and all(isinstance(a, list) and all(one.data for one in a) for a in answers)


def test_places_follow_document_order_in_each_file(tmp_path):
    """Runs of a chunk's consecutive documents bound for one file, at that file's end so far."""
    a, b = str(tmp_path / "a"), str(tmp_path / "b")
    with open(a, "w+b") as file_a, open(b, "w+b") as file_b:
        file_a.write(b"head")  # written before: stays before
        placer = placed.Placer({"a": (file_a, a), "b": (file_b, b)}, lambda doc: doc[0])
        first = placer.reserve(["a1", "a2", "b1", "a3"], [1, 2, 3, 4])
        second = placer.reserve(["a4", "b2"], [5, 6])
        placer.finish()
        ends = [file_a.tell(), file_b.tell()]
    assert first == [(a, 4, 2), (b, 0, 1), (a, 7, 1)]
    assert second == [(a, 11, 1), (b, 3, 1)]
    assert ends == [16, 9]


# In a fresh interpreter, as the command line runs: what a forked jsonl --tokens worker starts with.
AT_FORK = """
import sys
from pathlib import Path
from desktop.workspace.export import forked, token_workers
from desktop.workspace.export.project import ExportOptions, export_project
from desktop.workspace.session import Workspace
token_workers.MIN_CHARS, token_workers.CHUNK_CHARS = 0, 300
seen = []
class Seen(forked.Forked):
    def __init__(self, serve):
        seen.append(("desktop.workspace.export.gathered_jsonl" in sys.modules, "pyarrow" in sys.modules))
        super().__init__(serve)
token_workers.Forked = Seen
export_project(Workspace.open(Path(sys.argv[1])), ExportOptions("jsonl", tokens=True), Path(sys.argv[2]))
print(seen)
"""


def test_a_forked_jsonl_worker_has_the_gathered_writer_and_no_pyarrow(annotated, tmp_path):
    """jsonl --tokens's writer from arrays and numpy (~0.2 s of a worker's CPU) are imported before the
    workers fork, as CoNLL's and hf's are; pyarrow after (a process with its threads forks none)."""
    import ast
    import subprocess
    import sys

    run = [sys.executable, "-c", AT_FORK, str(annotated.path), str(tmp_path / "out.jsonl")]
    seen = subprocess.run(run, capture_output=True, text=True, check=True).stdout.strip()
    assert seen.startswith("[(") and set(ast.literal_eval(seen)) == {(True, False)}


def test_a_read_only_target_keeps_its_mode_and_the_workers_can_write_the_temporary(annotated, tmp_path, monkeypatch):
    """The replaced file's mode (here read-only) is given at the commit: until then the temporary
    stays writable by its owner, which a fresh worker opening it by path needs (root would not
    notice: the mode is checked here, not the open)."""
    target = tmp_path / "out.conll"
    target.write_bytes(b"old")
    target.chmod(0o444)
    pooled(monkeypatch, fresh=True)
    modes: list[int] = []

    def progress(index, total, name):
        modes.extend(p.stat().st_mode & 0o777 for p in tmp_path.glob(".out.conll.*.part"))

    export_project(annotated, OPTIONS[5], target, progress)
    assert modes and all(mode & 0o200 for mode in modes)
    assert target.stat().st_mode & 0o777 == 0o444 and target.read_bytes() != b"old"
    new = tmp_path / "new.conll"
    export_project(annotated, OPTIONS[5], new)
    umask = os.umask(0)
    os.umask(umask)
    assert new.stat().st_mode & 0o777 == 0o666 & ~umask


def test_this_process_failing_to_write_its_chunks_stops_the_workers(annotated, tmp_path, monkeypatch):
    pooled(monkeypatch, fresh=True)
    monkeypatch.setattr(token_workers.os, "cpu_count", lambda: 2)  # one worker: this process writes chunks too
    monkeypatch.setattr(token_workers, "AHEAD", 0)

    def full(fd, parts, offset):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(placed, "write_at", full)  # here only: a fresh worker has its own
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(BarchasbError, match="No space left on device"):
        export_project(annotated, OPTIONS[0], out / "tokens.jsonl")
    assert list(out.iterdir()) == []
    assert not children()


def test_write_at_that_writes_nothing_is_a_full_disk(tmp_path, monkeypatch):
    monkeypatch.setattr(placed.os, "pwritev", lambda fd, parts, offset: 0)
    fd = os.open(tmp_path / "f", os.O_WRONLY | os.O_CREAT)
    try:
        with pytest.raises(OSError) as raised:
            placed.write_at(fd, [b"", b"abc"], 0)
    finally:
        os.close(fd)
    assert raised.value.errno == errno.ENOSPC


def test_write_at_writes_where_the_writeback_advice_is_refused(tmp_path, monkeypatch):
    def refused(fd, offset, size, advice):
        raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))

    monkeypatch.setattr(placed.os, "posix_fadvise", refused)
    fd = os.open(tmp_path / "f", os.O_WRONLY | os.O_CREAT)
    try:
        placed.write_at(fd, [b"ab", b"cd"], 1)
    finally:
        os.close(fd)
    assert (tmp_path / "f").read_bytes() == b"\0abcd"
