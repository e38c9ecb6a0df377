"""The document view alone (no database, no window): set a big document with its marks, paint.

Isolates DocumentView from the window rows in bench_window.py: the difference
between the two is the database read and the editor's span objects.
"""

from __future__ import annotations

import sqlite3
import statistics
import time
import tracemalloc

from bench.bench_window import VIEW_SIZE, Timings, bare_open, settle
from bench.corpus import LABELS, ensure
from bench.harness import Context, Sample, case, rss_now_mb

COLOURS = ("#d64541", "#e67e22", "#2f80ed", "#27ae60", "#9b51e0", "#119da4", "#d63384", "#b7950b")


def _document(corpus: str):
    from desktop.qt.document_view import SpanMark

    folder, facts = ensure(corpus)
    conn = sqlite3.connect(folder / "project.barchasb")
    doc = facts["big_id"]
    text = conn.execute("SELECT text FROM documents WHERE id = ?", [doc]).fetchone()[0]
    colour = dict(zip(LABELS, COLOURS))
    marks = [
        SpanMark(i, s, e, colour[label], label)
        for i, s, e, label in conn.execute('SELECT id, start, "end", label FROM spans WHERE document_id = ?', [doc])
    ]
    conn.close()
    return text, marks


def _view():
    from PySide6.QtWidgets import QApplication

    from desktop.qt.document_view import DocumentView

    QApplication.instance() or QApplication([])
    view = DocumentView()
    view.resize(*VIEW_SIZE)
    view.show()
    settle()
    return view


def _open(corpus: str, ctx: Context) -> Sample:
    text, marks = _document(corpus)
    times = Timings()
    for _ in range(5):
        view = _view()
        start, start_cpu = time.perf_counter(), time.thread_time()
        view.set_document(text, marks)
        view.viewport().repaint()
        times.append(time.perf_counter() - start)
        times.cpu.append(time.thread_time() - start_cpu)
        view.deleteLater()
        settle()
    view = _view()
    before = rss_now_mb()[0]
    tracemalloc.start()
    view.set_document(text, marks)
    view.viewport().repaint()
    heap = tracemalloc.get_traced_memory()[0] / 2**20
    tracemalloc.stop()
    grown = rss_now_mb()[0] - before
    return times.sample(
        {
            "rss_growth_mb": round(grown, 1),
            "python_heap_mb": round(heap, 1),
            "notes": f"{len(marks):,} marks; RSS +{grown:.0f} MB, of which Python objects the view keeps {heap:.1f} MB",
        },
    )


@case(
    id="view.open-1mb",
    corpora=("doc-1mb",),
    baseline=bare_open("doc-1mb"),
    unit="ms",
    runs=2,
    quick_runs=1,
    title="DocumentView.set_document + first paint: 1 MB, 20,000 marks",
    baseline_title="QPlainTextEdit.setPlainText of the same text + one paint",
)
def open_1mb(ctx: Context) -> Sample:
    return _open("doc-1mb", ctx)


@case(
    id="view.open-5mb",
    corpora=("doc-5mb",),
    baseline=bare_open("doc-5mb"),
    unit="ms",
    runs=1,
    quick_runs=0,
    title="DocumentView.set_document + first paint: 5 MB, 100,000 marks",
    baseline_title="QPlainTextEdit.setPlainText of the same text + one paint",
)
def open_5mb(ctx: Context) -> Sample:
    return _open("doc-5mb", ctx)


@case(
    id="view.add-mark",
    corpora=("doc-1mb", "doc-5mb"),
    unit="ms",
    runs=2,
    quick_runs=0,
    title="DocumentView.add_mark + repaint (5 MB, 100,000 marks)",
)
def add_mark(ctx: Context) -> Sample:
    from desktop.qt.document_view import SpanMark

    text, marks = _document("doc-5mb" if not ctx.quick else "doc-1mb")
    view = _view()
    view.set_document(text, marks)
    view.reveal(len(text) // 2)
    settle()
    position = view.cursorForPosition(view.viewport().rect().center()).position()
    times = []
    for i in range(20):
        mark = SpanMark(10_000_000 + i, position + i, position + i + 5, "#e15759", "تازه")
        start = time.perf_counter()
        view.add_mark(mark)
        view.viewport().repaint()
        times.append(time.perf_counter() - start)
    return Sample(statistics.median(times))
