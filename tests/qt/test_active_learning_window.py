"""Active learning in the real window: next document by uncertainty, retraining in the background."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.workspace import Workspace
from desktop.workspace.suggestions.queue import set_follows_queue, set_retrain_after
from desktop.workspace.suggestions.training import train_suggester

from helpers import add_document
from journey import press, ready, select_text, stored_rows

pytestmark = pytest.mark.gui

NAMES = ["علی رضایی", "مریم احمدی", "حسن کریمی", "زهرا نوری", "رضا موسوی", "سارا امینی"]
CITIES = ["تبریز", "شیراز", "مشهد", "اهواز", "کرمان", "رشت"]
STRANGE = "خانم لیلا کاظمی فردا به یزد می‌رود ."
UNLABELLED = {
    "other.txt": "خانم فاطمه جعفری دیروز از قم آمد .",
    "familiar.txt": "آقای حسن کریمی امروز در تبریز گفت که کار ادامه دارد .",
    "strange.txt": STRANGE,
}


@pytest.fixture
def project(project_path):
    """Twelve labelled documents and a model trained on them; three unlabelled; retraining after 2 spans."""
    ws = Workspace.create(project_path)
    ws.set_annotator("sara")
    for i in range(12):
        name, city = NAMES[i % 6], CITIES[(i * 5 + i // 6) % 6]
        text = f"آقای {name} امروز در {city} گفت که کار ادامه دارد ."
        doc = add_document(ws, text, f"d{i:02}.txt")
        ws.add_span(doc, text.index(name), text.index(name) + len(name), "official")
        ws.add_span(doc, text.index(city), text.index(city) + len(city), "place")
    ids = {name: add_document(ws, text, name) for name, text in UNLABELLED.items()}
    train_suggester(ws, "sara", params={"max_iterations": 40})
    set_retrain_after(ws, 2)
    set_follows_queue(ws, True)
    ws.close()
    return project_path, ids


def test_next_follows_the_queue_and_labelling_retrains_in_the_background(open_app, project, qtbot):
    path, ids = project
    window = open_app(path).window
    learning = window.active_learning
    ready(qtbot, window)
    qtbot.waitUntil(lambda: len(learning.queue) == 3, timeout=10000)
    before = {e.document: e.score for e in learning.queue}
    assert learning.queue[0].document == ids["strange.txt"]

    press(qtbot, window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.document_id == ids["strange.txt"]  # the most uncertain, not the next in the list

    select_text(qtbot, window, "لیلا کاظمی")
    press(qtbot, window, Qt.Key.Key_1)
    assert not learning.busy  # one span: not yet
    select_text(qtbot, window, "یزد")
    press(qtbot, window, Qt.Key.Key_4)
    assert learning.busy  # the second span started it, and the key press came back before it ended
    assert window.view.text() == STRANGE and len(window.editor.spans) == 2  # the window kept answering
    qtbot.waitUntil(lambda: not learning.busy, timeout=30000)
    assert "Model retrained on 13 documents" in window.statusBar().currentMessage()
    assert stored_rows(path, "SELECT json_extract(meta, '$.documents') FROM suggester_models") == [(13,)]

    after = {e.document: e.score for e in learning.queue}
    assert ids["strange.txt"] not in after  # labelled: out of the queue
    assert after[ids["other.txt"]] != before[ids["other.txt"]]  # scored by the new model
    press(qtbot, window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.document_id == learning.queue[0].document


def test_the_menu_toggle_is_stored_in_the_project(open_app, project, qtbot):
    path, _ = project
    window = open_app(path).window
    action = window.actions_by_id["next_by_uncertainty"]
    assert action.isChecked() and action.text() == "Next by uncertainty"
    action.trigger()
    assert stored_rows(path, "SELECT value FROM settings WHERE key = 'suggestions.next_by_uncertainty'") == [("false",)]


def test_without_a_model_the_toggle_says_how_to_train_one(open_app, project_path, qtbot):
    ws = Workspace.create(project_path)
    ws.set_annotator("sara")
    add_document(ws, "سند یکم .", "one.txt")
    ws.close()
    window = open_app(project_path).window
    window.actions_by_id["next_by_uncertainty"].trigger()
    assert "train" in window.statusBar().currentMessage().lower()
    assert window.save_label.text() == "Saved" and window.active_learning.queue == []
