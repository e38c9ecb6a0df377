"""A timeline of a doccano import's two threads: the calling thread's phases, the rows thread's statements.

    .venv/bin/python bench/doccano_timeline.py [doccano-1k|doccano-5k] [RUNS]
    TREE=/tmp/old .venv/bin/python bench/doccano_timeline.py      # another copy of the tree (git archive)

Imports the bench file RUNS times in one process, as `import.doccano-*` does (`bench/bench_import.py`:
a project copied from a template, `import_annotated` only), and prints for the last run, in order of
first start: each phase's calls, first start, wall and thread CPU (ms). The wrappers add a little;
compare phases with each other and between trees, not with the bench's figure. The rows thread is
the import's long path when its statements end after the calling thread's read (docs/performance.md,
session 11).
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, os.environ.get("TREE", str(Path(__file__).resolve().parent.parent)))

from desktop.storage import background, base  # noqa: E402
from desktop.workspace import Workspace  # noqa: E402
from desktop.workspace.imports import annotated, links, store  # noqa: E402

CORPORA = Path(__file__).resolve().parent / "out" / "corpora"
EVENTS: list[tuple[str, str, float, float, float]] = []  # thread, what, start, wall, CPU (s)
T0 = [0.0]


def _wrap(owner: object, name: str, label: str | None = None) -> None:
    original = getattr(owner, name)

    @functools.wraps(original)
    def timed(*args, **kwargs):
        start, cpu = time.perf_counter(), time.thread_time()
        try:
            return original(*args, **kwargs)
        finally:
            wall = time.perf_counter() - start
            EVENTS.append(("main", label or name, start - T0[0], wall, time.thread_time() - cpu))

    setattr(owner, name, timed)


def _rows_thread(self) -> None:
    """Background._run, noting each statement (its SQL's first words)."""
    while (job := self._jobs.get()) is not None:
        statement, args = job
        start, cpu = time.perf_counter(), time.thread_time()
        try:
            if self.error is None and not self._stop:
                statement(*args)
        except BaseException as exc:  # handed to the caller by drain(), as Background does
            self.error = exc
        finally:
            what = str(args[0])[:40] if args else getattr(statement, "__name__", "?")
            EVENTS.append(("rows", what, start - T0[0], time.perf_counter() - start, time.thread_time() - cpu))
            with self._done:
                self._pending -= 1
                self._done.notify_all()


def _instrument() -> None:
    for name in ("read_text_file", "json_bmp_only", "_read", "_store", "_placed", "add_missing_labels", "let_go"):
        _wrap(annotated, name)
    for name in ("place_staged", "look_up", "quiet", "send_documents", "_stream_spans", "flush", "make_layers"):
        _wrap(store.PendingRows, name)
    _wrap(links.LinkStore, "__init__", "LinkStore.__init__")
    _wrap(links.LinkStore, "store", "LinkStore.store")
    _wrap(links.LinkStore, "finish", "LinkStore.finish")
    background.Background._run = _rows_thread  # type: ignore[method-assign]
    transaction = base.write_transaction

    @contextlib.contextmanager
    def committed(db):
        with transaction(db) as inside:
            yield inside
            EVENTS.append(("main", "COMMIT starts", time.perf_counter() - T0[0], 0.0, 0.0))
        EVENTS.append(("main", "COMMIT ended", time.perf_counter() - T0[0], 0.0, 0.0))

    base.write_transaction = committed  # type: ignore[assignment]


def main() -> None:
    corpus = sys.argv[1] if len(sys.argv) > 1 else "doccano-1k"
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 4
    _instrument()
    with tempfile.TemporaryDirectory(prefix="barchasb-timeline-") as folder:
        template = Path(folder) / "template.barchasb"
        Workspace.create(template).close()
        for run in range(runs):
            target = Path(folder) / f"run{run}.barchasb"
            shutil.copyfile(template, target)
            workspace = Workspace.open(target)
            EVENTS.clear()
            T0[0], cpu = time.perf_counter(), time.thread_time()
            options = annotated.ImportOptions("doccano")
            annotated.import_annotated(workspace, "bench", CORPORA / corpus / "corpus.jsonl", options)
            wall, cpu = time.perf_counter() - T0[0], time.thread_time() - cpu
            workspace.close()
            print(f"run {run}: {wall * 1000:.1f} ms, calling thread {cpu * 1000:.1f} ms of CPU")
    total: dict[tuple[str, str], list[float]] = {}
    for thread, what, start, wall, cpu in EVENTS:
        entry = total.setdefault((thread, what), [0, start, 0.0, 0.0])
        entry[0] += 1
        entry[2] += wall
        entry[3] += cpu
    print(f"last run, load {os.getloadavg()[0]:.2f}; {threading.active_count()} threads now")
    for (thread, what), (calls, start, wall, cpu) in sorted(total.items(), key=lambda item: item[1][1]):
        print(
            f"{thread:5} {what:42} x{calls:<5} at {start * 1000:7.1f}  wall {wall * 1000:6.1f}  cpu {cpu * 1000:6.1f}"
        )


if __name__ == "__main__":
    main()
