"""Suggestions › Suggest with a local model…: choose the folder, map the model's types, run it,
and see its suggestions in the text, in the project file and in the Sources dialog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QFileDialog, QPushButton

from journey import back_from_dialog, choose_menu, on_modal, stored_rows
from tinymodel import build, needs_torch

pytestmark = pytest.mark.gui

TEXT = "علی رضایی\r\nمی‌روم به تهران 😀 ۱۲۳، وزارت نفت."


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    needs_torch()
    return build(tmp_path_factory.mktemp("models") / "tiny-ner")


def _button(dialog, text: str) -> QPushButton:
    return next(b for b in dialog.findChildren(QPushButton) if b.text() == text)


def test_choose_map_and_run_a_local_model_from_the_menu(one_document_project, open_window, qtbot, tiny, monkeypatch):
    path = one_document_project(TEXT)
    window = open_window(path)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *args: str(tiny)))
    seen: dict[str, list[str]] = {}

    def act(dialog) -> None:
        qtbot.mouseClick(_button(dialog, "Choose…"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(dialog.findChildren(QComboBox)) == 4)
        seen.update({kind: combo.currentText() for kind, combo in dialog.combos.items()})
        seen["about"] = [dialog.about.text()]
        qtbot.keyClicks(dialog.combos["MISC"], "Event")  # the analyst maps the model's MISC onto events
        qtbot.keyClicks(dialog.combos["LOC"], "ignore")
        qtbot.mouseClick(_button(dialog, "Suggest"), Qt.MouseButton.LeftButton)

    handled = on_modal(qtbot, act)
    choose_menu(qtbot, window, "Suggestions", "Suggest with a local model…")
    qtbot.waitUntil(lambda: bool(handled))
    assert seen == {
        "PER": "Official",
        "LOC": "Place",
        "ORG": "Organisation",
        "MISC": "ignore",
        "about": ["Model «\u2068tiny-ner\u2069»: 4 entity types"],
    }
    qtbot.waitUntil(lambda: "3 new suggestions" in window.statusBar().currentMessage(), timeout=60000)
    rows = stored_rows(path, 'SELECT start, "end", label, source, state FROM suggestions ORDER BY start')
    assert [(TEXT[s:e], label, source, state) for s, e, label, source, state in rows] == [
        ("علی رضایی", "official", "model:tiny-ner", "pending"),
        ("😀", "event", "model:tiny-ner", "pending"),
        ("وزارت نفت", "organisation", "model:tiny-ner", "pending"),
    ]
    shown = sorted((s.start, s.end) for s in window.suggestions.items.values())
    assert shown == [(s, e) for s, e, *_ in rows]  # drawn in the open document
    captions = {window.view.mark(-i).caption for i in window.suggestions.items}
    assert "Official · local model «\u2068tiny-ner\u2069»" in captions
    back_from_dialog(qtbot, window)
    from desktop.qt.suggestion_sources import SourcesDialog

    sources = SourcesDialog(window.suggestions, window)
    qtbot.addWidget(sources)
    rows = {sources.table.item(r, 0).text(): sources.table.item(r, 3).text() for r in range(sources.table.rowCount())}
    assert rows["local model «\u2068tiny-ner\u2069»"] == "3"  # pending


def test_a_folder_that_is_no_model_is_named_in_the_dialog_in_persian(
    one_document_project, open_window, qtbot, tmp_path
):
    window = open_window(one_document_project(TEXT), language="fa")
    seen = []

    def act(dialog) -> None:
        qtbot.keyClicks(dialog.path, str(tmp_path))
        qtbot.keyClick(dialog.path, Qt.Key.Key_Return)
        seen.append((dialog.about.text(), dialog.suggest.isEnabled()))
        qtbot.mouseClick(_button(dialog, "لغو"), Qt.MouseButton.LeftButton)

    handled = on_modal(qtbot, act)
    choose_menu(qtbot, window, "پیشنهادها", "پیشنهاد با مدلی محلی…")
    qtbot.waitUntil(lambda: bool(handled) and QApplication.activeModalWidget() is None)
    assert seen == [(f"\u2068{tmp_path}\u2069: پوشهٔ مدل Hugging Face نیست: config.json ندارد", False)]
    assert stored_rows(window.editor.workspace.path, "SELECT count(*) FROM suggestions") == [(0,)]


def test_cancel_in_the_progress_dialog_stores_nothing(one_document_project, open_window, qtbot, tiny, monkeypatch):
    import threading

    from PySide6.QtWidgets import QProgressDialog

    from desktop.suggest.hf_model import ModelTagger

    path = one_document_project(TEXT)
    window = open_window(path)
    started, cancelled = threading.Event(), threading.Event()
    tag = ModelTagger.spans

    def slow_spans(self, text, progress=None, cancel=None):  # the model is "busy" until Cancel is clicked
        started.set()
        cancelled.wait(30)
        return tag(self, text, progress, cancel)

    monkeypatch.setattr(ModelTagger, "spans", slow_spans)

    def act(dialog) -> None:
        qtbot.keyClicks(dialog.path, str(tiny))
        qtbot.keyClick(dialog.path, Qt.Key.Key_Return)
        qtbot.mouseClick(_button(dialog, "Suggest"), Qt.MouseButton.LeftButton)

    handled = on_modal(qtbot, act)
    choose_menu(qtbot, window, "Suggestions", "Suggest with a local model…")
    qtbot.waitUntil(lambda: bool(handled) and started.is_set(), timeout=60000)
    progress = next(d for d in window.findChildren(QProgressDialog))
    qtbot.waitUntil(progress.isVisible)
    assert progress.labelText() == "Running the model…"
    qtbot.mouseClick(_button(progress, "Cancel"), Qt.MouseButton.LeftButton)
    cancelled.set()
    qtbot.waitUntil(lambda: "The model was stopped; nothing was stored" in window.statusBar().currentMessage())
    assert stored_rows(path, "SELECT count(*) FROM suggestions") == [(0,)]
    assert window.suggestions.items == {}
