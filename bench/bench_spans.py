"""Storing spans through the workspace (durable: synchronous=FULL) on the 1 MB document."""

from __future__ import annotations

import random
import sqlite3
import statistics
import time

from bench.corpus import LABELS, ensure, project_copy
from bench.harness import Budget, Context, Sample, case

CALLS = 200


def _spots(ctx: Context, count: int) -> tuple[int, list[tuple[int, int, str]]]:
    """The big document's id and `count` fresh (start, end, label) on its words."""
    from desktop.text.tokens import tokenize

    folder, facts = ensure("doc-1mb")
    conn = sqlite3.connect(folder / "project.barchasb")
    text = conn.execute("SELECT text FROM documents WHERE id = ?", [facts["big_id"]]).fetchone()[0]
    taken = set(conn.execute('SELECT start, "end" FROM spans'))
    conn.close()
    words = [t for t in tokenize(text) if text[t[0]].isalpha()]
    rng = random.Random(ctx.run)
    spots = {(words[i][0], words[i + 1][1]) for i in rng.sample(range(len(words) - 1), count * 2)}
    return facts["big_id"], [(s, e, "event") for s, e in sorted(spots - taken)[:count]]


def add_baseline(ctx: Context) -> Sample:
    """sqlite3 alone: one INSERT and a durable COMMIT (WAL, synchronous=FULL), per span."""
    doc_id, spots = _spots(ctx, CALLS + 20)
    path = project_copy("doc-1mb", ctx.scratch / "project.barchasb")
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    times, cpu = [], []
    for start, end, label in spots:
        t0, cpu0 = time.perf_counter(), time.thread_time()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            'INSERT INTO spans (document_id, start, "end", label, annotator_id, origin,'
            " created_at, updated_at) VALUES (?, ?, ?, ?, 1, 'manual', 'x', 'x')",
            [doc_id, start, end, label],
        )
        conn.execute("COMMIT")
        times.append(time.perf_counter() - t0)
        cpu.append(time.thread_time() - cpu0)
    conn.close()
    return Sample(statistics.median(times[20:]), {"cpu_s": statistics.median(cpu[20:])})


@case(
    id="spans.add",
    corpora=("doc-1mb",),
    baseline=add_baseline,
    unit="ms",
    runs=3,
    quick_runs=1,
    title="store one new span: Workspace.add_span, durable (1 MB doc, 20k spans)",
    baseline_title="sqlite3: INSERT + COMMIT, WAL, synchronous=FULL",
    budget=Budget("<= 1 ms", max_value=0.001),
)
def add_span(ctx: Context) -> Sample:
    from desktop.workspace import Workspace

    doc_id, spots = _spots(ctx, CALLS + 20)
    workspace = Workspace.open(project_copy("doc-1mb", ctx.scratch / "project.barchasb"), "sara")
    times, cpu = [], []
    for start, end, label in spots:
        t0, cpu0 = time.perf_counter(), time.thread_time()
        workspace.add_span(doc_id, start, end, label)
        times.append(time.perf_counter() - t0)
        cpu.append(time.thread_time() - cpu0)
    workspace.close()
    times = times[20:]  # the first calls warm caches
    p90 = sorted(times)[int(len(times) * 0.9)]
    # CPU time of the calls (bench/paired.py): the fsync of the durable COMMIT is not in it.
    return Sample(statistics.median(times), {"p90_ms": round(p90 * 1000, 2), "cpu_s": statistics.median(cpu[20:])})


@case(
    id="spans.edit",
    corpora=("doc-1mb",),
    unit="ms",
    runs=3,
    quick_runs=1,
    title="relabel, delete, undo a span (median per call, 1 MB doc)",
)
def edit_spans(ctx: Context) -> Sample:
    from desktop.workspace import Workspace

    doc_id, spots = _spots(ctx, 60)
    workspace = Workspace.open(project_copy("doc-1mb", ctx.scratch / "project.barchasb"), "sara")
    ids = [workspace.add_span(doc_id, s, e, label).id for s, e, label in spots]
    relabel, delete, undo = [], [], []
    for i, span_id in enumerate(ids):
        relabel.append(_timed(lambda: workspace.update_span(span_id, label=LABELS[i % 8])))  # noqa: B023 (run at once)
        delete.append(_timed(lambda: workspace.delete_span(span_id)))  # noqa: B023 (run at once)
        undo.append(_timed(workspace.undo))
    workspace.close()
    ms = {
        name: round(statistics.median(values) * 1000, 3)
        for name, values in (("relabel_ms", relabel), ("delete_ms", delete), ("undo_ms", undo))
    }
    notes = ", ".join(f"{k[:-3]} {v:.2f} ms" for k, v in ms.items())
    return Sample(statistics.median(relabel + delete + undo), {**ms, "notes": notes})


def _timed(action) -> float:
    t0 = time.perf_counter()
    action()
    return time.perf_counter() - t0
