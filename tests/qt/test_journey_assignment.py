"""Journey: an annotator with documents assigned works down their queue, by the keyboard."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt

from desktop.workspace import Workspace
from desktop.workspace.project.assignment import assign_documents

from journey import press, ready

pytestmark = pytest.mark.gui

TEXTS = (
    "سند یکم درباره تهران است.",
    "سند دوم درباره باکو است.",
    "سند سوم درباره تبریز است.",
    "سند چهارم درباره اردبیل.",
)
CTRL = Qt.KeyboardModifier.ControlModifier


def _listed(window) -> list[str]:
    model = window.documents.model
    return [model.document_at(row).name for row in range(model.rowCount())]


def _done(path) -> list[int]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        query = "SELECT document_id FROM document_status s JOIN annotators a ON a.id = s.annotator_id"
        return [d for (d,) in conn.execute(query + " WHERE a.name = 'sara' AND status = 'done' ORDER BY 1")]
    finally:
        conn.close()


def test_next_document_walks_the_annotators_queue_and_the_toggle_lists_them_all(documents_project, open_app, qtbot):
    path = documents_project(*TEXTS)
    with Workspace.open(path) as manager:
        assign_documents(manager, ["sara"], [4, 2], actor="lead")
        assign_documents(manager, ["reza"], [1, 3], actor="lead")
    window = open_app(path).window
    ready(qtbot, window)
    assert window.view.text() == TEXTS[1]  # the first document of sara's queue, not of the project
    assert _listed(window) == ["two.txt", "four.txt"] and window.documents.queue_only.isVisible()

    press(qtbot, window, Qt.Key.Key_PageDown, CTRL)
    assert window.view.text() == TEXTS[3]
    press(qtbot, window, Qt.Key.Key_Return, CTRL)  # four.txt done
    assert _done(path) == [4]
    press(qtbot, window, Qt.Key.Key_PageDown, CTRL)  # round again, within the queue
    assert window.view.text() == TEXTS[1]
    press(qtbot, window, Qt.Key.Key_PageDown, CTRL | Qt.KeyboardModifier.ShiftModifier)  # next not done: none but here
    assert window.view.text() == TEXTS[1]
    press(qtbot, window, Qt.Key.Key_PageUp, CTRL)
    assert window.view.text() == TEXTS[3]

    # Unticked, the list holds every document, and the next one is the project's next.
    qtbot.mouseClick(window.documents.queue_only, Qt.MouseButton.LeftButton)
    assert _listed(window) == ["one.txt", "two.txt", "three.txt", "four.txt"]
    press(qtbot, window, Qt.Key.Key_PageUp, CTRL)
    assert window.view.text() == TEXTS[2]
    with Workspace.open(path) as manager:
        progress = manager.repo.assignment_progress()
    assert progress == {1: (2, 1), 2: (2, 0)}  # sara (the first layer) has one of two done


def test_documents_the_manager_assigns_while_the_window_is_open_become_the_queue(documents_project, open_app, qtbot):
    path = documents_project(*TEXTS)
    window = open_app(path).window
    ready(qtbot, window)
    assert _listed(window) == ["one.txt", "two.txt", "three.txt", "four.txt"]
    assert not window.documents.queue_only.isVisible()
    with Workspace.open(path) as manager:  # another process: the manager's command
        assign_documents(manager, ["sara"], [3], actor="lead")
    qtbot.waitUntil(lambda: _listed(window) == ["three.txt"], timeout=5000)
    assert window.documents.queue_only.isVisible()
    press(qtbot, window, Qt.Key.Key_PageDown, CTRL)
    assert window.view.text() == TEXTS[2]
