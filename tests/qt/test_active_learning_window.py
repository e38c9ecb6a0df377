"""Active learning in the real window: next document by uncertainty, retraining in the background."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import Qt

from desktop.qt.tasks import Task
from desktop.workspace import Workspace
from desktop.workspace.suggestions.decisions import Suggestions
from desktop.workspace.suggestions.queue import set_follows_queue, set_retrain_after
from desktop.workspace.suggestions.training import TrainingJob, train_suggester

from helpers import add_document
from journey import choose_menu, press, ready, select_text, stored_rows, stored_spans

pytestmark = pytest.mark.gui

NAMES = ["علی رضایی", "مریم احمدی", "حسن کریمی", "زهرا نوری", "رضا موسوی", "سارا امینی"]
CITIES = ["تبریز", "شیراز", "مشهد", "اهواز", "کرمان", "رشت"]
STRANGE = "خانم لیلا کاظمی فردا به یزد می‌رود ."
UNLABELLED = {
    "other.txt": "خانم فاطمه جعفری دیروز از قم آمد .",
    "familiar.txt": "آقای حسن کریمی امروز در تبریز گفت که کار ادامه دارد .",
    "strange.txt": STRANGE,
}


def build(project_path, *, follows: bool = True, suggest: bool = False) -> dict[str, int]:
    """Twelve labelled documents and a model trained on them; three unlabelled (with the model's
    suggestions when `suggest`); retraining after 2 spans. The unlabelled documents' ids by name."""
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
    if suggest:
        Suggestions(ws).run_suggesters(list(ids.values()), sources=["crf"])
    set_retrain_after(ws, 2)
    set_follows_queue(ws, follows)
    ws.close()
    return ids


FOLLOW = "suggestions.next_by_uncertainty"
SUGGESTIONS = 'SELECT id, start, "end", label, source, score, state FROM suggestions'


def shown_suggestions(window) -> list[tuple[int, int, str, int]]:
    """The suggestion marks the view draws: (start, end, caption, suggestion id)."""
    marks = [window.view.mark(-i) for i in window.suggestions.items]
    return sorted((m.start, m.end, m.caption, -m.id) for m in marks if m is not None)


@pytest.fixture
def project(project_path):
    return project_path, build(project_path)


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


def test_the_document_menu_turns_next_by_uncertainty_on_and_off(open_app, project_path, qtbot):
    ids = build(project_path, follows=False)
    window = open_app(project_path).window
    learning, action = window.active_learning, window.actions_by_id["next_by_uncertainty"]
    ready(qtbot, window)
    assert not action.isChecked() and learning.queue == []  # off: nothing scored at opening
    press(qtbot, window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    listed = window.editor.document_id
    assert listed not in ids.values()  # the next row of the list

    choose_menu(qtbot, window, "Document", "Next by uncertainty")
    assert action.isChecked()
    assert stored_rows(project_path, f"SELECT value FROM settings WHERE key = '{FOLLOW}'") == [("true",)]
    qtbot.waitUntil(lambda: len(learning.queue) == 3, timeout=10000)  # turning it on scored the documents
    ready(qtbot, window)  # back to the text (offscreen, the closed menu keeps the activation)
    press(qtbot, window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.document_id == ids["strange.txt"]  # the queue's head, not row `listed` + 1
    press(qtbot, window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.document_id == ids["other.txt"]  # the queue's second

    choose_menu(qtbot, window, "Document", "Next by uncertainty")
    assert not action.isChecked()
    assert stored_rows(project_path, f"SELECT value FROM settings WHERE key = '{FOLLOW}'") == [("false",)]
    ready(qtbot, window)
    press(qtbot, window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.document_id == ids["familiar.txt"]  # the list again (the queue would say strange.txt)


def test_retraining_keeps_the_window_answering_and_the_suggestions_under_the_cursor(
    open_app, project_path, qtbot, monkeypatch
):
    ids = build(project_path, suggest=True)
    release = threading.Event()
    train = TrainingJob.run

    def held_training(job, *args, **kwargs):  # the worker waits until the test has used the window
        release.wait(30)
        return train(job, *args, **kwargs)

    monkeypatch.setattr(TrainingJob, "run", held_training)
    window = open_app(project_path).window
    learning, strange = window.active_learning, ids["strange.txt"]
    ready(qtbot, window)
    qtbot.waitUntil(lambda: len(learning.queue) == 3, timeout=10000)
    press(qtbot, window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.document_id == strange
    suggested = STRANGE.index("لیلا کاظمی")
    shown = shown_suggestions(window)
    assert [(start, end, caption.split(" · ")[0]) for start, end, caption, _ in shown] == [
        (suggested, suggested + 10, "Official")  # the model's, with its source after the label
    ]
    stored = stored_rows(project_path, f"{SUGGESTIONS} WHERE document_id = {strange}")
    try:
        select_text(qtbot, window, "یزد")
        press(qtbot, window, Qt.Key.Key_4)
        select_text(qtbot, window, "فردا")
        press(qtbot, window, Qt.Key.Key_6)  # the second span since the last training: it starts again
        assert learning.busy and "Retraining" in window.statusBar().currentMessage()
        # While the worker trains, the window answers keys, and what they do is stored at once.
        select_text(qtbot, window, "خانم")
        press(qtbot, window, Qt.Key.Key_2)
        assert ("strange.txt", 0, 4, "title", "sara") in stored_spans(project_path)
        press(qtbot, window, Qt.Key.Key_S)  # the analyst moves to the suggestion
        assert learning.busy
    finally:
        release.set()
    qtbot.waitUntil(lambda: not learning.busy, timeout=30000)
    assert "Model retrained on 13 documents" in window.statusBar().currentMessage()
    assert stored_rows(project_path, "SELECT json_extract(meta, '$.documents') FROM suggester_models") == [(13,)]
    # The new model is stored, but what is under the analyst's cursor stays as it was.
    assert shown_suggestions(window) == shown
    assert stored_rows(project_path, f"{SUGGESTIONS} WHERE document_id = {strange}") == stored
    press(qtbot, window, Qt.Key.Key_Y)  # and accepting it still takes the suggestion shown
    assert ("strange.txt", suggested, suggested + 10, "official", "sara") in stored_spans(project_path)
    qtbot.waitUntil(lambda: not learning.busy, timeout=30000)  # that span was the second: one more retraining


@pytest.fixture
def slow_return(monkeypatch) -> threading.Event:
    """Workers go on for half a second after reporting their result, as one freeing a model does
    under load; the event is set once one has returned."""
    run, returned = Task.run, threading.Event()

    def reported_then_slow(task):
        run(task)
        time.sleep(0.5)
        returned.set()

    monkeypatch.setattr(Task, "run", reported_then_slow)
    return returned


def test_a_worker_that_has_reported_is_deleted_only_once_it_has_returned(open_app, project, qtbot, slow_return):
    path, _ids = project
    window = open_app(path).window
    learning = window.active_learning
    ready(qtbot, window)
    qtbot.waitUntil(lambda: len(learning.queue) == 3, timeout=10000)  # the scoring reported
    assert not learning.busy and not slow_return.is_set()
    workers = learning.findChildren(Task)
    assert len(workers) == 1 and workers[0].isRunning()  # still returning: deleting it would abort
    qtbot.waitUntil(lambda: not learning.findChildren(Task), timeout=10000)  # deleted once it has
    assert slow_return.is_set() and len(learning.queue) == 3


def test_closing_the_window_waits_for_a_worker_that_has_reported_but_not_returned(
    open_app, project, qtbot, slow_return
):
    path, _ids = project
    window = open_app(path).window
    learning = window.active_learning
    ready(qtbot, window)
    qtbot.waitUntil(lambda: len(learning.queue) == 3, timeout=10000)
    assert not slow_return.is_set()
    window.close()
    assert slow_return.is_set()  # its thread is done before the window and its objects can go
    assert all(task.isFinished() for task in learning.findChildren(Task))


def test_without_a_model_the_toggle_says_how_to_train_one(open_app, project_path, qtbot):
    ws = Workspace.create(project_path)
    ws.set_annotator("sara")
    add_document(ws, "سند یکم .", "one.txt")
    ws.close()
    window = open_app(project_path).window
    window.actions_by_id["next_by_uncertainty"].trigger()
    assert "train" in window.statusBar().currentMessage().lower()
    assert window.save_label.text() == "Saved" and window.active_learning.queue == []
