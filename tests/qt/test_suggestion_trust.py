"""Trust in suggestions in the window: source and score of the chosen suggestion, the Sources
dialog's per-source counts (Persian digits in Persian), muting a source from it."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from desktop.qt.source_names import source_name

from journey import back_from_dialog, choose_menu, on_modal, press, ready, stored_rows

pytestmark = pytest.mark.gui

TEXT = "وزیر گفت صادرات ۵۰ درصد رشد کرد و در باکو قرارداد بست. هیئت دوباره به باکو رفت."
LATIN_DIGITS = set("0123456789")


def table_rows(dialog) -> dict[str, list[str]]:
    """What the Sources table shows: first cell (the source) -> the other cells' texts."""
    table = dialog.table
    rows = {}
    for row in range(table.rowCount()):
        cells = [table.item(row, column).text() for column in range(table.columnCount())]
        rows[cells[0]] = cells[1:]
    return rows


def wait_for_suggestions(qtbot, window) -> None:
    items = window.suggestions.items
    qtbot.waitUntil(lambda: any(s.source == "gazetteer:places" for s in items.values()), timeout=20000)


def toggle_muted(qtbot, seen: list, name: str):
    """An act for `on_modal`: note the table, click the Muted cell of `name`'s row, press
    Space, note the table again, close the dialog."""

    def act(dialog) -> None:
        seen.append(table_rows(dialog))
        table = dialog.table
        row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == name)
        cell = table.visualItemRect(table.item(row, table.columnCount() - 1))
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, cell.center())
        qtbot.keyClick(table, Qt.Key.Key_Space)
        seen.append(table_rows(dialog))
        close = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Close")
        qtbot.mouseClick(close, Qt.MouseButton.LeftButton)

    return act


def open_sources(qtbot, window, act) -> None:
    handled = on_modal(qtbot, act)
    choose_menu(qtbot, window, "Suggestions", "Sources and their precision…")
    qtbot.waitUntil(lambda: bool(handled) and QApplication.activeModalWidget() is None)
    back_from_dialog(qtbot, window)


def test_the_sources_dialog_counts_in_persian_digits(one_document_project, open_app, qtbot):
    from desktop.qt.suggestion_sources import SourcesDialog

    window = open_app(one_document_project(TEXT), language="fa").window
    api = window.suggestions.api
    api.run_suggesters(sources=["rules", "gazetteers"])
    places = [s for s in api.suggestions(window.editor.document_id) if s.source == "gazetteer:places"]
    assert len(places) == 2
    api.accept_suggestion(places[0].id)
    api.reject_suggestion(places[1].id)
    window.suggestions.reload()
    pending = next(iter(window.suggestions.items.values()))
    window.suggestions.step(True)
    status = window.statusBar().currentMessage()
    assert "امتیاز" in status and not LATIN_DIGITS & set(status.replace("Y", "").replace("X", ""))
    assert pending is not None
    dialog = SourcesDialog(window.suggestions, window)
    qtbot.addWidget(dialog)
    rows = table_rows(dialog)
    assert rows["فهرست مکان‌ها"][:4] == ["۱", "۱", "۰", "۵۰٪"]  # accepted, rejected, pending, precision
    assert rows["قاعدهٔ رقم"][:4] == ["۰", "۰", "۱", "–"]
    assert not LATIN_DIGITS & set("".join(c for cells in rows.values() for c in cells))
    assert dialog.windowTitle() == "منبع‌های پیشنهاد"
    assert dialog.threshold.text() == "۵۰٪"  # the weak threshold's spin box too
    assert [b.text() for b in dialog.findChildren(QPushButton)] == ["خاموش کردن منبع‌های ضعیف", "بستن"]


def test_judge_open_the_sources_and_mute_one_from_the_keyboard_and_mouse(
    one_document_project, open_app, project_path, qtbot
):
    window = open_app(one_document_project(TEXT)).window
    ready(qtbot, window)
    press(qtbot, window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    wait_for_suggestions(qtbot, window)
    decided = []
    for key in (Qt.Key.Key_Y, Qt.Key.Key_X):
        press(qtbot, window, Qt.Key.Key_S)  # the next suggestion: its source and score in the status bar
        chosen = window.suggestions.items[window.suggestions.current]
        assert f"score {chosen.score:.2f}" in window.statusBar().currentMessage()
        press(qtbot, window, key)
        decided.append(chosen)
    states = dict(stored_rows(project_path, "SELECT id, state FROM suggestions WHERE state != 'pending'"))
    assert states == {decided[0].id: "accepted", decided[1].id: "rejected"}
    places = [s.id for s in window.suggestions.items.values() if s.source == "gazetteer:places"]
    assert places and all(window.view.mark(-i) is not None for i in places)
    seen: list = []
    open_sources(qtbot, window, toggle_muted(qtbot, seen, "places list"))
    before, after = seen
    for item in decided:  # each decided suggestion's source counts it
        same = [d for d in decided if d.source == item.source]
        accepted = sum(1 for d in same if d is decided[0])
        assert before[source_name(item.source)][:2] == [str(accepted), str(len(same) - accepted)]
    assert after["places list"][-1] == "muted" and before["places list"][-1] == ""
    muted = "SELECT value FROM settings WHERE key = 'suggestions.muted'"
    assert json.loads(stored_rows(project_path, muted)[0][0]) == ["gazetteer:places"]
    # Hidden in the window, still pending in the file.
    assert all(window.view.mark(-i) is None and i not in window.suggestions.items for i in places)
    states = "SELECT id, state FROM suggestions WHERE source = 'gazetteer:places'"
    assert dict(stored_rows(project_path, states)) == dict.fromkeys(places, "pending")
    # Unticking brings them back.
    open_sources(qtbot, window, toggle_muted(qtbot, seen, "places list"))
    assert seen[-1]["places list"][-1] == "" and json.loads(stored_rows(project_path, muted)[0][0]) == []
    assert all(window.view.mark(-i) is not None and i in window.suggestions.items for i in places)


def test_the_rejection_that_leaves_a_source_weak_offers_to_mute_it(one_document_project, open_app, qtbot):
    from desktop.core.suggestion import Suggestion
    from desktop.core.undo import AddSuggestions
    from desktop.workspace.suggestions.trust import MIN_DECISIONS

    window = open_app(one_document_project(TEXT)).window
    workspace, doc = window.bridge.workspace, window.editor.document_id
    me = workspace.annotator.id
    made = [Suggestion(doc, me, i, i + 1, "place", "crf", 0.3) for i in range(0, 2 * MIN_DECISIONS, 2)]
    workspace.apply_ops("add", [AddSuggestions(tuple(made))])
    api = window.suggestions.api
    stored = api.suggestions(doc)
    api.reject_suggestions([s.id for s in stored[1:]])  # 19 decisions: too few to judge
    window.suggestions.reload()
    ready(qtbot, window)
    press(qtbot, window, Qt.Key.Key_S)
    assert window.statusBar().currentMessage().startswith("Suggested by model, score 0.30")
    press(qtbot, window, Qt.Key.Key_X)
    assert window.statusBar().currentMessage() == (
        "model was right in 0% of 20 decisions: mute it in Suggestions › Sources and their precision…"
    )
    assert api.muted() == frozenset()  # offered, not done
