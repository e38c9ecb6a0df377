"""Actions are bound to their handlers in one table, checked when a window opens:
no handler is looked up by name, and an action without one is refused."""

from __future__ import annotations

import sqlite3

import pytest

from desktop.qt.actions import ACTIONS, ActionBindings, ActionSpec
from desktop.qt.review_commands import REVIEW_ACTIONS
from desktop.qt.window_actions import window_bindings
from desktop.workspace import Workspace

from helpers import add_document

pytestmark = pytest.mark.gui


@pytest.fixture
def app(project_path, open_app):
    ws = Workspace.create(project_path)
    ws.set_annotator("sara")
    add_document(ws, "علی به باکو رفت.", "one.txt")
    add_document(ws, "سند دوم درباره تهران است.", "two.txt")
    ws.close()
    return open_app(project_path)


def test_a_missing_or_stray_handler_is_refused_by_name():
    specs = (
        ActionSpec("save", "Save"),
        ActionSpec("dark", "Dark", checkable=True),
        ActionSpec("recent", "Recent", submenu=True),
    )
    with pytest.raises(ValueError, match=r"unbound \['save'\], unknown \['sav'\]"):
        ActionBindings(triggers={"sav": print}, toggles={"dark": print}, menus={"recent": list}).check(specs)
    with pytest.raises(ValueError, match=r"toggles: unbound \['dark'\]"):  # a checkable action needs a toggle
        ActionBindings(triggers={"save": print, "dark": print}, menus={"recent": list}).check(specs)
    ActionBindings(triggers={"save": print}, toggles={"dark": print}, menus={"recent": list}).check(specs)


def test_every_action_of_both_windows_is_bound(app):
    window = app.window
    window_bindings(window).check(ACTIONS)
    assert set(window.actions_by_id) >= {spec.id for spec in ACTIONS}
    window.commands.review_mode()
    assert window.review_window is not None
    window.review_window.commands.bindings().check(REVIEW_ACTIONS)
    window.review_window.close()  # a window left open would be seen by the next test


def test_actions_run_their_bound_handlers(app, project_path, qtbot):
    window = app.window
    zoom = window.settings.get("zoom")
    window.actions_by_id["zoom_in"].trigger()  # a trigger: takes no `checked`
    assert window.settings.get("zoom") == zoom + 1
    first = window.editor.document_id
    window.actions_by_id["next_document"].trigger()
    assert window.editor.document_id != first
    window.actions_by_id["mark_done"].trigger()  # typed bridge call, stored at once
    conn = sqlite3.connect(project_path)
    try:
        done = conn.execute("SELECT COUNT(*) FROM document_status WHERE status = 'done'").fetchone()[0]
    finally:
        conn.close()
    assert done == 1
    snap = window.actions_by_id["snap"]  # a toggle: gets the new state
    snap.trigger()
    assert window.editor.snap is snap.isChecked()
    with qtbot.waitSignal(window.language_change_requested) as asked:
        window.actions_by_id["persian_ui"].trigger()
    assert asked.args == ["fa"]
