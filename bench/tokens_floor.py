"""The floor of `jsonl --tokens` on this machine: each unavoidable stage alone, wall and CPU.

`python -m bench.tokens_floor [project-10k] [runs]` exports the corpus once (the current
code: the exact bytes any implementation must write), then times, min of `runs`:
reading the rows in one read transaction (bare sqlite3, and the export's own reader),
writing the bytes through a 1 MB buffer with fsync, sending them through a pipe to another
process (the workers' way back), one memcpy of them (the least "producing" costs), and
str -> UTF-8 of them (what a route through a Python str adds); and the bench's baseline.
Session 10 (issue 17): the floor is ~1.3-1.5x the baseline, so it does not rule out 3x.
"""

from __future__ import annotations

import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.bench_export import _baseline
from bench.corpus import OUT, ensure
from bench.harness import Context
from desktop.storage.export_source import Selection
from desktop.text.tokens import TOKENIZER_VERSION
from desktop.workspace.export.project import ExportOptions, export_project
from desktop.workspace.session import Workspace

_PIECE = 27_000  # about one document's line: the writer writes a line at a time


def _timed(work: Callable[[], object], runs: int) -> tuple[float, float, float]:
    """Min wall of `runs`, with that run's own CPU and its children's."""
    best = (float("inf"), 0.0, 0.0)
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        children = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        best = min(best, (wall, cpu, children))
    return best


def _read_bare(project: Path) -> None:
    conn = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
    conn.execute("BEGIN")
    conn.execute(
        "SELECT d.id, d.name, d.content_hash, d.text, d.meta, b.tokens, b.sentences FROM documents d"
        " LEFT JOIN _document_token_bounds b ON b.document_id = d.id ORDER BY d.id"
    ).fetchall()
    conn.execute('SELECT document_id, start, "end", label, annotator_id, origin, id FROM spans ORDER BY document_id')
    conn.execute("COMMIT")
    conn.close()


def _read_export(project: Path) -> None:
    with Workspace.open(project) as workspace, workspace.repo.export_source() as source:
        annotators = source.layer_annotators("all")
        for _ in source.documents(Selection(), annotators, TOKENIZER_VERSION):
            pass


def _write(data: bytes, folder: Path) -> None:
    view = memoryview(data)
    with open(folder / "floor.bin", "wb", buffering=1024 * 1024) as out:
        for at in range(0, len(data), _PIECE):
            out.write(view[at : at + _PIECE])
        out.flush()
        os.fsync(out.fileno())


def _pipe(data: bytes) -> None:
    reader = "import sys\nwhile sys.stdin.buffer.read(1 << 20): pass"
    child = subprocess.Popen([sys.executable, "-c", reader], stdin=subprocess.PIPE)
    assert child.stdin is not None
    view = memoryview(data)
    for at in range(0, len(data), 1 << 20):
        child.stdin.write(view[at : at + (1 << 20)])
    child.stdin.close()
    child.wait()


def main(name: str = "project-10k", runs: int = 3) -> None:
    folder, _ = ensure(name)
    project = folder / "project.barchasb"
    with tempfile.TemporaryDirectory(dir=OUT) as scratch:
        target = Path(scratch) / "out.jsonl"
        with Workspace.open(project) as workspace:
            export_project(workspace, ExportOptions("jsonl", tokens=True), target)
        data = target.read_bytes()
        text = data.decode()
        context = Context(0, False, Path(scratch))
        print(f"{name}: jsonl --tokens is {len(data) / 1e6:.1f} MB; load {os.getloadavg()[0]:.2f}")
        stages: list[tuple[str, Callable[[], object]]] = [
            ("read, sqlite3", lambda: _read_bare(project)),
            ("read, export's reader", lambda: _read_export(project)),
            ("write + fsync", lambda: _write(data, Path(scratch))),
            ("pipe to a process", lambda: _pipe(data)),
            ("memcpy", lambda: bytearray(data)),
            ("str -> UTF-8", text.encode),
            ("bench baseline", lambda: _baseline(name, context)),
        ]
        for label, work in stages:
            wall, cpu, children = _timed(work, runs)
            print(f"  {label:24} wall {wall:6.3f} s   cpu {cpu:6.3f} s   children {children:6.3f} s")
    print(f"load {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main(*sys.argv[1:2], *(int(n) for n in sys.argv[2:3]))
