"""Journeys through the scheme editor's relation pages: a relation type added and used at
once, one in use refused with how many relations use it, an attribute field added and
edited in the span details panel; judged by the project file."""

from __future__ import annotations

import json
import time

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from journey import back_from_dialog, press, select_text, type_text
from journey import on_type_chooser as on_chooser
from journey import stored_rows as rows

pytestmark = pytest.mark.gui

TEXT = "علی جهانگیری، معاون اول رئیس‌جمهور، در تهران گفت که اوپک توافق تازه را امضا کرد."
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def project(documents_project):
    return documents_project(TEXT)


@pytest.fixture
def window(project, open_window):
    return open_window(project)


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def in_editor(qtbot, window, *steps) -> None:
    """Open the scheme editor (Ctrl+Shift+L), run each step on the next modal level, close it."""
    pending = list(steps)
    seen: list = []
    deadline = time.monotonic() + 20

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog in seen or not dialog.isVisible():
            if pending and time.monotonic() < deadline:
                QTimer.singleShot(20, poll)
            return
        seen.append(dialog)
        dialog.activateWindow()
        step = pending.pop(0)
        if pending:
            QTimer.singleShot(0, poll)
        step(dialog)

    QTimer.singleShot(0, poll)
    press(qtbot, window, Qt.Key.Key_L, CTRL_SHIFT)
    assert not pending and QApplication.activeModalWidget() is None
    back_from_dialog(qtbot, window)


def page(qtbot, dialog, index: int):
    bar = dialog.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, bar.tabRect(index).center())
    return dialog.tabs.widget(index)


def fill(qtbot, form, **fields) -> None:
    for name, text in fields.items():
        edit = getattr(form, f"{name}_edit")
        edit.setFocus()
        qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        type_text(qtbot, edit, text)


def check(qtbot, checks, key: str) -> None:
    """Tick a label in a head/tail list by clicking its check box."""
    item = next(checks.item(i) for i in range(checks.count()) if checks.item(i).data(Qt.ItemDataRole.UserRole) == key)
    rect = checks.visualItemRect(item)
    point = rect.center()
    point.setX(rect.right() - 8 if checks.layoutDirection() == Qt.LayoutDirection.RightToLeft else rect.left() + 8)
    qtbot.mouseClick(checks.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    assert item.checkState() == Qt.CheckState.Checked


def test_a_new_relation_type_is_stored_and_offered_between_its_labels(window, project, qtbot):
    def add(dialog) -> None:
        click(qtbot, page(qtbot, dialog, 1).buttons["add"])

    def form(form) -> None:
        fill(qtbot, form, key="spoke_in", name_fa="سخن گفت در", name_en="spoke in", hotkey="G")
        check(qtbot, form.heads, "official")
        check(qtbot, form.tails, "place")
        click(qtbot, form.ok_button)

    def close(dialog) -> None:
        assert dialog.relation_types.table.item(dialog.relation_types.table.rowCount() - 1, 2).text() == "spoke in"
        click(qtbot, dialog.close_button)

    steps = [add, form]
    in_editor_then_close(qtbot, window, steps, close)
    stored = rows(project, "SELECT name_en, hotkey, directed, heads, tails FROM relation_types WHERE key = 'spoke_in'")
    assert stored == [("spoke in", "G", 1, json.dumps(["official"]), json.dumps(["place"]))]
    assert ("spoke_in", "spoke in") in window.relations.type_choices()  # the relations panel's filter knows it


def in_editor_then_close(qtbot, window, steps, close) -> None:
    """Like `in_editor`, the editor closed by `close` once the deeper steps are done."""
    done: list[int] = []

    def first(dialog) -> None:
        steps[0](dialog)
        qtbot.waitUntil(lambda: len(done) == len(steps) - 1, timeout=20000)
        close(dialog)

    def deeper(step):
        def run(dialog) -> None:
            step(dialog)
            done.append(1)

        return run

    in_editor(qtbot, window, first, *(deeper(s) for s in steps[1:]))


def test_deleting_a_type_in_use_says_how_many_relations_use_it(window, project, qtbot):
    for words, key in (("علی جهانگیری", Qt.Key.Key_1), ("معاون اول رئیس‌جمهور", Qt.Key.Key_2)):
        select_text(qtbot, window, words)
        press(qtbot, window, key)
    press(qtbot, window, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)  # back to the official
    press(qtbot, window, Qt.Key.Key_R)
    on_chooser(qtbot, "H")
    press(qtbot, window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: rows(project, "SELECT type FROM relations") == [("holds",)])
    back_from_dialog(qtbot, window)  # the type chooser has closed
    told: list[str] = []

    def delete(dialog) -> None:
        relation_page = page(qtbot, dialog, 1)
        table = relation_page.table
        row = next(r for r in range(table.rowCount()) if table.item(r, 3).text().strip("\u2068\u2069") == "holds")
        table.selectRow(row)
        click(qtbot, relation_page.buttons["delete"])

    def answer(box) -> None:
        told.append(box.text.toPlainText())
        click(qtbot, box.ok_button)

    def close(dialog) -> None:
        click(qtbot, dialog.close_button)

    in_editor_then_close(qtbot, window, [delete, answer], close)
    assert "«holds» is used by 1 relations" in told[0]
    assert rows(project, "SELECT count(*) FROM relation_types WHERE key = 'holds'") == [(1,)]


def test_a_new_attribute_field_appears_in_the_span_details_panel(window, project, qtbot):
    def add(dialog) -> None:
        click(qtbot, page(qtbot, dialog, 2).buttons["add"])

    def form(form) -> None:
        fill(qtbot, form, name="party", name_en="Party")
        click(qtbot, form.ok_button)

    def close(dialog) -> None:
        click(qtbot, dialog.close_button)

    in_editor_then_close(qtbot, window, [add, form], close)
    assert rows(project, "SELECT label, name, kind, name_en FROM attribute_fields WHERE name = 'party'") == [
        ("official", "party", "text", "Party")
    ]
    select_text(qtbot, window, "علی جهانگیری")
    press(qtbot, window, Qt.Key.Key_1)
    press(qtbot, window, Qt.Key.Key_A)
    line = QApplication.focusWidget()
    assert line.objectName() == "attribute_party"
    type_text(qtbot, line, "اعتدال")
    press(qtbot, window, Qt.Key.Key_Return)
    assert [(n, json.loads(v)) for n, v in rows(project, "SELECT name, value FROM span_attributes")] == [
        ("party", "اعتدال")
    ]


def test_editing_a_type_in_use_cannot_change_its_key(window, project, qtbot):
    """Relations, relation rejections and gold provenance name their type by key, and no step
    renames it in all of them: the edit form keeps the key read-only (typing into it changes
    nothing), so an edit changes the names but never strands a relation under an old key."""
    for words, key in (("علی جهانگیری", Qt.Key.Key_1), ("معاون اول رئیس‌جمهور", Qt.Key.Key_2)):
        select_text(qtbot, window, words)
        press(qtbot, window, key)
    press(qtbot, window, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    press(qtbot, window, Qt.Key.Key_R)
    on_chooser(qtbot, "H")
    press(qtbot, window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: rows(project, "SELECT type FROM relations") == [("holds",)])
    back_from_dialog(qtbot, window)
    read_only: list[bool] = []

    def edit(dialog) -> None:
        relation_page = page(qtbot, dialog, 1)
        table = relation_page.table
        row = next(r for r in range(table.rowCount()) if table.item(r, 3).text().strip("\u2068\u2069") == "holds")
        table.selectRow(row)
        click(qtbot, relation_page.buttons["edit"])

    def form(form) -> None:
        read_only.append(form.key_edit.isReadOnly())
        fill(qtbot, form, key="owns", name_en="holds office")
        click(qtbot, form.ok_button)

    def close(dialog) -> None:
        click(qtbot, dialog.close_button)

    in_editor_then_close(qtbot, window, [edit, form], close)
    assert read_only == [True]
    assert rows(project, "SELECT key, name_en FROM relation_types WHERE key IN ('holds', 'owns')") == [
        ("holds", "holds office")
    ]
    assert rows(project, "SELECT type FROM relations") == [("holds",)]
