"""Propagation in a worker: a result that comes back after the layer changed is planned again, never
stored stale; the span list and the suggestion marks follow a label row by row, mark by mark."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from PySide6.QtCore import Qt

from journey import press, select_text, stored_spans

pytestmark = pytest.mark.gui

ONE = "علی به باکو رفت. در باکو با وزیر دیدار کرد و از باکو به تهران بازگشت."


@pytest.fixture
def project(documents_project):
    return documents_project(ONE)


@pytest.fixture
def window(project, open_window):
    return open_window(project)


def pending(path) -> list[tuple[int, int, str]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        sql = "SELECT start, \"end\", label FROM suggestions WHERE state = 'pending' ORDER BY start"
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def at(words: str, occurrence: int) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = ONE.index(words, start + 1)
    return start, start + len(words)


@pytest.fixture
def held(monkeypatch):
    """The worker's search waits until released: a label can come while it runs."""
    from desktop.workspace.suggestions.run import RunPlan

    release, started = threading.Event(), threading.Event()
    compute = RunPlan.compute

    def held_compute(self, *args, **kwargs):
        started.set()
        release.wait(10)
        return compute(self, *args, **kwargs)

    monkeypatch.setattr(RunPlan, "compute", held_compute)
    yield started, release
    release.set()


def test_a_label_while_propagation_runs_replans_it_and_stores_nothing_stale(window, project, qtbot, held):
    started, release = held
    select_text(qtbot, window, "باکو", 0)
    press(qtbot, window, Qt.Key.Key_4)
    qtbot.waitUntil(started.is_set)  # planned with one «باکو» labelled: it would propose the other two
    select_text(qtbot, window, "باکو", 1)
    press(qtbot, window, Qt.Key.Key_4)  # the second is labelled by hand meanwhile
    release.set()
    qtbot.waitUntil(lambda: not window.suggestions.propagation.busy)
    labelled = [(s, e, label) for _, s, e, label, _ in stored_spans(project)]
    assert labelled == [(*at("باکو", 0), "place"), (*at("باکو", 1), "place")]
    assert pending(project) == [(*at("باکو", 2), "place")]  # never the second, labelled by then
    assert [(s.start, s.end) for s in window.suggestions.items.values()] == [at("باکو", 2)]


def test_an_undo_while_propagation_runs_drops_it(window, project, qtbot, held):
    started, release = held
    select_text(qtbot, window, "باکو", 0)
    press(qtbot, window, Qt.Key.Key_4)
    qtbot.waitUntil(started.is_set)
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    release.set()
    qtbot.waitUntil(lambda: not window.suggestions.propagation.busy)
    assert stored_spans(project) == [] and pending(project) == []
    assert window.suggestions.items == {}


def test_a_label_adds_one_span_list_row_and_its_suggestion_marks(window, project, qtbot):
    model = window.span_panel.model
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    select_text(qtbot, window, "وزیر", 0)
    press(qtbot, window, Qt.Key.Key_1)
    select_text(qtbot, window, "باکو", 1)
    press(qtbot, window, Qt.Key.Key_4)
    qtbot.waitUntil(lambda: model.rowCount() == 2 and not window.suggestions.propagation.busy)
    assert resets == []  # rows inserted, never all rebuilt
    assert [model.index(row, 0).data() for row in range(2)] == ["باکو", "وزیر"]  # in reading order
    assert model.row_of(window.editor.current) == 0
    marks = sorted((window.view.mark(-i).start, window.view.mark(-i).end) for i in window.suggestions.items)
    assert marks == [at("باکو", 0), at("باکو", 2)]
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    assert model.index(0, 0).data() == "وزیر" and resets == []
