"""Suggestions in the window: shown apart, accepted and rejected from the keyboard, undoable."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt

pytestmark = pytest.mark.gui

TEXT = "وزیر گفت صادرات ۵۰ درصد رشد کرد و در باکو قرارداد بست. هیئت دوباره به باکو رفت."


@pytest.fixture
def window(one_document_project, open_app):
    return open_app(one_document_project(TEXT)).window


def rows(path, sql):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_suggest_accept_reject_and_undo_from_the_keyboard(window, project_path, qtbot):
    view = window.view
    window.suggestions.run()  # rules and gazetteers over this document, in the background
    qtbot.waitUntil(lambda: any(s.label == "figure" for s in window.suggestions.items.values()), timeout=20000)
    figure = next(s for s in window.suggestions.items.values() if s.label == "figure")
    assert TEXT[figure.start : figure.end] == "۵۰ درصد"
    mark = view.mark(-figure.id)
    assert mark.style == "suggested" and "rule" in mark.caption
    assert rows(project_path, "SELECT count(*) FROM spans") == [(0,)]  # suggestions are not spans
    window.suggestions.current = figure.id
    qtbot.keyClick(view, Qt.Key.Key_Y)
    assert rows(project_path, 'SELECT start, "end", label, origin FROM spans') == [
        (figure.start, figure.end, "figure", "suggested")
    ]
    assert figure.id not in window.suggestions.items
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert rows(project_path, "SELECT count(*) FROM spans") == [(0,)]
    assert figure.id in window.suggestions.items  # pending again, back on screen
    window.suggestions.current = figure.id
    qtbot.keyClick(view, Qt.Key.Key_X)
    assert rows(project_path, f"SELECT state FROM suggestions WHERE id = {figure.id}") == [("rejected",)]
    window.suggestions.run()
    qtbot.wait(300)
    qtbot.waitUntil(lambda: figure.id not in window.suggestions.items, timeout=20000)
    assert rows(
        project_path,
        f"SELECT count(*) FROM suggestions WHERE start = {figure.start} AND label = 'figure' AND state = 'pending'",
    ) == [(0,)]


def test_a_new_label_is_suggested_elsewhere_and_undo_still_undoes_the_label(window, project_path, qtbot):
    view = window.view
    first = TEXT.index("باکو")
    second = TEXT.index("باکو", first + 1)
    view.select_range(first, first + 4)
    qtbot.keyClick(view, Qt.Key.Key_4)
    qtbot.waitUntil(lambda: any(s.source == "propagation" for s in window.suggestions.items.values()))
    propagated = [s for s in window.suggestions.items.values() if s.source == "propagation"]
    assert [(s.start, s.end, s.label) for s in propagated] == [(second, second + 4, "place")]
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert rows(project_path, "SELECT count(*) FROM spans") == [(0,)]


def test_next_suggestion_then_accept_every_one_in_bulk(window, project_path, qtbot):
    window.suggestions.run()
    qtbot.waitUntil(lambda: len(window.suggestions.items) >= 1, timeout=20000)
    count = len(window.suggestions.items)
    qtbot.keyClick(window.view, Qt.Key.Key_S)
    assert window.suggestions.current in window.suggestions.items
    qtbot.keyClick(window.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert rows(project_path, "SELECT count(*) FROM spans WHERE origin = 'suggested'") == [(count,)]
    assert window.suggestions.items == {}


def test_gazetteer_dialog_adds_and_removes_entries(window, qtbot):
    from desktop.qt.gazetteer_dialog import GazetteerDialog

    dialog = GazetteerDialog(window.bridge, window)
    qtbot.addWidget(dialog)
    assert dialog.lists.count() >= 1  # the shipped lists, copied in on first use
    dialog.lists.setCurrentIndex(dialog.lists.findData("places") if dialog.lists.findData("places") >= 0 else 0)
    before = dialog.entries.count()
    dialog.new_entry.setText("قره‌باغ کوهستانی")
    dialog.add_entry()
    assert dialog.entries.count() == before + 1
    item = dialog.entries.findItems("قره‌باغ کوهستانی", Qt.MatchFlag.MatchExactly)[0]
    item.setSelected(True)
    dialog.remove_selected()
    assert dialog.entries.count() == before


def test_labelling_a_suggested_word_hides_its_suggestion_and_undo_shows_it_again(window, project_path, qtbot):
    """The layer follows span changes in memory (no re-read per label): what it shows must still be right."""
    view = window.view
    first = TEXT.index("باکو")
    second = TEXT.index("باکو", first + 1)
    view.select_range(first, first + 4)
    qtbot.keyClick(view, Qt.Key.Key_4)
    qtbot.waitUntil(lambda: any(s.source == "propagation" for s in window.suggestions.items.values()))
    (suggestion_id,) = window.suggestions.items
    view.select_range(second, second + 4)
    qtbot.keyClick(view, Qt.Key.Key_4)  # the annotator labels it by hand: the suggestion is drawn now
    stored = rows(project_path, 'SELECT start, "end", label FROM spans ORDER BY start')
    assert stored[1] == (second, second + 4, "place")
    assert window.suggestions.items == {} and view.mark(-suggestion_id) is None
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert rows(project_path, "SELECT count(*) FROM spans") == [(1,)]
    assert list(window.suggestions.items) == [suggestion_id] and view.mark(-suggestion_id) is not None
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the first label goes too
    assert rows(project_path, "SELECT count(*) FROM spans") == [(0,)]
