"""Journeys the stateful test (test_window_state_machine.py) found, driven by the
mouse and keys in the real window and judged by the project file."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt

from desktop.text.tokens import tokenize

from journey import caret_point, click_text, drag_select, press, select_text, stored_spans

pytestmark = pytest.mark.gui

SENTENCE = "شرکت‌های ایرانی در تهران و باکو گسترش یافتند و باکو آرام ماند. "
LONG = SENTENCE * 4  # a paragraph of several lines: every line but its last is wrapped
AND = (25, 26)  # the first «و», a word of one narrow letter
BAKU = (27, 31)


@pytest.fixture
def project(documents_project):
    return documents_project(LONG)


@pytest.fixture
def window(project, open_window):
    return open_window(project)


def on_a_wrapped_line(window, cp: int) -> bool:
    return caret_point(window.view, cp).y() < caret_point(window.view, len(LONG) - 1).y()


# On a wrapped right-to-left line Qt's hit test was a space's width off what it draws
# (found after a language switch, whose window the offscreen screen made narrower).


def test_a_drag_over_a_narrow_word_on_a_wrapped_line_labels_that_word(window, project, qtbot):
    assert select_text(qtbot, window, "و") == AND and on_a_wrapped_line(window, AND[0])
    press(qtbot, window, Qt.Key.Key_1)  # labelled «باکو», the word after, before the fix
    assert stored_spans(project) == [("one.txt", *AND, "official", "sara")]


def test_exact_characters_on_a_wrapped_line_are_the_ones_dragged_over(window, project, qtbot):
    start, end = select_text(qtbot, window, "تهران", 1)
    assert on_a_wrapped_line(window, start)
    press(qtbot, window, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)  # no snapping to hide a slip
    assert stored_spans(project) == [("one.txt", start, end, "place", "sara")]


def test_a_click_on_a_narrow_span_on_a_wrapped_line_chooses_it(window, project, qtbot):
    select_text(qtbot, window, "و")
    press(qtbot, window, Qt.Key.Key_1)
    select_text(qtbot, window, "باکو")
    press(qtbot, window, Qt.Key.Key_4)
    press(qtbot, window, Qt.Key.Key_Escape)
    click_text(qtbot, window, AND[0])
    press(qtbot, window, Qt.Key.Key_2)  # relabels the span clicked
    assert stored_spans(project) == [("one.txt", *AND, "title", "sara"), ("one.txt", *BAKU, "place", "sara")]


def test_every_word_of_a_wrapped_paragraph_is_labelled_exactly_by_a_drag_over_it(window, project, qtbot):
    missed = []
    words = [(s, e) for s, e in tokenize(LONG[: 2 * len(SENTENCE)]) if LONG[s].isalpha()]  # two lines and more
    for start, end in words:
        drag_select(qtbot, window.view, start, end)
        press(qtbot, window, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)  # exact characters
        stored = [row[1:3] for row in stored_spans(project)]
        if stored != [(start, end)]:
            missed.append((LONG[start:end], start, stored))
        if stored:
            press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert missed == []


def test_undoing_a_rejection_made_in_another_document_shows_that_document(documents_project, open_window, qtbot):
    # Found by the stateful test: Ctrl+Z travelled to the document of a span step, but a
    # suggestion's decision changed there out of sight while the window showed another.
    one, two = "به باکو رفت و از باکو برگشت.", "سند دوم درباره شیراز است."
    project = documents_project(one, two)
    window = open_window(project)
    select_text(qtbot, window, "باکو")
    press(qtbot, window, Qt.Key.Key_4)
    qtbot.waitUntil(lambda: decisions(project) == ["pending"])  # propagation proposes the second «باکو»
    press(qtbot, window, Qt.Key.Key_S)
    press(qtbot, window, Qt.Key.Key_X)
    assert decisions(project) == ["rejected"]
    press(qtbot, window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.view.text() == two
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert decisions(project) == ["pending"]
    assert window.view.text() == one  # the undo is shown where it happened


def decisions(project) -> list[str]:
    """The states of the project's suggestions, oldest first."""
    conn = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
    try:
        return [state for (state,) in conn.execute("SELECT state FROM suggestions ORDER BY id")]
    finally:
        conn.close()
