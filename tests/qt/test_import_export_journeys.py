"""Journeys through File → Import and File → Export: a file with bad records (native jsonl and doccano), an error
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


# --- doccano files with bad lines (its SQL runs on a background thread inside the import's
# transaction, which holds the write lock from before the file is parsed) ----------------------

MINISTER = "وزیر امور خارجه در تهران گفت."
MASHHAD = "سفر به مشهد لغو شد."


def bad_doccano(path):
    """Four doccano lines: valid, broken JSON, a span past its text, valid (offsets in UTF-16)."""
    tehran, mashhad = MINISTER.index("تهران"), MASHHAD.index("مشهد")
    lines = [
        json.dumps({"text": MINISTER, "label": [[tehran, tehran + 5, "place"]]}, ensure_ascii=False),
        '{"text": "خبر شکسته", "label": [[0, 3, "place"]]',
        json.dumps({"text": "کوتاه", "label": [[2, 40, "place"]]}, ensure_ascii=False),
        json.dumps({"text": MASHHAD, "label": [[mashhad, mashhad + 4, "place"]]}, ensure_ascii=False),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def stored_words(project) -> list[tuple[str, str, str]]:
    """(document text, the stored span's slice of it, label), by document and span."""
    conn = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
    try:
        found = conn.execute(
            'SELECT d.text, s.start, s."end", s.label FROM spans s JOIN documents d ON d.id = s.document_id'
            " ORDER BY d.id, s.start"
        ).fetchall()
    finally:
        conn.close()
    return [(text, text[start:end], label) for text, start, end, label in found]


def test_a_doccano_file_with_bad_lines_names_each_and_imports_exactly_the_valid_records(
    modals, empty_app, tmp_path, monkeypatch, qtbot
):
    window, project = empty_app.window, empty_app.workspace.path
    choose_files(monkeypatch, bad_doccano(tmp_path / "doccano.jsonl"))

    def import_valid(dialog, seen):
        read_bad_records_dialog(dialog, seen)
        seen["file"] = dialog.heading.toolTip()
        click(dialog.import_button)

    modals.expect(("BadRecordsDialog", import_valid))  # the options dialog (its unit: UTF-16) is accepted
    press(qtbot, window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.documents.model.rowCount() == 2, timeout=20000)
    shown = modals.seen["dialog"]
    assert "doccano.jsonl" in shown["heading"] and "2 records that cannot be imported" in shown["heading"]
    assert modals.seen["file"] == str(tmp_path / "doccano.jsonl")
    lines = shown["lines"].splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("line 2: ") and "not valid JSON" in lines[0]
    assert lines[1].startswith("line 3: ") and "[2, 40)" in lines[1] and "past" in lines[1]
    assert shown["import"] == "Import the 2 valid records"
    assert stored_words(project) == [(MINISTER, "تهران", "place"), (MASHHAD, "مشهد", "place")]
    assert [text for text, *_ in rows(project)] == [MINISTER, MASHHAD]  # no row of the bad lines


def test_skipping_a_doccano_file_stores_nothing_and_the_window_labels_after(
    modals, one_document_app, tmp_path, monkeypatch, qtbot
):
    from journey import select_text, stored_spans

    window, project = one_document_app.window, one_document_app.workspace.path
    before = rows(project)
    choose_files(monkeypatch, bad_doccano(tmp_path / "doccano.jsonl"))
    modals.expect(("BadRecordsDialog", lambda dialog, seen: click(dialog.skip_button)))
    press(qtbot, window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not modals.steps, timeout=20000)
    qtbot.wait(300)
    assert rows(project) == before and window.documents.model.rowCount() == 1
    # Cancelled at the options dialog (Escape): nothing either.
    from pytestqt.qtbot import QtBot

    modals.expect(("ImportOptionsDialog", lambda dialog, seen: QtBot.keyClick(dialog, Qt.Key.Key_Escape)))
    ready(qtbot, window)  # (the offscreen platform leaves the closed dialog active)
    press(qtbot, window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not modals.steps, timeout=20000)
    assert rows(project) == before
    # The import's transaction let go of the write lock: the analyst's next label is stored.
    ready(qtbot, window)
    select_text(qtbot, window, "باکو")
    press(qtbot, window, Qt.Key.Key_4)  # place
    assert stored_spans(project) == [("one.txt", 7, 11, "place", "sara")]
    assert window.save_label.text() == "Saved"


ZWNJ_EMOJI = "😀 رئیس‌جمهور فرانسه 👍🏽 در پاریس گفت: «می‌خواهم به تهران بروم»."


def _u16(text: str, cp: int) -> int:
    return len(text[:cp].encode("utf-16-le")) // 2


def test_doccano_offsets_after_zwnj_and_emoji_slice_to_the_words_and_the_highlights_sit_on_them(
    modals, empty_app, tmp_path, monkeypatch, qtbot
):
    from PySide6.QtGui import QTextCursor

    from journey import select_text

    window, project = empty_app.window, empty_app.workspace.path
    words = ["رئیس‌جمهور", "فرانسه", "پاریس", "می‌خواهم", "تهران"]
    starts = [ZWNJ_EMOJI.index(word) for word in words]
    labels = ["person", "place", "place", "misc", "place"]
    label = [
        [_u16(ZWNJ_EMOJI, s), _u16(ZWNJ_EMOJI, s + len(w)), k] for s, w, k in zip(starts, words, labels, strict=True)
    ]
    assert label[2][0] == starts[2] + 3  # doccano counts the two emoji (and the skin tone) in UTF-16 units
    path = tmp_path / "emoji.jsonl"
    path.write_text(json.dumps({"text": ZWNJ_EMOJI, "label": label}, ensure_ascii=False) + "\n", encoding="utf-8")
    choose_files(monkeypatch, path)
    press(qtbot, window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)  # options accepted: UTF-16
    qtbot.waitUntil(lambda: len(window.editor.spans) == 5, timeout=20000)
    assert [word for _, word, _ in stored_words(project)] == words
    view = window.view
    assert view.text() == ZWNJ_EMOJI
    shown = sorted((m.start, m.end) for m in (view.mark(i) for i in window.editor.spans) if m is not None)
    assert shown == [(s, s + len(w)) for s, w in zip(starts, words, strict=True)]
    view.viewport().repaint()
    for span_id in window.editor.spans:
        mark = view.mark(span_id)
        edges = []
        for cp in (mark.start, mark.end):  # the caret where Qt draws UTF-16 position u16(cp)
            cursor = QTextCursor(view.document())
            cursor.setPosition(_u16(ZWNJ_EMOJI, cp))
            edges.append(view.cursorRect(cursor).center().x())
        boxes = view.mark_rects(span_id)
        assert len(boxes) == 1, ZWNJ_EMOJI[mark.start : mark.end]
        assert abs(boxes[0].left() - min(edges)) <= 2 and abs(boxes[0].right() - max(edges)) <= 2
    # A drag over the word after the emoji selects exactly its UTF-16 units and its code points.
    start, end = select_text(qtbot, window, "پاریس")
    cursor = view.textCursor()
    assert (cursor.selectionStart(), cursor.selectionEnd()) == (_u16(ZWNJ_EMOJI, start), _u16(ZWNJ_EMOJI, end))
    assert view.selected_range() == (start, end) == (starts[2], starts[2] + 5)
