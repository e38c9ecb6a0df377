"""Relations in the real window: 1 MB, 20,000 spans, 5,000 stored relations (issue 15's budgets).

The project is a copy of `doc-1mb` with 5,000 relations written into it with
sqlite3 (neighbouring spans; one in ten reaches some 40 spans on). The window
is driven like an analyst: choose a span, R (relation mode: the tail goes to the
next span), Enter (the type chooser), the type's hotkey; each step is timed to
the document view's next paint with the event loop running (`PaintClock`), so
storing, the relations panel and everything queued before the paint counts.
"""

from __future__ import annotations

import sqlite3
import statistics
import time
from pathlib import Path

from bench.bench_relations import RELATIONS
from bench.bench_window import PaintClock, _repaints, _scrolls, bare_add, close_window, open_window, settle
from bench.corpus import STAMP, ensure, project_copy
from bench.harness import Budget, Context, Sample, case

DRAWN = ("bench_near", "#7b3fb3", "W")  # the type of the stored relations: any label to any label
ADDED = ("bench_add", "#d63384", "Q")  # the type the measured adds choose


def relations_project(ctx: Context, relations: int = RELATIONS) -> tuple[Path, int]:
    """A private copy of doc-1mb with `relations` relations in the big document's layer."""
    _, facts = ensure("doc-1mb")
    path = project_copy("doc-1mb", ctx.scratch / "project.barchasb")
    conn = sqlite3.connect(path)
    with conn:
        for order, (key, colour, hotkey) in enumerate((DRAWN, ADDED), start=100):
            conn.execute(
                "INSERT INTO relation_types (key, name_fa, name_en, color, hotkey, sort_order)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [key, key, key, colour, hotkey, order],
            )
        rows = conn.execute(
            "SELECT s.id, s.annotator_id FROM spans s JOIN annotators a ON a.id = s.annotator_id"
            " WHERE s.document_id = ? AND a.name = 'sara' ORDER BY s.start, s.\"end\", s.id",
            [facts["big_id"]],
        ).fetchall()
        step = len(rows) // relations
        pairs = []
        for i in range(relations):
            head = rows[i * step]
            tail = rows[min(len(rows) - 1, i * step + (40 if i % 10 == 0 else 1 + i % 3))]
            pairs.append((facts["big_id"], head[1], head[0], tail[0], DRAWN[0], "manual", STAMP, STAMP))
        conn.executemany(
            "INSERT INTO relations (document_id, annotator_id, head, tail, type, origin, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            pairs,
        )
    conn.close()
    return path, facts["big_id"]


def _window_on_middle(ctx: Context, with_relations: bool):
    if with_relations:
        path, doc = relations_project(ctx)
    else:
        folder, facts = ensure("doc-1mb")
        path, doc = folder / "project.barchasb", facts["big_id"]
    application = open_window(ctx, path)
    window = application.window
    window.open_document(doc)
    window.view.reveal(len(window.editor.text) // 2)
    settle()
    window.view.viewport().repaint()
    return application


def _press(clock: PaintClock, widget, key) -> float:
    from PySide6.QtTest import QTest

    clock.arm()
    QTest.keyClick(widget, key)
    return clock.wait()[0]


class ShownClock(PaintClock):
    """Times from `arm()` to the first paint of `widget` once `shown()` holds (paints of the
    closing type chooser's area come first and show nothing new)."""

    def __init__(self, widget, shown) -> None:
        super().__init__(widget)
        from PySide6.QtCore import QEvent, QObject

        clock = self

        class Filter(QObject):
            def eventFilter(self, watched, event):  # noqa: N802 (Qt override)
                if event.type() == QEvent.Type.Paint and clock.painted is None and shown():
                    clock.painted = time.perf_counter()
                    clock.painted_cpu = time.thread_time()
                return False

        widget.removeEventFilter(self._filter)
        self._filter = Filter()
        widget.installEventFilter(self._filter)


def _choose_type(clock: PaintClock, hotkey: str) -> None:
    """Once the type chooser pops up, start the clock and press the type's hotkey."""
    from PySide6.QtCore import QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from desktop.qt.relation_chooser import TypeChooser

    def poll() -> None:
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, TypeChooser) or not menu.isVisible():
            QTimer.singleShot(1, poll)
            return
        clock.arm()
        QTest.keyClick(menu, hotkey.lower())

    QTimer.singleShot(0, poll)


def _spans_on_page(window) -> list[int]:
    """Ids of the spans whose chips are on screen, in reading order."""
    view = window.view
    view.viewport().repaint()
    port = view.viewport().rect()
    corners = [view.cursorForPosition(p).position() for p in (port.topLeft(), port.bottomRight())]
    low, high = min(corners), max(corners)  # UTF-16 positions of the page's ends: near enough to pick spans
    near = [(s.start, i) for i, s in window.editor.spans.items() if low - 500 <= s.start <= high + 500]
    return [i for _, i in sorted(near) if view.chip_rect(i) is not None]


def add_by_keyboard(ctx: Context) -> Sample:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    application = _window_on_middle(ctx, with_relations=True)
    window = application.window
    clock = PaintClock(window.view.viewport())
    shown = len(window.relations._shown)
    drawn = ShownClock(window.view.viewport(), lambda: len(window.relations._shown) > shown)
    heads = _spans_on_page(window)[:-1]
    typed, started, stepped, cpu = [], [], [], []
    stored_before = _count(window)
    for head in heads[:23]:
        window.editor.select_span(head)
        settle()
        started.append(_press(clock, window.view, Qt.Key.Key_R))  # relation mode, the tail on the next span
        stepped.append(_press(clock, window.view, Qt.Key.Key_Tab))  # the tail one span on
        _choose_type(drawn, ADDED[2])
        QTest.keyClick(window.view, Qt.Key.Key_Return)  # the chooser; its hotkey arms the clock
        typed.append(drawn.wait()[0])
        cpu.append(drawn.cpu)
        shown = len(window.relations._shown)
    added = _count(window) - stored_before
    close_window(application)
    assert added == len(typed), (added, len(typed))
    warm = typed[3:]
    return Sample(
        statistics.median(warm),
        {
            "r_s": statistics.median(started[3:]),
            "cpu_s": statistics.median(cpu[3:]),  # the GUI thread's, the chooser's key to the arc's paint
            "tab_s": statistics.median(stepped[3:]),
            "notes": f"R (relation mode) {statistics.median(started[3:]) * 1000:.1f} ms, "
            f"Tab (next tail) {statistics.median(stepped[3:]) * 1000:.1f} ms to the next paint",
        },
    )


def _count(window) -> int:
    return len(window.relations.relations.of_document(window.editor.document_id))


@case(
    id="window.relation-add",
    corpora=("doc-1mb",),
    baseline=bare_add,
    unit="ms",
    runs=3,
    quick_runs=1,
    title="choose a span, R, Tab, Enter, the type's key -> stored -> painted (1 MB doc, 5,000 relations)",
    baseline_title="sqlite3 INSERT + durable COMMIT, then one repaint of a bare QPlainTextEdit",
    budget=Budget("<= 10 ms", max_value=0.010),
    note="the type's hotkey to the view's next paint; R and Tab in the notes",
)
def relation_add(ctx: Context) -> Sample:
    return add_by_keyboard(ctx)


def _window_scroll(ctx: Context, with_relations: bool) -> Sample:
    application = _window_on_middle(ctx, with_relations)
    times = _scrolls(application.window.view)
    arcs = len(application.window.view.relation_arcs())
    close_window(application)
    return times.sample({"notes": f"{arcs} arcs on the last page"} if with_relations else {})


@case(
    id="window.relations-scroll",
    corpora=("doc-1mb",),
    baseline=lambda ctx: _window_scroll(ctx, False),
    unit="ms",
    runs=3,
    quick_runs=1,
    title="scroll a page and repaint in the window (1 MB doc, 20,000 spans, 5,000 relations)",
    baseline_title="the same window and scroll without relations",
    budget=Budget("<= 10 ms", max_value=0.010),
)
def relations_scroll(ctx: Context) -> Sample:
    return _window_scroll(ctx, True)


def _window_repaint(ctx: Context, with_relations: bool) -> Sample:
    application = _window_on_middle(ctx, with_relations)
    times = _repaints(application.window.view)
    close_window(application)
    return times.sample()


@case(
    id="window.relations-repaint",
    corpora=("doc-1mb",),
    baseline=lambda ctx: _window_repaint(ctx, False),
    unit="ms",
    runs=3,
    quick_runs=1,
    title="repaint the page in the window (1 MB doc, 20,000 spans, 5,000 relations)",
    baseline_title="the same window and page without relations",
    budget=Budget("<= 10 ms", max_value=0.010),
)
def relations_repaint(ctx: Context) -> Sample:
    return _window_repaint(ctx, True)
