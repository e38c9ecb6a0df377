"""Memory: the window's resident set with the 5 MB document open, and over 50 opens.

Both run in the bench child process itself (the window is built in process, as
`bench_window` does), read `VmRSS` after the event loop is idle and a garbage
collection, and report counts too (Python objects alive), which the machine's
load does not change.
"""

from __future__ import annotations

import gc

from bench.bench_window import close_window, open_window, settle
from bench.corpus import ensure, project_copy
from bench.harness import Budget, Context, Sample, case, rss_now_mb

OPENS = 50
FIRST = 5  # growth is counted from here: the first opens fill caches meant to stay (fonts, glyphs)


def _idle_rss() -> float:
    settle()
    gc.collect()
    settle()
    return rss_now_mb()[0]


def bare_5mb(ctx: Context) -> Sample:
    """A bare QPlainTextEdit holding the same text, painted: what Qt needs for the text alone."""
    import sqlite3

    from PySide6.QtWidgets import QApplication, QPlainTextEdit

    from desktop.qt.fonts import document_font

    folder, facts = ensure("doc-5mb")
    conn = sqlite3.connect(folder / "project.barchasb")
    text = conn.execute("SELECT text FROM documents WHERE id = ?", [facts["big_id"]]).fetchone()[0]
    conn.close()
    QApplication.instance() or QApplication([])
    editor = QPlainTextEdit()
    editor.setFont(document_font())
    editor.resize(760, 700)
    editor.show()
    editor.setPlainText(text)
    editor.viewport().repaint()
    rss = _idle_rss()
    editor.deleteLater()
    settle()
    return Sample(rss, {"rss_mb": rss})


@case(
    id="memory.open-5mb",
    corpora=("doc-5mb",),
    baseline=bare_5mb,
    unit="MB",
    runs=1,
    quick_runs=0,  # --quick leaves the 5 MB document out
    title="resident memory with the 5 MB / 100,000-span document open in the window, idle",
    baseline_title="a bare QPlainTextEdit holding the same text, painted",
    budget=Budget("<= 400 MB", max_value=400),
)
def open_5mb(ctx: Context) -> Sample:
    folder, facts = ensure("doc-5mb")
    application = open_window(ctx, folder / "project.barchasb")
    before = _idle_rss()
    application.window.open_document(facts["big_id"])
    rss = _idle_rss()
    peak = rss_now_mb()[1]
    objects = len(gc.get_objects())
    close_window(application)
    return Sample(
        rss,
        {
            "rss_mb": rss,
            "objects": objects,
            "notes": f"window on the short document {before:.0f} MB; peak {peak:.0f} MB; {objects:,} Python objects",
        },
    )


@case(
    id="memory.50-opens",
    corpora=("docs-50",),
    unit="MB",
    runs=1,
    quick_runs=1,
    title=f"resident memory grown from open {FIRST} to open {OPENS} of different documents (60-100 KB, 1,000 spans)",
    budget=Budget("<= 10 MB", max_value=10),
)
def fifty_opens(ctx: Context) -> Sample:
    path = project_copy("docs-50", ctx.scratch / "project.barchasb")
    application = open_window(ctx, path)
    window = application.window
    rss: dict[int, float] = {}
    objects: dict[int, int] = {}
    for n in range(1, OPENS + 1):
        window.open_document(n)
        settle()
        if n in (1, FIRST, OPENS):
            rss[n] = _idle_rss()
            objects[n] = len(gc.get_objects())
    close_window(application)
    grown = rss[OPENS] - rss[FIRST]
    return Sample(
        grown,
        {
            "rss_mb": rss[OPENS],
            "objects_grown": objects[OPENS] - objects[FIRST],
            "notes": f"RSS after open 1 {rss[1]:.0f} MB, open {FIRST} {rss[FIRST]:.0f} MB, open {OPENS} "
            f"{rss[OPENS]:.0f} MB; Python objects {objects[FIRST]:,} -> {objects[OPENS]:,}",
        },
    )
