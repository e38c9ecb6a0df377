"""Journeys through the label scheme editor (issue 12): add a label and use its hotkey,
change a hotkey and a name, delete a label with spans and undo it; by mouse and keys,
judged by the project file and what the window shows."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.core.hotkeys import RESERVED_HOTKEYS
from desktop.qt.actions import ACTIONS

from journey import press, ready, select_text, shown_spans, stored_spans, type_text

pytestmark = pytest.mark.gui

ONE = "علی جهانگیری، معاون اول، به باکو رفت. در باکو با وزیر دیدار کرد و به تهران بازگشت."


@pytest.fixture
def project(documents_project):
    return documents_project(ONE)


@pytest.fixture
def window(project, open_window):
    return open_window(project)


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def in_dialog(qtbot, window, *steps) -> None:
    """Open the scheme editor with its shortcut and run `steps(dialog)`, each a modal level
    deeper (the step before opens the form or question the next one answers), then close it."""
    done: list[int] = []

    def run(level, below=None):
        def act():
            dialog = QApplication.activeModalWidget()
            if dialog is None or dialog is below:  # a button's shortcut clicks it a moment later
                QTimer.singleShot(20, act)
                return
            dialog.activateWindow()  # offscreen, a new window is not made active by itself
            qtbot.waitUntil(dialog.isActiveWindow)
            if level + 1 < len(steps):
                QTimer.singleShot(0, run(level + 1, dialog))
            steps[level](dialog)
            if level:
                done.append(level)
            else:  # the deeper steps run while this waits; then close the editor
                qtbot.waitUntil(lambda: len(done) == len(steps) - 1)
                click(qtbot, dialog.close_button)

        return act

    QTimer.singleShot(0, run(0))
    press(qtbot, window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.activeModalWidget() is None
    ready(qtbot, window)  # back in the main window, as the analyst is after closing the editor


def choose_row(qtbot, dialog, key: str) -> None:
    table = dialog.table
    row = next(r for r in range(table.rowCount()) if table.item(r, 3).text().strip("\u2068\u2069") == key)
    rect = table.visualItemRect(table.item(row, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center())


def fill(qtbot, form, **fields) -> None:
    for name, text in fields.items():
        edit = getattr(form, f"{name}_edit")
        edit.setFocus()
        qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(edit, Qt.Key.Key_Delete)
        type_text(qtbot, edit, text)
    click(qtbot, form.ok_button)


def test_a_new_label_and_its_hotkey_work_at_once(window, project, qtbot):
    in_dialog(
        qtbot,
        window,
        lambda d: click(qtbot, d.buttons["add"]),
        lambda form: fill(qtbot, form, key="person", name_fa="شخص", name_en="Person", hotkey="b"),
    )
    assert window.palette_panel.button("person").text() == "Person  [B]"
    start, end = select_text(qtbot, window, "وزیر")
    press(qtbot, window, Qt.Key.Key_B)
    assert stored_spans(project) == [("one.txt", start, end, "person", "sara")]
    assert shown_spans(window) == [(start, end, "Person")]
    qtbot.waitUntil(lambda: window.span_panel.model.index(0, 1).data() == "Person")


def test_a_changed_hotkey_and_name_take_effect_at_once(window, project, qtbot):
    first = select_text(qtbot, window, "باکو")
    press(qtbot, window, Qt.Key.Key_4)
    in_dialog(
        qtbot,
        window,
        lambda d: (choose_row(qtbot, d, "place"), press(qtbot, d, Qt.Key.Key_F2)),
        lambda form: fill(qtbot, form, name_en="Location", hotkey="g"),
    )
    assert shown_spans(window) == [(*first, "Location")]
    second = select_text(qtbot, window, "تهران")
    press(qtbot, window, Qt.Key.Key_4)  # no label's key any more
    press(qtbot, window, Qt.Key.Key_G)
    assert stored_spans(project) == [("one.txt", *first, "place", "sara"), ("one.txt", *second, "place", "sara")]


def span_ids(path) -> list[tuple[int, str]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT id, label FROM spans ORDER BY id").fetchall()
    finally:
        conn.close()


def test_deleting_a_label_names_its_spans_and_ctrl_z_brings_them_back(window, project, qtbot):
    for words, key in (("باکو", Qt.Key.Key_4), ("تهران", Qt.Key.Key_4), ("وزیر", Qt.Key.Key_2)):
        select_text(qtbot, window, words)
        press(qtbot, window, key)
    before = span_ids(project)
    asked = []

    def answer(box):
        asked.append(box.text())
        click(qtbot, next(b for b in box.buttons() if b.text() == "Delete"))

    in_dialog(qtbot, window, lambda d: (choose_row(qtbot, d, "place"), click(qtbot, d.buttons["delete"])), answer)
    assert "deletes 2 spans in all layers (0 of them gold) and " in asked[0]  # and what propagation proposed
    assert span_ids(project) == [row for row in before if row[1] != "place"]
    assert [caption for *_, caption in shown_spans(window)] == ["Title / role"]
    assert "place" not in [k for k in window.actions_by_id if k.startswith("label_place")]
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert span_ids(project) == before
    assert sorted(caption for *_, caption in shown_spans(window)) == ["Place", "Place", "Title / role"]
    assert window.actions_by_id["label_place"].shortcuts()[0].toString() == "4"


def test_the_question_is_asked_in_persian_with_persian_numbers(project, open_app, qtbot):
    window = open_app(project, "fa").window
    ready(qtbot, window)
    select_text(qtbot, window, "باکو")
    press(qtbot, window, Qt.Key.Key_4)
    asked = []

    def answer(box: QMessageBox):
        asked.append((box.text(), sorted(b.text() for b in box.buttons())))
        click(qtbot, next(b for b in box.buttons() if b.text() == "لغو"))

    in_dialog(qtbot, window, lambda d: (choose_row(qtbot, d, "place"), click(qtbot, d.buttons["delete"])), answer)
    text, buttons = asked[0]
    assert "۱ بازه" in text and "1" not in text and buttons == ["حذف", "لغو"]
    assert [row[3] for row in stored_spans(project)] == ["place"]  # cancelled: nothing gone


def test_single_key_shortcuts_of_the_windows_are_never_a_labels_hotkey():
    from desktop.qt.review_commands import REVIEW_ACTIONS

    keys = {k for spec in ACTIONS for k in spec.shortcuts if len(k) == 1 and k.isalpha()}
    review = {k for spec in REVIEW_ACTIONS for k in spec.shortcuts if len(k) == 1 and k.isalpha()}
    assert keys | review <= RESERVED_HOTKEYS
