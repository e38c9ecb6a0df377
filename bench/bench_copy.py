"""`barchasb copy` of the cached benchmark projects, file to file: seconds and rows per second.

Issue 16's budget: a copy of the 100,000-document project in at most 60 s.
`python -m bench.bench_copy [project-10k project-100k ...]` (the corpora are
built by bench/corpus.py on first use). A copy is checked as it is timed: the
same number of rows in every table on both sides.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from bench.corpus import OUT, ensure
from desktop.storage.repository import Repository
from desktop.storage.tables import TABLES
from desktop.workspace import Workspace
from desktop.workspace.project.copy import copy_to


def _counts(path: Path) -> dict[str, int]:
    repo = Repository.open(path)
    try:
        with repo.dump() as dump:
            return {t.name: dump.count(t.name) for t in TABLES}
    finally:
        repo.close()


def bench(name: str) -> str:
    folder, _ = ensure(name)
    source = folder / "project.barchasb"
    with tempfile.TemporaryDirectory(dir=OUT) as scratch:
        target = Path(scratch) / "copy.barchasb"
        with Workspace.open(source) as workspace:
            started = time.perf_counter()
            report = copy_to(workspace, target)
            seconds = time.perf_counter() - started
        assert _counts(target) == _counts(source) == report.rows
        size = target.stat().st_size / 1e6
    rows = sum(report.rows.values())
    return (
        f"copy {name:<14} {seconds:6.1f} s  {rows:>9} rows ({report.rows['documents']} documents, "
        f"{report.rows['spans']} spans, {report.rows['history']} history)  {rows / seconds:,.0f} rows/s  {size:.0f} MB"
    )


if __name__ == "__main__":
    for corpus in sys.argv[1:] or ["project-10k", "project-100k"]:
        print(bench(corpus), flush=True)
