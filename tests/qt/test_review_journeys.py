"""Review mode driven like a reviewer does: Ctrl+R from the main window, then keys and
the mouse only; judged by the project file and what the windows show."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from desktop.cli import main
from desktop.i18n import isolate
from desktop.qt.view.theme import DARK, LIGHT
from desktop.workspace import Workspace

from helpers import add_document
from journey import open_review, press, ready, select_text, stored_spans

pytestmark = pytest.mark.gui

TEXT = "علی جهانگیری استاندار آذربایجان شرقی در باکو گفت که ۵۰ درصد رشد داشتیم."
NAME = "3b94e1f0.txt_000"  # a file name of Latin letters, digits and dots


def annotate(path, name, spans):
    ws = Workspace.create(path)
    ws.set_annotator(name)
    doc = add_document(ws, TEXT, NAME)
    for phrase, label in spans:
        start = TEXT.index(phrase)
        ws.add_span(doc, start, start + len(phrase), label)
    ws.close()


@pytest.fixture
def project(tmp_path):
    """Ali's and Omid's files merged into the project the reviewer (sara) opens.
    Units: علی جهانگیری agreed, باکو label differs, ۵۰ درصد boundary differs."""
    annotate(tmp_path / "ali.barchasb", "ali", [("علی جهانگیری", "official"), ("باکو", "place"), ("۵۰ درصد", "figure")])
    annotate(
        tmp_path / "omid.barchasb", "omid", [("علی جهانگیری", "official"), ("باکو", "organisation"), ("۵۰", "figure")]
    )
    target = tmp_path / "review.barchasb"
    assert main(["init", str(target)]) == 0
    assert main(["merge", str(target), str(tmp_path / "ali.barchasb"), str(tmp_path / "omid.barchasb")]) == 0
    return target


def focus(qtbot, review) -> None:
    review.activateWindow()
    qtbot.waitUntil(review.isActiveWindow)
    review.view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is review.view)


def gold(path):
    return [(TEXT[s:e], label) for _, s, e, label, who in stored_spans(path) if who == "gold"]


def review_status(path):
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = conn.execute(
            "SELECT s.status FROM document_status s JOIN annotators a ON a.id = s.annotator_id WHERE a.kind = 'gold'"
        ).fetchone()
    finally:
        conn.close()
    return row[0] if row else "new"


def press_persian_digit(digit: str) -> None:
    """The key a Persian keyboard layout sends for ۱..۹ (its own key code, not Key_1)."""
    QTest.keyClick(QApplication.focusWidget(), Qt.Key(QKeySequence(digit)[0].key()), Qt.KeyboardModifier.NoModifier)


def page_color(view):
    """The colour the text page is painted in (a corner of the viewport, below the text)."""
    image = view.viewport().grab().toImage()
    return image.pixelColor(image.width() - 3, image.height() - 3).name()


# --- defect 5: Persian digits, the dark page, Ctrl+Enter asks ----------------------------


def test_persian_digits_decide_in_review_mode_and_the_main_window_does_not_take_them(project, open_app, qtbot):
    app = open_app(project)
    ready(qtbot, app.window)
    select_text(qtbot, app.window, "رشد")  # a selection the main window's ۴ would label
    review = open_review(qtbot, app)
    press(qtbot, review, Qt.Key.Key_N)  # from the agreed name to باکو
    assert review.text[review.current_unit().start : review.current_unit().end] == "باکو"
    press_persian_digit("۴")  # place, as 4 does
    assert gold(project) == [("باکو", "place")]
    press_persian_digit("۸")  # relabel the chosen gold span: event
    assert gold(project) == [("باکو", "event")]
    assert [who for *_, who in stored_spans(project)].count("sara") == 0


def test_the_review_page_follows_the_dark_theme(project, open_app, qtbot):
    app = open_app(project)
    app.window.actions_by_id["dark_theme"].trigger()  # View → Dark theme, before review opens
    review = open_review(qtbot, app)
    qtbot.waitUntil(lambda: page_color(review.view) == DARK.base)
    assert review.view.palette().color(QPalette.ColorRole.Base).name() == DARK.base
    app.window.actions_by_id["dark_theme"].trigger()  # and back to light while it is open
    qtbot.waitUntil(lambda: page_color(review.view) == LIGHT.base)
    app.window.actions_by_id["dark_theme"].trigger()
    qtbot.waitUntil(lambda: page_color(review.view) == DARK.base)


def _answer(qtbot, button_text: str, seen: list) -> None:
    """When the question box is up (within a second), note what it says and click `button_text`."""
    tries = iter(range(50))

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            if next(tries, None) is not None:
                QTimer.singleShot(20, click)
            return
        buttons = {b.text(): b for b in box.findChildren(QPushButton)}
        seen.append((box.text(), sorted(buttons)))
        qtbot.mouseClick(buttons[button_text], Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, click)


def test_ctrl_enter_with_undecided_units_asks_in_persian_and_marks_only_on_yes(project, open_app, qtbot):
    app = open_app(project, language="fa")
    review = open_review(qtbot, app)
    # accept the agreed unit
    press(qtbot, review, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert review_status(project) == "in_progress"
    seen = []
    _answer(qtbot, "لغو", seen)
    press(qtbot, review, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert seen == [("۲ واحد هنوز بی‌تصمیم مانده است. با این حال بازبینی‌شده علامت بخورد؟", ["علامت بازبینی‌شده", "لغو"])]
    assert review_status(project) == "in_progress"
    focus(qtbot, review)  # the box closed: the window manager gives the review window back
    _answer(qtbot, "علامت بازبینی‌شده", seen)
    press(qtbot, review, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert len(seen) == 2 and review_status(project) == "done"


def test_ctrl_enter_with_every_unit_decided_marks_without_asking(project, open_app, qtbot):
    app = open_app(project)
    review = open_review(qtbot, app)
    press(qtbot, review, Qt.Key.Key_R, Qt.KeyboardModifier.ShiftModifier)
    while review.current_unit() is not None and not all(u.decided for u in review.units):
        press(qtbot, review, Qt.Key.Key_R, Qt.KeyboardModifier.ShiftModifier)  # reject every unit whole
    press(qtbot, review, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.activeModalWidget() is None
    assert review_status(project) == "done"


# --- issue 19: the new gold span is the chosen one ---------------------------------------


def test_a_hotkey_relabels_the_gold_span_it_just_made(project, open_app, qtbot):
    app = open_app(project)
    review = open_review(qtbot, app)
    press(qtbot, review, Qt.Key.Key_N)  # to باکو
    press(qtbot, review, Qt.Key.Key_4)  # accept with place
    assert gold(project) == [("باکو", "place")]
    chosen = review.view.current_mark()
    assert review.view.mark(chosen).caption.endswith("Place")  # the gold span is the chosen one
    press(qtbot, review, Qt.Key.Key_3)  # relabel it: one gold span, not two
    assert gold(project) == [("باکو", "organisation")]
    press(qtbot, review, Qt.Key.Key_3)  # the same label again: no new step
    assert gold(project) == [("باکو", "organisation")]
    press(qtbot, review, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert gold(project) == [("باکو", "place")]
    press(qtbot, review, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert gold(project) == []


def test_a_drawn_gold_span_is_chosen_relabelled_and_a_second_label_takes_ctrl(project, open_app, qtbot):
    app = open_app(project)
    review = open_review(qtbot, app)
    select_text(qtbot, review, "رشد")
    press(qtbot, review, Qt.Key.Key_8)  # draw: event
    assert ("رشد", "event") in gold(project)
    assert review.view.selected_range() is None  # the selection is dropped ...
    shown = review.view.mark(review.view.current_mark())  # ... for the new span, chosen
    assert (TEXT[shown.start : shown.end], shown.caption) == ("رشد", "★ Event")
    press(qtbot, review, Qt.Key.Key_7)  # relabel: agreement
    assert [g for g in gold(project) if g[0] == "رشد"] == [("رشد", "agreement")]
    select_text(qtbot, review, "رشد")  # the same words selected again:
    assert review.view.current_mark() is None  # the gold span is no longer chosen
    press(qtbot, review, Qt.Key.Key_6)  # a plain hotkey still relabels
    assert [g for g in gold(project) if g[0] == "رشد"] == [("رشد", "date")]
    press(qtbot, review, Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)  # Ctrl+hotkey: deliberately a second
    assert sorted(g for g in gold(project) if g[0] == "رشد") == [("رشد", "date"), ("رشد", "event")]
    assert review.statusBar().currentMessage() == "Added «Event» as another label on the same words"
    press(qtbot, review, Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)  # that label is there: nothing more
    assert sorted(g for g in gold(project) if g[0] == "رشد") == [("رشد", "date"), ("رشد", "event")]


# --- defect 6: the agreement dialog in Persian --------------------------------------------


def test_agreement_dialog_in_persian_shows_names_labels_and_words(project, open_app, qtbot):
    app = open_app(project, language="fa")
    ready(qtbot, app.window)
    press(qtbot, app.window, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = app.window.agreement_dialog
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=20000)
    assert dialog.matrix.item(0, 1).text() == "۰٫۳۳۳"  # F1 exact: 1 of 3 spans match (Persian decimal point)
    rect = dialog.matrix.visualItemRect(dialog.matrix.item(0, 1))
    qtbot.mouseClick(dialog.matrix.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center())
    lines = [dialog.mismatches.item(i).text() for i in range(dialog.mismatches.count())]
    baku = next(line for line in lines if "«\u2068باکو\u2069»" in line)
    assert baku.startswith(isolate(NAME) + ":")
    assert "مکان" in baku and "سازمان" in baku and "place" not in baku
    assert isolate("۴۰ تا ۴۴") in baku  # offsets in Persian words and digits
    figure = next(line for line in lines if "رقم و مقدار «\u2068۵۰ درصد\u2069»" in line)
    assert "«\u2068۵۰\u2069»" in figure
    for line in lines:  # outside the isolated file name, no Latin digit: Persian digits only
        assert not any(c.isascii() and c.isdigit() for c in line.replace(isolate(NAME), ""))
    item = dialog.mismatches.item(lines.index(baku))
    point = dialog.mismatches.visualItemRect(item).center()
    qtbot.mouseClick(dialog.mismatches.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    qtbot.mouseDClick(dialog.mismatches.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    start = TEXT.index("باکو")
    assert app.window.view.selected_range() == (start, start + 4)  # double-click opens the place


def test_closing_the_main_window_closes_review_mode_and_agreement_with_it(project, open_app, qtbot):
    """Review mode and the agreement window show the main window's project: they must not stay
    behind alone (with nothing left to quit from) when the analyst closes the main window."""
    app = open_app(project)
    ready(qtbot, app.window)
    press(qtbot, app.window, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    agreement = app.window.agreement_dialog
    assert agreement is not None and agreement.isVisible()
    review = open_review(qtbot, app)
    assert review.isVisible()
    app.window.close()  # the title bar's close button
    qtbot.waitUntil(lambda: not review.isVisible() and not agreement.isVisible())
    assert not [w for w in QApplication.topLevelWidgets() if w.isVisible()]
