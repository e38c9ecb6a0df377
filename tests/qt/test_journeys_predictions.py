"""Journeys: File → Import… of a Label Studio export that carries a model's predictions
besides its annotations. The import options offer to bring the predictions in as pending
suggestions (`barchasb import --predictions suggestions`); left unticked they are only
counted, and the report says how many. Driven with keys and the mouse; judged by the
project file's `suggestions` and `spans` rows and by what the window shows.

The text has an emoji and a ZWNJ before the spans: offsets are code points (an emoji
counts one, as Label Studio stores them), so UTF-16 units would be off by one."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from desktop.workspace import Workspace

from journey import back_from_dialog, import_with_options, press, ready, stored_rows

pytestmark = pytest.mark.gui

TEXT = "😀 خبرگزاری\u200cها گفتند علی جهانگیری به باکو رفت."
NEWS, ALI, BAKU = (2, 13), (20, 32), (36, 40)  # code points; in UTF-16 units each is one more
ALT = Qt.KeyboardModifier.AltModifier


def region(span: tuple[int, int], label: str, **extra) -> dict:
    start, end = span
    value = {"start": start, "end": end, "text": TEXT[start:end], "labels": [label]}
    return {"id": f"r{start}", "from_name": "label", "to_name": "text", "type": "labels", "value": value, **extra}


@pytest.fixture
def export(tmp_path):
    return write_export(tmp_path)


def write_export(tmp_path):
    """A Label Studio JSON export (predictions expanded): user 1 marked the news agency;
    model ner-v2 proposed a person (the prediction's score) and a place (its own score)."""
    prediction = {"id": 9, "model_version": "ner-v2", "score": 0.87, "result": [region(ALI, "PER")]}
    prediction["result"].append(region(BAKU, "LOC", score=0.6))
    annotation = {"id": 1, "completed_by": 1, "result": [region(NEWS, "ORG")]}
    task = {"id": 41, "data": {"text": TEXT}, "annotations": [annotation], "predictions": [prediction]}
    path = tmp_path / "ner-export.json"
    path.write_text(json.dumps([task], ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def app(empty_app):
    return empty_app


def suggestions(project) -> list[tuple]:
    return stored_rows(
        project,
        'SELECT s.start, s."end", s.label, s.source, s.score, s.state, a.name FROM suggestions s'
        " JOIN annotators a ON a.id = s.annotator_id ORDER BY s.start",
    )


def spans(project) -> list[tuple]:
    return stored_rows(
        project,
        'SELECT s.start, s."end", s.label, a.name FROM spans s JOIN annotators a ON a.id = s.annotator_id'
        " ORDER BY s.start",
    )


def import_with(qtbot, window, monkeypatch, path, act) -> list:
    """Ctrl+I, the file chosen, `act(dialog)` on the import options; what the box showed on opening."""

    def look(dialog) -> tuple[bool, bool]:
        return dialog.predictions_box.isVisible(), dialog.predictions_box.isChecked()

    return import_with_options(qtbot, window, monkeypatch, path, act, look)


def in_dialog(qtbot, dialog) -> None:
    """Wait for the keyboard to reach the dialog just shown (until then it is still the window's)."""
    qtbot.waitUntil(lambda: dialog.isAncestorOf(QApplication.focusWidget()))


def enter(qtbot, dialog) -> None:
    in_dialog(qtbot, dialog)
    press(qtbot, dialog, Qt.Key.Key_Return)


def tick_with_mnemonic(qtbot):
    def act(dialog) -> None:
        in_dialog(qtbot, dialog)
        press(qtbot, dialog, Qt.Key.Key_P, ALT)  # Alt+P: "Import the model's &predictions …"
        qtbot.waitUntil(dialog.predictions_box.isChecked)  # (a mnemonic clicks as the mouse would: shown pressed first)
        press(qtbot, dialog, Qt.Key.Key_Return)  # Import, the default button

    return act


def imported(qtbot, window, words: str) -> None:
    qtbot.waitUntil(lambda: words in window.statusBar().currentMessage(), timeout=20000)


def test_predictions_chosen_become_pending_suggestions_to_review(app, export, monkeypatch, qtbot):
    window, project = app.window, app.workspace.path
    shown = import_with(qtbot, window, monkeypatch, export, tick_with_mnemonic(qtbot))
    imported(qtbot, window, "2 predictions added as pending suggestions to review")
    assert shown == [(True, False)]  # offered, not chosen unless asked for
    assert suggestions(project) == [
        (*ALI, "PER", "label-studio:ner-v2", 0.87, "pending", "sara"),  # the importing user's to decide
        (*BAKU, "LOC", "label-studio:ner-v2", 0.6, "pending", "sara"),  # the region's own score
    ]
    assert spans(project) == [(*NEWS, "ORG", "ls-1")]  # the annotation, as without predictions
    assert "counted" not in window.statusBar().currentMessage()
    # The analyst opens the document: the model's proposals are there to accept or reject.
    back_from_dialog(qtbot, window)
    press(qtbot, window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(window.suggestions.items) == 2, timeout=10000)
    marks = {(s.start, s.end, s.label): window.view.mark(-s.id) for s in window.suggestions.items.values()}
    assert sorted(marks) == [(*ALI, "PER"), (*BAKU, "LOC")]
    assert all(mark.style == "suggested" for mark in marks.values())
    press(qtbot, window, Qt.Key.Key_S)  # next suggestion: the first in reading order
    press(qtbot, window, Qt.Key.Key_Y)  # accepted
    assert stored_rows(project, "SELECT start, \"end\", label, origin FROM spans WHERE origin = 'suggested'") == [
        (*ALI, "PER", "suggested")
    ]
    assert [row[5] for row in suggestions(project)] == ["accepted", "pending"]


def test_the_choice_is_remembered_and_a_second_import_adds_no_copies(app, export, monkeypatch, qtbot):
    window, project = app.window, app.workspace.path
    import_with(qtbot, window, monkeypatch, export, tick_with_mnemonic(qtbot))
    imported(qtbot, window, "2 predictions added")
    ready(qtbot, window)
    shown = import_with(qtbot, window, monkeypatch, export, lambda dialog: enter(qtbot, dialog))
    imported(qtbot, window, "1 already present")
    assert shown == [(True, True)]  # the last choice, for this project, in this session
    assert [row[:3] for row in suggestions(project)] == [(*ALI, "PER"), (*BAKU, "LOC")]


def test_by_default_predictions_are_only_counted_and_the_report_says_how_many(app, export, monkeypatch, qtbot):
    window, project = app.window, app.workspace.path
    ok = QDialogButtonBox.StandardButton.Ok

    def accept(dialog) -> None:
        button = dialog.buttons.button(ok)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=button.rect().center())

    shown = import_with(qtbot, window, monkeypatch, export, accept)
    message = "1 Label Studio predictions counted, not imported (the import options can add them as suggestions)"
    imported(qtbot, window, message)
    assert shown == [(True, False)]
    assert suggestions(project) == []
    assert spans(project) == [(*NEWS, "ORG", "ls-1")]
    assert "pending suggestions" not in window.statusBar().currentMessage()


def test_the_box_is_ticked_with_the_mouse_and_reached_in_reading_order_with_tab(app, export, monkeypatch, qtbot):
    window, project = app.window, app.workspace.path
    order: list = []

    def tab_then_click(dialog) -> None:
        in_dialog(qtbot, dialog)
        for _ in range(6):
            order.append(QApplication.focusWidget())
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        box = dialog.predictions_box
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))  # the indicator (LTR)
        assert box.isChecked()
        button = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=button.rect().center())
        order[:] = [(widget.objectName() or widget.text()) for widget in order]

    import_with(qtbot, window, monkeypatch, export, tab_then_click)
    imported(qtbot, window, "2 predictions added")
    # (the digits box is left out of the chain while it is disabled: normalising is on, so it is not)
    assert order == ["normalize", "unify_digits", "annotator_map", "predictions", "Import", "Cancel"]
    assert len(suggestions(project)) == 2


def test_in_persian_the_choice_and_the_report_are_persian(project_path, open_app, export, monkeypatch, qtbot):
    Workspace.create(project_path).close()
    window = open_app(project_path, language="fa").window
    ready(qtbot, window)
    seen: list = []

    def tick(dialog) -> None:
        box = dialog.predictions_box
        seen.append((box.text(), dialog.layoutDirection(), box.width() >= box.sizeHint().width()))
        in_dialog(qtbot, dialog)
        pe = "\u067e"  # پ, the underlined letter: Alt+پ on a Persian keyboard layout
        QTest.sendKeyEvent(QTest.KeyAction.Click, QApplication.focusWidget(), Qt.Key(ord(pe)), pe, ALT)
        qtbot.waitUntil(box.isChecked)
        press(qtbot, dialog, Qt.Key.Key_Return)

    import_with(qtbot, window, monkeypatch, export, tick)
    imported(qtbot, window, "۲ پیش‌بینی به‌صورت پیشنهادِ در انتظارِ بازبینی افزوده شد")
    assert seen == [("درون‌بری &پیش‌بینی‌های مدل به‌صورت پیشنهاد برای بازبینی", Qt.LayoutDirection.RightToLeft, True)]
    assert [row[:3] for row in suggestions(project_path)] == [(*ALI, "PER"), (*BAKU, "LOC")]


def test_a_sequence_accept_reject_undo_redo_on_imported_predictions_in_a_crlf_text(app, tmp_path, monkeypatch, qtbot):
    """Bugs live between actions: import the model's predictions, then accept one, reject the
    other, undo both and redo the first, judging the project file after every key. The text has
    CRLF line ends, an emoji and a ZWNJ before the spans (Qt counts the CRLF as one paragraph
    break and the emoji as two units: the rows must stay code points of the stored text)."""
    text = "😀 خبرگزاری\u200cها گفتند:\r\nعلی جهانگیری به باکو رفت.\r\n"
    ali = (text.index("علی"), text.index("علی") + len("علی جهانگیری"))
    baku = (text.index("باکو"), text.index("باکو") + len("باکو"))

    def place(span, label, **extra):
        value = {"start": span[0], "end": span[1], "text": text[span[0] : span[1]], "labels": [label]}
        return {"id": f"r{span[0]}", "from_name": "label", "to_name": "text", "type": "labels", "value": value, **extra}

    prediction = {"model_version": "ner-v2", "score": 0.9, "result": [place(ali, "PER"), place(baku, "LOC")]}
    path = tmp_path / "crlf.json"
    path.write_text(json.dumps([{"id": 7, "data": {"text": text}, "predictions": [prediction]}]), encoding="utf-8")
    window, project = app.window, app.workspace.path
    import_with(qtbot, window, monkeypatch, path, tick_with_mnemonic(qtbot))
    imported(qtbot, window, "2 predictions added")
    assert stored_rows(project, "SELECT text FROM documents") == [(text,)]  # kept as written, CRLF and all
    back_from_dialog(qtbot, window)
    press(qtbot, window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(window.suggestions.items) == 2, timeout=10000)

    def state() -> tuple[list, list]:
        decided = [(s, e, label, st) for s, e, label, _, _, st, _ in suggestions(project)]
        made = stored_rows(project, 'SELECT start, "end", label FROM spans ORDER BY start')
        return decided, made

    press(qtbot, window, Qt.Key.Key_S)
    press(qtbot, window, Qt.Key.Key_Y)  # accept «علی جهانگیری»
    assert state() == ([(*ali, "PER", "accepted"), (*baku, "LOC", "pending")], [(*ali, "PER")])
    press(qtbot, window, Qt.Key.Key_S)
    press(qtbot, window, Qt.Key.Key_X)  # reject «باکو»
    assert state() == ([(*ali, "PER", "accepted"), (*baku, "LOC", "rejected")], [(*ali, "PER")])
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the rejection undone
    assert state() == ([(*ali, "PER", "accepted"), (*baku, "LOC", "pending")], [(*ali, "PER")])
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the acceptance undone
    assert state() == ([(*ali, "PER", "pending"), (*baku, "LOC", "pending")], [])
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert state() == ([(*ali, "PER", "accepted"), (*baku, "LOC", "pending")], [(*ali, "PER")])
    assert text[ali[0] : ali[1]] == "علی جهانگیری" and text[baku[0] : baku[1]] == "باکو"
