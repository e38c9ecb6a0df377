"""Journeys through File → Import and File → Export: a file with bad records, an error
shown whole, progress inside one large file, a missing export folder. Judged by the
project file and by what the dialogs show."""

from __future__ import annotations

import json
import sqlite3
import time

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPushButton

from desktop.qt import project_dialogs
from desktop.workspace import Workspace
from desktop.workspace.imports import progress as import_progress

from helpers import add_document
from journey import press, ready

pytestmark = pytest.mark.gui

GOOD = "علی به باکو رفت."


class Modals:
    """Answers modal dialogs as they open, in order: each step is (class name, action);
    an action returning False is tried again on the next look. A dialog no step expects
    (say, import options) is accepted with its accept button. Runs until `stop`."""

    def __init__(self) -> None:
        self.steps: list = []
        self.seen: dict = {}
        self.active = True
        self.deadline = time.monotonic() + 30  # then close what is open: a test fails, never hangs
        QTimer.singleShot(50, self._tick)

    def expect(self, *steps) -> Modals:
        self.steps.extend(steps)
        return self

    def stop(self) -> None:
        self.active = False

    def _tick(self) -> None:
        if not self.active:
            return
        QTimer.singleShot(50, self._tick)  # first: the action may open a nested dialog
        widget = QApplication.activeModalWidget()
        if widget is None or not widget.isVisible():
            return
        if time.monotonic() > self.deadline:
            widget.reject()
            return
        if self.steps and type(widget).__name__ == self.steps[0][0]:
            step = self.steps.pop(0)
            if step[1](widget, self.seen) is False:
                self.steps.insert(0, step)
        elif type(widget).__name__ not in {kind for kind, _ in self.steps}:
            box = widget.findChild(QDialogButtonBox)
            accept = [b for b in box.buttons() if box.buttonRole(b) == QDialogButtonBox.ButtonRole.AcceptRole]
            click(accept[0])


@pytest.fixture
def modals():
    answering = Modals()
    yield answering
    answering.stop()


def click(button: QPushButton) -> None:
    from pytestqt.qtbot import QtBot

    QtBot.mouseClick(button, Qt.MouseButton.LeftButton)


def rows(project):
    conn = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
    try:
        return conn.execute(
            'SELECT d.text, s.start, s."end", s.label FROM documents d LEFT JOIN spans s'
            " ON s.document_id = d.id ORDER BY d.id"
        ).fetchall()
    finally:
        conn.close()


@pytest.fixture
def empty_app(project_path, open_app, qtbot):
    Workspace.create(project_path).close()
    application = open_app(project_path)
    ready(qtbot, application.window)
    return application


def choose_files(monkeypatch, *paths) -> None:
    """The file dialog answers with these files (it is the system's, not ours to drive)."""
    monkeypatch.setattr(project_dialogs, "choose_files", lambda *args, **kwargs: [str(p) for p in paths])


def bad_jsonl(path, bad: int = 2):
    lines = [json.dumps({"text": GOOD, "spans": [{"start": 7, "end": 11, "label": "place"}]}, ensure_ascii=False)]
    lines += [f'{{"text": "بد {i}", "spans": [{{"start": 1, "end": 0, "label": "x"}}]}}' for i in range(bad)]
    lines.append(json.dumps({"text": "سند درست دوم", "spans": []}, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read_bad_records_dialog(dialog, seen) -> None:
    seen["dialog"] = {
        "heading": dialog.heading.text(),
        "lines": dialog.lines.toPlainText(),
        "import": dialog.import_button.text(),
        "skip": dialog.skip_button.text(),
        "scrolls": dialog.lines.verticalScrollBar().maximum() > 0,
    }


def test_a_file_with_bad_lines_lists_them_and_imports_the_valid_records(
    modals, empty_app, tmp_path, monkeypatch, qtbot
):
    window, project = empty_app.window, empty_app.workspace.path
    path = bad_jsonl(tmp_path / "news.jsonl")
    choose_files(monkeypatch, path)

    def import_valid(dialog, seen):
        read_bad_records_dialog(dialog, seen)
        click(dialog.import_button)

    modals.expect(("BadRecordsDialog", import_valid))
    press(qtbot, window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(rows(project)) == 2 and window.documents.model.rowCount() == 2, timeout=20000)
    shown = modals.seen["dialog"]
    assert "news.jsonl" in shown["heading"] and "2 records that cannot be imported" in shown["heading"]
    assert shown["lines"].splitlines() == [
        "line 2: \u2068span [1, 0) x is empty, reversed or negative\u2069",
        "line 3: \u2068span [1, 0) x is empty, reversed or negative\u2069",
    ]
    assert (shown["import"], shown["skip"]) == ("Import the 2 valid records", "Skip this file")
    assert rows(project) == [(GOOD, 7, 11, "place"), ("سند درست دوم", None, None, None)]


def test_skipping_the_file_imports_nothing(modals, empty_app, tmp_path, monkeypatch, qtbot):
    window, project = empty_app.window, empty_app.workspace.path
    choose_files(monkeypatch, bad_jsonl(tmp_path / "news.jsonl"))
    modals.expect(("BadRecordsDialog", lambda dialog, seen: click(dialog.skip_button)))
    press(qtbot, window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not modals.steps, timeout=20000)
    qtbot.wait(300)
    assert rows(project) == [] and window.documents.model.rowCount() == 0


def test_many_bad_lines_show_the_first_ones_and_how_many_more(modals, empty_app, tmp_path, monkeypatch, qtbot):
    window, project = empty_app.window, empty_app.workspace.path
    choose_files(monkeypatch, bad_jsonl(tmp_path / "news.jsonl", bad=250))

    def skip(dialog, seen):
        read_bad_records_dialog(dialog, seen)
        click(dialog.skip_button)

    modals.expect(("BadRecordsDialog", skip))
    press(qtbot, window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "dialog" in modals.seen, timeout=20000)
    lines = modals.seen["dialog"]["lines"].splitlines()
    assert len(lines) == 201 and lines[0].startswith("line 2: ") and lines[199].startswith("line 201: ")
    assert lines[-1] == "… and 50 more" and modals.seen["dialog"]["scrolls"]
    assert modals.seen["dialog"]["import"] == "Import the 2 valid records"
    qtbot.wait(300)
    assert rows(project) == []


def test_a_long_error_is_shown_whole(modals, empty_app, tmp_path, monkeypatch, qtbot):
    window = empty_app.window
    folder = tmp_path / ("a_very_long_folder_name_without_any_spaces_in_it_" * 4)
    folder.mkdir()
    broken = folder / "broken.jsonl"
    broken.write_text('{"text": "یک" "spans": []}\n', encoding="utf-8")  # no valid record at all
    choose_files(monkeypatch, broken)

    def read_and_close(box, seen):
        view = box.text
        seen["box"] = {
            "text": view.toPlainText(),
            "scroll": view.verticalScrollBar().maximum(),
            "fits": view.document().size().width() <= view.viewport().width(),
            "height": box.height(),
        }
        click(box.ok_button)

    modals.expect(("MessageBox", read_and_close))
    press(qtbot, window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "box" in modals.seen, timeout=20000)
    shown = modals.seen["box"]
    expected = f"\u2068{broken}\u2069 was skipped: line 1: not valid JSON: Expecting ',' delimiter"
    assert expected in shown["text"].splitlines()
    assert shown["scroll"] == 0 and shown["fits"]  # all of it on screen, nothing cut off
    assert shown["height"] <= window.screen().availableGeometry().height()


def test_a_long_list_of_problems_shows_its_start_and_all_of_it_under_details(qtbot):
    from desktop.qt.plain import message

    text = "\n".join(f"skipped /data/f{i}.jsonl: line {i}: not valid JSON" for i in range(40))
    seen = {}

    def read(box):
        seen["text"] = box.text.toPlainText()
        click(box.details_button)
        seen["details"] = (box.details.isVisible(), box.details.toPlainText())
        click(box.ok_button)

    QTimer.singleShot(100, lambda: read(QApplication.activeModalWidget()))
    message(None, "Barchasb", text)
    assert seen["text"].splitlines()[:12] == text.splitlines()[:12]
    assert seen["text"].splitlines()[-1] == "… and 28 more lines (see Details)"
    assert seen["details"] == (True, text)


def test_one_large_file_moves_the_progress_bar_before_it_ends(modals, empty_app, tmp_path, monkeypatch, qtbot):
    from desktop.qt import tasks

    monkeypatch.setattr(import_progress, "INTERVAL", 0.0)
    values: list[tuple[int, int]] = []
    set_value = tasks.QProgressDialog.setValue

    def record(dialog, value):
        values.append((value, dialog.maximum()))
        set_value(dialog, value)

    monkeypatch.setattr(tasks.QProgressDialog, "setValue", record)
    window, project = empty_app.window, empty_app.workspace.path
    path = tmp_path / "big.jsonl"
    path.write_text(
        "".join(json.dumps({"text": f"{GOOD} {i}", "spans": []}, ensure_ascii=False) + "\n" for i in range(3000)),
        encoding="utf-8",
    )
    choose_files(monkeypatch, path)
    press(qtbot, window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.documents.model.rowCount() == 3000, timeout=30000)
    inside = [v for v, top in values if 0 < v < top]
    assert len(set(inside)) >= 5 and inside == sorted(inside)
    assert len(rows(project)) == 3000


@pytest.fixture
def one_document_app(project_path, open_app, qtbot):
    ws = Workspace.create(project_path)
    ws.set_annotator("sara")
    add_document(ws, GOOD, "one.txt")
    ws.close()
    application = open_app(project_path)
    ready(qtbot, application.window)
    return application


def export_to(target, answer: str):
    """Steps: type `target` into Save to, click Export, read the question, click
    `answer`, then (once the dialog says what happened) close the dialog."""

    def fill(dialog, seen):
        type_over(dialog.output, str(target))
        click(dialog.export_button)

    def answer_question(box, seen):
        seen["question"] = box.text()
        click(next(b for b in box.buttons() if b.text() == answer))

    def close_when_done(dialog, seen):
        if dialog.task is not None and dialog.task.isRunning() or dialog.message.text() == "":
            return False
        seen["message"] = dialog.message.text()
        click(dialog.close_button)

    return ("ExportDialog", fill), ("QMessageBox", answer_question), ("ExportDialog", close_when_done)


def type_over(widget, text: str) -> None:
    from PySide6.QtTest import QTest

    widget.setFocus()
    QTest.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(widget, text)


def test_export_asks_before_creating_a_folder_and_writes_nothing_on_no(modals, one_document_app, tmp_path, qtbot):
    target = tmp_path / "new" / "deeper" / "out.jsonl"
    modals.expect(*export_to(target, "Cancel"))
    press(qtbot, one_document_app.window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)  # returns once closed
    assert modals.steps == []
    assert modals.seen["question"] == f"The folder \u2068{target.parent}\u2069 does not exist. Create it?"
    assert modals.seen["message"] == f"Nothing written: the folder \u2068{target.parent}\u2069 does not exist."
    assert not (tmp_path / "new").exists()
    assert list(tmp_path.rglob("out.jsonl*")) == [] and list(tmp_path.rglob(".out.jsonl*")) == []


def test_export_creates_the_folder_when_told_to(modals, one_document_app, tmp_path, qtbot):
    target = tmp_path / "new" / "out.jsonl"
    modals.expect(*export_to(target, "Create the folder"))
    press(qtbot, one_document_app.window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert modals.steps == [] and modals.seen["message"].startswith("Wrote 1 documents")
    assert json.loads(target.read_text(encoding="utf-8"))["text"] == GOOD
