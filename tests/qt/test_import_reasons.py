"""Why an import refused a record, in the window's language: the reason a reader gave (a code
and its values, desktop/core/reasons.py) is worded in Persian in the Persian window, with
Persian digits, the file and the line; the English window shows what the terminal prints."""

from __future__ import annotations

import json
import sqlite3
import time

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from desktop import i18n
from desktop.core.errors import InputError
from desktop.core.reasons import Reason
from desktop.formats.records import check_span
from desktop.qt import project_dialogs
from desktop.qt.reasons import explain, explain_error
from desktop.workspace import Workspace

from journey import press, ready

pytestmark = pytest.mark.gui

GOOD = "علی به باکو رفت."
FSI, PDI = "\u2068", "\u2069"


@pytest.fixture
def persian():
    i18n.set_language("fa")
    yield
    i18n.set_language("en")


def test_the_window_words_a_reason_in_persian(persian):
    with pytest.raises(InputError) as caught:
        check_span("علی رفت", 4, 9, "PER", None, path="news.jsonl", line=3)
    assert explain_error(caught.value) == (
        f"{FSI}news.jsonl{PDI}، سطر ۳: بازهٔ [۴, ۹) {FSI}PER{PDI} پس از پایان متن تمام می‌شود (متن ۷ نویسه است)"
    )


def test_a_reason_inside_a_reason_is_persian_too(persian):
    why = Reason("at_line", {"line": 12, "reason": Reason("json.invalid", {"detail": "Expecting ',' delimiter"})})
    assert explain(why) == f"سطر ۱۲: JSON درست نیست: {FSI}Expecting ',' delimiter{PDI}"


def test_the_english_window_shows_the_terminal_words():
    with pytest.raises(InputError) as caught:
        check_span("علی رفت", 4, 9, "PER", None, path="news.jsonl", line=3)
    assert explain_error(caught.value) == str(caught.value)


# --- journeys: File → Import in the Persian window ------------------------------------------


class Answers:
    """Reads each modal dialog as it opens (`seen[class name] = read(dialog)`), then closes it
    with `close(dialog)`; a dialog it has no reader for is accepted. Stops at teardown."""

    def __init__(self) -> None:
        self.readers: dict = {}
        self.seen: dict = {}
        self.active = True
        self.deadline = time.monotonic() + 30  # a failing test closes what is open, never hangs
        QTimer.singleShot(50, self._tick)

    def _tick(self) -> None:
        if not self.active:
            return
        QTimer.singleShot(50, self._tick)
        widget = QApplication.activeModalWidget()
        if widget is None or not widget.isVisible():
            return
        kind = type(widget).__name__
        if kind in self.readers and time.monotonic() < self.deadline:
            read, close = self.readers.pop(kind)
            self.seen[kind] = read(widget)
            close(widget)
        else:
            widget.accept() if time.monotonic() < self.deadline else widget.reject()


@pytest.fixture
def answers():
    answering = Answers()
    yield answering
    answering.active = False


@pytest.fixture
def persian_app(project_path, open_app, qtbot):
    Workspace.create(project_path).close()
    application = open_app(project_path, language="fa")
    ready(qtbot, application.window)
    return application


def click(button) -> None:
    from pytestqt.qtbot import QtBot

    QtBot.mouseClick(button, Qt.MouseButton.LeftButton)


def documents(project) -> int:
    conn = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    finally:
        conn.close()


def choose(monkeypatch, path) -> None:
    monkeypatch.setattr(project_dialogs, "choose_files", lambda *args, **kwargs: [str(path)])


def test_bad_records_are_listed_in_persian_with_their_lines(answers, persian_app, tmp_path, monkeypatch, qtbot):
    window, project = persian_app.window, persian_app.workspace.path
    path = tmp_path / "news.jsonl"
    good = json.dumps({"text": GOOD, "spans": [{"start": 7, "end": 11, "label": "place"}]}, ensure_ascii=False)
    bad = '{"text": "بد", "spans": [{"start": 1, "end": 0, "label": "x"}]}'
    path.write_text(f"{good}\n{bad}\n{bad}\n", encoding="utf-8")
    choose(monkeypatch, path)
    answers.readers["BadRecordsDialog"] = (
        lambda dialog: (dialog.heading.text(), dialog.lines.toPlainText()),
        lambda dialog: click(dialog.skip_button),
    )
    press(qtbot, window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "BadRecordsDialog" in answers.seen, timeout=20000)
    heading, lines = answers.seen["BadRecordsDialog"]
    assert f"{FSI}news.jsonl{PDI}" in heading and "۲ رکورد" in heading
    reason = f"بازهٔ [۱, ۰) {FSI}x{PDI} تهی، وارونه یا منفی است"
    assert lines.splitlines() == [f"سطر ۲: {FSI}{reason}{PDI}", f"سطر ۳: {FSI}{reason}{PDI}"]
    qtbot.wait(300)
    assert documents(project) == 0  # skipped: nothing from the file


def test_a_refused_file_is_named_with_its_line_and_a_persian_reason(answers, persian_app, tmp_path, monkeypatch, qtbot):
    window, project = persian_app.window, persian_app.workspace.path
    path = tmp_path / "broken.jsonl"
    path.write_text('{"text": "یک", "spans": [{"start": 0, "end": 9, "label": "x"}]}\n', encoding="utf-8")
    choose(monkeypatch, path)
    answers.readers["MessageBox"] = (lambda box: box.text.toPlainText(), lambda box: click(box.ok_button))
    press(qtbot, window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "MessageBox" in answers.seen, timeout=20000)
    shown = answers.seen["MessageBox"].splitlines()
    reason = f"بازهٔ [۰, ۹) {FSI}x{PDI} پس از پایان متن تمام می‌شود (متن ۲ نویسه است)"
    assert f"{FSI}{path}{PDI} کنار گذاشته شد: سطر ۱: {reason}" in shown
    assert documents(project) == 0
