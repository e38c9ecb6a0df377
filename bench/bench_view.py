"""Benchmark the document view at the product's promised scale.

A 1 MB document (the seeds repeated, ~558k characters) with 20,000 spans:
open to first paint <= 150 ms, add a span and see it <= 10 ms, repaint or
scroll a page <= 10 ms. Prints medians of several runs.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_view.py
"""

from __future__ import annotations

import os
import random
import re
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QPlainTextEdit  # noqa: E402

from desktop.qt.document_view import DocumentView, SpanMark  # noqa: E402
from desktop.qt.fonts import document_font  # noqa: E402

RUNS = 5
SPANS = 20_000
SIZE = (1000, 800)
COLORS = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7")
CAPTIONS = ("شخص", "سازمان", "مکان", "تاریخ", "رویداد", "محصول", "کشور", "سمت")


def big_text(min_bytes: int = 1_000_000) -> str:
    seeds = "".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
    copies = -(-min_bytes // len(seeds.encode()))
    return seeds * copies


def make_marks(text: str, count: int, seed: int = 7) -> list[SpanMark]:
    """`count` spans of 1-3 words at random words; some overlap or nest."""
    rng = random.Random(seed)
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    marks = []
    for i, w in enumerate(sorted(rng.sample(range(len(words) - 3), count))):
        end = words[w + rng.randint(0, 2)][1]
        if text.find("\n", words[w][0], end) != -1:
            end = words[w][1]
        marks.append(SpanMark(i + 1, words[w][0], end, COLORS[i % 8], CAPTIONS[i % 8]))
    return marks


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def ms(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def paint(widget: QPlainTextEdit) -> None:
    widget.viewport().repaint()


def fresh(cls: type[QPlainTextEdit]) -> QPlainTextEdit:
    widget = cls()
    widget.resize(*SIZE)
    if cls is QPlainTextEdit:
        widget.setFont(document_font())
        widget.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    widget.show()
    QApplication.processEvents()
    return widget


def open_plain(widget: QPlainTextEdit, text: str, _marks: list[SpanMark]) -> None:
    widget.setPlainText(text)
    paint(widget)


def open_view(view: DocumentView, text: str, marks: list[SpanMark]) -> None:
    view.set_document(text, marks)
    paint(view)


def bench_open(cls: type[QPlainTextEdit], text: str, marks: list[SpanMark]) -> float:
    opener = open_view if cls is DocumentView else open_plain
    times = []
    for _ in range(RUNS):
        widget = fresh(cls)
        times.append(ms(lambda w=widget: opener(w, text, marks)))
        widget.deleteLater()
        QApplication.processEvents()
    return statistics.median(times)


def rss_child(kind: str) -> None:
    """In a fresh process: print the RSS growth of opening the document."""
    QApplication.instance() or QApplication([])
    text = big_text()
    marks = make_marks(text, SPANS) if kind == "view" else []
    widget = fresh(DocumentView if kind == "view" else QPlainTextEdit)
    before = rss_mib()
    (open_view if kind == "view" else open_plain)(widget, text, marks)
    print(rss_mib() - before)


def bench_rss(kind: str) -> float:
    """Median RSS growth (MiB) over fresh processes, so runs cannot share freed memory."""
    runs = [float(subprocess.run([sys.executable, __file__, "--rss", kind], check=True,
                                 capture_output=True, text=True).stdout) for _ in range(3)]
    return statistics.median(runs)


def bench_python_heap(text: str, marks: list[SpanMark]) -> float:
    """MiB of Python objects the view keeps for a document (index, caches)."""
    view = fresh(DocumentView)
    tracemalloc.start()
    view.set_document(text, marks)
    paint(view)
    retained = tracemalloc.get_traced_memory()[0] / 2**20
    tracemalloc.stop()
    view.deleteLater()
    return retained


def bench_add(view: DocumentView, text: str) -> float:
    times = []
    cursor = view.cursorForPosition(view.viewport().rect().center())
    for i in range(RUNS * 4):
        start = cursor.position() + i
        mark = SpanMark(10_000_000 + i, start, min(len(text), start + 6), "#e15759", "تازه")
        times.append(ms(lambda m=mark: (view.add_mark(m), paint(view))))
    return statistics.median(times)


def bench_repaint(view: DocumentView) -> float:
    return statistics.median(ms(lambda: paint(view)) for _ in range(RUNS * 4))


def bench_scroll(view: DocumentView) -> float:
    bar = view.verticalScrollBar()
    times = []
    for i in range(RUNS * 4):
        bar.setValue(bar.maximum() * i // (RUNS * 4))
        paint(view)
        times.append(ms(lambda: (bar.setValue(bar.value() + bar.pageStep()), paint(view))))
    return statistics.median(times)


def bench_jump(view: DocumentView, text: str) -> float:
    rng = random.Random(3)
    spots = [rng.randrange(len(text) - 10) for _ in range(RUNS * 4)]
    return statistics.median(ms(lambda s=s: (view.select_range(s, s + 5), paint(view))) for s in spots)


def main() -> None:
    app = QApplication.instance() or QApplication([])
    text = big_text()
    marks = make_marks(text, SPANS)
    print(f"document: {len(text.encode()) / 1e6:.2f} MB, {len(text):,} chars, {text.count(chr(10)):,} paragraphs; "
          f"{len(marks):,} spans; medians of {RUNS}+ runs; platform {app.platformName()}")
    base_ms = bench_open(QPlainTextEdit, text, [])
    open_ms = bench_open(DocumentView, text, marks)
    view = fresh(DocumentView)
    open_view(view, text, marks)
    rows = [
        ("setPlainText baseline (bare QPlainTextEdit + paint)", base_ms, None, f"RSS +{bench_rss('plain'):.1f} MiB"),
        ("open to first paint, 20k spans", open_ms, 150, f"RSS +{bench_rss('view'):.1f} MiB"),
        ("  of which Python heap kept by the view", 0.0, None, f"{bench_python_heap(text, marks):.1f} MiB"),
        ("add span -> repaint", bench_add(view, text), 10, ""),
        ("repaint page", bench_repaint(view), 10, ""),
        ("scroll a page -> repaint", bench_scroll(view), 10, ""),
        ("select_range far away -> repaint", bench_jump(view, text), None, ""),
    ]
    for name, value, budget, extra in rows:
        verdict = "" if budget is None else ("ok" if value <= budget else "OVER")
        limit = "" if budget is None else f"<= {budget} ms"
        shown = f"{value:8.1f} ms" if value else " " * 11
        print(f"{name:<52} {shown}  {limit:<10} {verdict:<4} {extra}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--rss"]:
        rss_child(sys.argv[2])
    else:
        main()
