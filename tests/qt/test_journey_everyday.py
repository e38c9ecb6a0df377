"""The everyday loop of an analyst, from opening the project to exporting it, with
the mouse and the keyboard only, judged by the project file and the exported bytes."""

from __future__ import annotations

import json
import sqlite3

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QToolButton

from journey import press, select_text, stored_spans

pytestmark = pytest.mark.gui

ONE = "😀 خبر: علی جهانگیری، معاون اول، روز سه‌شنبه به باکو رفت. در باکو با وزیر صمت دیدار کرد و شرکت‌های SMBها را ستود."
TWO = "سند دوم: بانک مرکزی در تهران نرخ را اعلام کرد."


def at(text: str, words: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(words, start + 1)
    return start, start + len(words)


def rows(path, sql: str, args=()) -> list[tuple]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def on_next_dialog(qtbot, act) -> list:
    """Run `act(dialog)` on the next modal dialog as soon as it is up."""
    done: list = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, look)
            return
        act(dialog)
        done.append(dialog)

    QTimer.singleShot(20, look)
    return done


@pytest.fixture
def project(documents_project):
    return documents_project(ONE, TWO)


def test_open_label_correct_undo_suggest_review_export(project, open_window, qtbot, tmp_path):
    window = open_window(project)

    # Five labels: three dragged, one double-clicked, one from the palette with the mouse.
    select_text(qtbot, window, "علی جهانگیری")
    press(qtbot, window, Qt.Key.Key_1)
    select_text(qtbot, window, "معاون اول")
    press(qtbot, window, Qt.Key.Key_2)
    select_text(qtbot, window, "باکو")
    press(qtbot, window, Qt.Key.Key_3)  # a slip: the place is no organisation ...
    press(qtbot, window, Qt.Key.Key_4)  # ... corrected at once: the same span, relabelled
    start, end = at(ONE, "وزیر صمت")
    select_text(qtbot, window, "وزیر صمت")
    palette = window.palette_panel
    button = next(b for b in palette.findChildren(QToolButton) if "Title / role" in b.text())
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    window.view.setFocus()  # back to the text, as a click on it would
    select_text(qtbot, window, "روز سه‌شنبه")
    press(qtbot, window, Qt.Key.Key_6)
    assert stored_spans(project) == [
        ("one.txt", *at(ONE, "علی جهانگیری"), "official", "sara"),
        ("one.txt", *at(ONE, "معاون اول"), "title", "sara"),
        ("one.txt", *at(ONE, "روز سه‌شنبه"), "date", "sara"),
        ("one.txt", *at(ONE, "باکو"), "place", "sara"),
        ("one.txt", start, end, "title", "sara"),
    ]

    qtbot.wait(100)  # an analyst's pause: propagation proposes the place at its second mention
    # Tab to a span and relabel it; Shift+Tab back; Delete the chosen one.
    press(qtbot, window, Qt.Key.Key_Escape)
    press(qtbot, window, Qt.Key.Key_Tab)  # the first span in reading order
    press(qtbot, window, Qt.Key.Key_1)  # it already is an official: nothing changes
    press(qtbot, window, Qt.Key.Key_Tab)
    press(qtbot, window, Qt.Key.Key_Delete)  # «معاون اول» goes
    assert ("one.txt", *at(ONE, "معاون اول"), "title", "sara") not in stored_spans(project)

    # The next document; a label there; undo it, then undo across documents, redo.
    press(qtbot, window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.view.text() == TWO
    select_text(qtbot, window, "بانک مرکزی")
    press(qtbot, window, Qt.Key.Key_3)
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not [s for s in stored_spans(project) if s[0] == "two.txt"]
    # the delete in the first document, undone there
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.view.text() == ONE
    assert ("one.txt", *at(ONE, "معاون اول"), "title", "sara") in stored_spans(project)
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert ("one.txt", *at(ONE, "معاون اول"), "title", "sara") not in stored_spans(project)

    # The place was proposed at its second mention: accept it; reject what else is proposed.
    qtbot.waitUntil(lambda: bool(rows(project, "SELECT start FROM suggestions WHERE state = 'pending'")))
    press(qtbot, window, Qt.Key.Key_Escape)
    press(qtbot, window, Qt.Key.Key_S)
    press(qtbot, window, Qt.Key.Key_Y)
    assert ("one.txt", *at(ONE, "باکو", 1), "place", "sara") in stored_spans(project)
    press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # the document is done
    assert rows(
        project,
        "SELECT status FROM document_status ds JOIN documents d ON d.id = ds.document_id WHERE d.name = 'one.txt'",
    ) == [("done",)]

    # Review: every span of the only layer is agreed; accept them all into gold.
    press(qtbot, window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    review = window.review_window
    qtbot.waitUntil(review.isVisible)
    review.activateWindow()
    qtbot.waitUntil(review.isActiveWindow)
    qtbot.keyClick(review, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    gold = rows(
        project,
        'SELECT s.start, s."end", s.label FROM spans s JOIN annotators a ON a.id = s.annotator_id '
        "WHERE a.kind = 'gold' ORDER BY s.start",
    )
    mine = sorted(
        (s, e, label) for name, s, e, label, who in stored_spans(project) if name == "one.txt" and who == "sara"
    )
    assert gold == mine and len(gold) == 5
    review.close()

    # Export the gold layer as JSONL through the dialog: the bytes carry the exact offsets.
    out = tmp_path / "gold.jsonl"

    def export(dialog) -> None:
        dialog.layer.setCurrentIndex(dialog.layer.findData("gold"))
        qtbot.mouseClick(dialog.output, Qt.MouseButton.LeftButton)
        qtbot.keyClick(dialog.output, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(dialog.output, str(out))
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: out.exists() and dialog.export_button.isEnabled(), timeout=10000)
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    done = on_next_dialog(qtbot, export)
    press(qtbot, window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(done), timeout=15000)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    spans = [(s["start"], s["end"], s["label"]) for r in records for s in r["spans"]]
    assert sorted(spans) == mine
    text = next(r["text"] for r in records if r["spans"])
    assert [text[s:e] for s, e, _ in sorted(spans)][0] == "علی جهانگیری"
