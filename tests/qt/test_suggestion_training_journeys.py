"""Suggestions from the menus, judged by the window and the project file: training
shows its progress as it goes; a project with nothing open ignores suggestion commands."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt

from journey import choose_menu, press

pytestmark = pytest.mark.gui

SENTENCES = [
    "علی جهانگیری امروز به باکو رفت.",
    "حسن روحانی دیروز در تبریز گفت.",
    "علی جهانگیری فردا در اردبیل است.",
    "هیئت ایرانی به باکو و تبریز رفت.",
]
PEOPLE = {"علی جهانگیری": "official", "حسن روحانی": "official"}
PLACES = {"باکو": "place", "تبریز": "place", "اردبیل": "place"}


def stored_models(path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT name, layer FROM suggester_models").fetchall()
    finally:
        conn.close()


@pytest.fixture
def labelled_project(project_path):
    """Four documents in which sara has labelled people and places."""
    from formats.transfer_data import label_phrases

    from desktop.workspace import Workspace

    from helpers import add_document

    ws = Workspace.create(project_path)
    ws.set_annotator("sara")
    ids = [add_document(ws, text, f"{n}.txt") for n, text in enumerate(SENTENCES)]
    assert label_phrases(ws, {**PEOPLE, **PLACES}, ids) >= 8
    ws.close()
    return project_path


def test_training_from_the_menu_shows_advancing_progress_and_stores_the_model(
    labelled_project, open_window, qtbot, monkeypatch, capfd
):
    from desktop.qt import tasks

    shown: list[tuple[int, int]] = []
    set_value = tasks.QProgressDialog.setValue

    def record(dialog, value):
        shown.append((value, dialog.maximum()))
        set_value(dialog, value)

    monkeypatch.setattr(tasks.QProgressDialog, "setValue", record)
    window = open_window(labelled_project)
    choose_menu(qtbot, window, "Suggestions", "Train the model")
    qtbot.waitUntil(lambda: "Model trained on 4 documents" in window.statusBar().currentMessage(), timeout=60000)
    assert stored_models(labelled_project) == [("crf", "sara")]
    inside = [value for value, top in shown if 0 < value < top]
    assert len(set(inside)) >= 3 and inside == sorted(inside)  # the bar moves forward, in steps of the whole
    assert {top for _, top in shown} == {100}
    err = capfd.readouterr().err
    assert "Error" not in err and "Traceback" not in err


def test_suggest_for_this_document_in_an_empty_project_does_nothing(project_path, open_window, qtbot, capfd):
    from PySide6.QtWidgets import QApplication

    from desktop.workspace import Workspace

    Workspace.create(project_path).close()
    window = open_window(project_path)
    assert window.editor.document_id is None  # nothing to suggest in
    press(qtbot, window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.wait(300)  # long enough for a progress window (300 ms) or a failure to show
    assert QApplication.activeModalWidget() is None
    assert window.statusBar().currentMessage() == ""
    assert not [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window]
    err = capfd.readouterr().err
    assert "Error" not in err and "Traceback" not in err
