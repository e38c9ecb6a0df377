"""The window says which learner suggests: after Suggestions › Train the model (status bar) and in
Suggestions › Sources and their precision… (stand-in learners with fixed F1s, so the test is fast)."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from desktop.workspace.suggestions import learners

from fake_learners import fake_learners
from journey import back_from_dialog, choose_menu, on_modal

pytestmark = pytest.mark.gui

CITIES = ["تبریز", "شیراز", "مشهد"]
LATIN_DIGITS = set("0123456789")


@pytest.fixture
def labelled_project(project_path):
    """Twelve documents with a place labelled in sara's layer."""
    from desktop.workspace import Workspace

    from helpers import add_document

    ws = Workspace.create(project_path)
    ws.set_annotator("sara")
    for i in range(12):
        city = CITIES[i % 3]
        text = f"خبر {i}: سفر به {city} آغاز شد ."
        doc = add_document(ws, text, f"d{i}.txt")
        ws.add_span(doc, text.index(city), text.index(city) + len(city), "place")
    ws.close()
    return project_path


def learner_shown(qtbot, window) -> str:
    """Open the Sources dialog from the menu, read its learner line, close it."""
    seen: list[str] = []

    def act(dialog) -> None:
        seen.append(dialog.learner.text())
        close = next(b for b in dialog.findChildren(QPushButton) if b.text() in ("Close", "بستن"))
        qtbot.mouseClick(close, Qt.MouseButton.LeftButton)

    handled = on_modal(qtbot, act)
    choose_menu(qtbot, window, *[m for m in _sources_menu(window)])
    qtbot.waitUntil(lambda: bool(handled) and QApplication.activeModalWidget() is None)
    back_from_dialog(qtbot, window)
    return seen[0]


def _sources_menu(window) -> tuple[str, str]:
    fa = window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    return ("پیشنهادها", "منبع‌ها و دقتشان…") if fa else ("Suggestions", "Sources and their precision…")


def test_training_says_which_learner_won_and_the_sources_dialog_keeps_saying_it(
    labelled_project, open_window, qtbot, monkeypatch
):
    monkeypatch.setattr(learners, "LEARNERS", fake_learners("spacy"))
    window = open_window(labelled_project)
    assert learner_shown(qtbot, window) == "Learner in use: none yet (Suggestions › Train the model)"
    choose_menu(qtbot, window, "Suggestions", "Train the model")
    qtbot.waitUntil(lambda: "Model trained on 12 documents" in window.statusBar().currentMessage(), timeout=20000)
    wanted = "Learner in use: spaCy NER, held-out F1 1.00 against CRF 0.00 on 2 documents"
    assert window.statusBar().currentMessage() == f"Model trained on 12 documents. {wanted}"
    conn = sqlite3.connect(labelled_project)
    try:
        assert sorted(conn.execute("SELECT name FROM suggester_models").fetchall()) == [("crf",), ("spacy",)]
    finally:
        conn.close()
    assert learner_shown(qtbot, window) == wanted


def test_the_persian_window_names_the_learner_in_persian_digits(labelled_project, open_window, qtbot, monkeypatch):
    monkeypatch.setattr(learners, "LEARNERS", fake_learners("spacy"))
    from desktop.workspace import Workspace

    ws = Workspace.open(labelled_project, "sara")
    learners.train_and_choose(ws, "sara")
    ws.close()
    window = open_window(labelled_project, language="fa")
    shown = learner_shown(qtbot, window)
    assert "شناسایی موجودیت spaCy" in shown and "۱٫۰۰" in shown and not LATIN_DIGITS & set(shown)
