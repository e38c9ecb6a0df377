"""Journeys: find in the document (Ctrl+F, Enter, F3, Escape, a hotkey on the hit, Label all
from it) and the shortcuts dialog (F1), in the real window, judged by the project file and
by what the window shows (issue 12: everyday basics)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from desktop import i18n
from desktop.qt.actions import ACTIONS

from journey import choose_menu, press, ready, stored_spans, type_text

pytestmark = pytest.mark.gui

# Persian letters in the text; the analyst types Arabic yeh and kaf. Emoji shift UTF-16 positions.
ONE = "😀 کتاب علی را خواند. 😀 علی به باکو رفت و کتاب را آورد. علی‌رضا آمد."
TWO = "سند دوم: علی از باکو آمد."


@pytest.fixture
def project(documents_project):
    return documents_project(ONE, TWO)


def opened(open_app, qtbot, path, language="en"):
    window = open_app(path, language).window
    ready(qtbot, window)
    return window


def hits_of(text: str, words: str) -> list[tuple[int, int]]:
    out, start = [], text.find(words)
    while start >= 0:
        out.append((start, start + len(words)))
        start = text.find(words, start + 1)
    return out


def find(qtbot, window, query: str) -> None:
    press(qtbot, window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.find_bar.field)
    type_text(qtbot, window.find_bar.field, query)


def test_find_with_arabic_letters_step_and_label_the_hit(project, open_app, qtbot):
    window = opened(open_app, qtbot, project)
    find(qtbot, window, "علي")  # Arabic yeh: finds the Persian علی, also inside علی‌رضا
    hits = hits_of(ONE, "علی")
    assert len(hits) == 3 and window.view.hits() == tuple(hits)
    tinted = [s.cursor.selectedText() for s in window.view.extraSelections()]
    assert tinted == ["علی"] * 3  # the very characters: a UTF-16 slip after the emoji would shift them
    assert window.view.selected_range() == hits[0] and window.find_bar.count.text() == "1 of 3"
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.view.selected_range() == hits[1] and window.find_bar.count.text() == "2 of 3"
    press(qtbot, window, Qt.Key.Key_Escape)  # closes the bar: the text has the focus, the hit stays selected
    assert QApplication.focusWidget() is window.view and window.find_bar.isHidden()
    assert window.view.extraSelections() == [] and window.view.selected_range() == hits[1]
    press(qtbot, window, Qt.Key.Key_1)
    assert stored_spans(project) == [("one.txt", *hits[1], "official", "sara")]


def test_shift_enter_f3_and_shift_f3_step_and_wrap(project, open_app, qtbot):
    window = opened(open_app, qtbot, project)
    find(qtbot, window, "علي")
    hits = hits_of(ONE, "علی")
    press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)  # back from the first: wraps to the last
    assert window.view.selected_range() == hits[2] and window.find_bar.count.text() == "3 of 3"
    press(qtbot, window, Qt.Key.Key_Escape)
    press(qtbot, window, Qt.Key.Key_F3)  # the bar is closed; F3 still finds the next, from the text
    assert window.view.selected_range() == hits[0] and QApplication.focusWidget() is window.view
    press(qtbot, window, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert window.view.selected_range() == hits[2] and window.find_bar.count.text() == "3 of 3"
    press(qtbot, window, Qt.Key.Key_Escape)  # from the text: the first Escape closes the bar, keeps the hit
    assert window.find_bar.isHidden() and window.view.selected_range() == hits[2]
    press(qtbot, window, Qt.Key.Key_Escape)  # the second clears the selection, as before
    assert window.view.selected_range() is None


def test_label_all_from_a_hit_found_with_arabic_kaf(project, open_app, qtbot):
    window = opened(open_app, qtbot, project)
    find(qtbot, window, "كتاب")  # Arabic kaf
    hits = hits_of(ONE, "کتاب")
    assert window.view.selected_range() == hits[0] and window.find_bar.count.text() == "1 of 2"
    seen = []

    def apply_in_dialog():
        dialog = QApplication.activeModalWidget()
        seen.append(dialog.query)
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Apply), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, apply_in_dialog)
    press(qtbot, window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert seen == ["کتاب"]
    assert stored_spans(project) == [("one.txt", *hit, "official", "sara") for hit in hits]


def test_persian_ui_counts_in_persian_digits(project, open_app, qtbot):
    window = opened(open_app, qtbot, project, "fa")
    find(qtbot, window, "علي")
    assert window.find_bar.count.text() == "۱ از ۳"
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.find_bar.count.text() == "۲ از ۳"
    type_text(qtbot, window.find_bar.field, "x")
    assert window.find_bar.count.text() == "چیزی پیدا نشد" and window.view.hits() == ()


def test_another_document_gets_its_own_hits(project, open_app, qtbot):
    window = opened(open_app, qtbot, project)
    find(qtbot, window, "باکو")
    press(qtbot, window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)  # next document, the bar still open
    assert window.view.text() == TWO
    assert window.view.hits() == tuple(hits_of(TWO, "باکو"))
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.view.selected_range() == hits_of(TWO, "باکو")[0] and window.find_bar.count.text() == "1 of 1"


def test_whole_words_leave_out_a_word_inside_another(project, open_app, qtbot):
    window = opened(open_app, qtbot, project)
    find(qtbot, window, "علی")
    qtbot.mouseClick(window.find_bar.whole_words, Qt.MouseButton.LeftButton)
    assert window.view.hits() == tuple(hits_of(ONE, "علی")[:2])  # not the one inside علی‌رضا
    assert window.find_bar.count.text() == "1 of 2"
    assert QApplication.focusWidget() is window.find_bar.whole_words
    press(qtbot, window, Qt.Key.Key_Escape)  # from the box too, not only from the field
    assert window.find_bar.isHidden() and QApplication.focusWidget() is window.view
    assert window.view.selected_range() == hits_of(ONE, "علی")[0]


def shortcuts_rows(qtbot, window) -> list[tuple[str, str, str]]:
    rows, directions = [], []

    def read_and_close():
        dialog = QApplication.activeModalWidget()
        rows.extend(dialog.shown_rows())
        directions.append(dialog.layoutDirection())
        dialog.reject()

    QTimer.singleShot(0, read_and_close)
    press(qtbot, window, Qt.Key.Key_F1)
    rtl = i18n.is_rtl()
    assert directions == [Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight]
    return rows


@pytest.mark.parametrize("language", ["en", "fa"])
def test_f1_lists_every_action_and_label_hotkey_with_its_shortcut(project, open_app, qtbot, language):
    window = opened(open_app, qtbot, project, language)
    rows = shortcuts_rows(qtbot, window)
    shown = {(text, keys.replace("\u2068", "").replace("\u2069", "")) for _, text, keys in rows}
    sep = "، " if language == "fa" else ", "
    for spec in ACTIONS:
        keys = sep.join(QKeySequence(s).toString(QKeySequence.SequenceFormat.PortableText) for s in spec.shortcuts)
        assert (i18n.tr(spec.text), keys) in shown, spec.id
    official = "مقام" if language == "fa" else "Official"
    assert (official, f"1{sep}۱") in shown
    assert any(keys == f"Alt+1{sep}Alt+۱" and official in text for text, keys in shown)
    if language == "fa":
        assert ("یافتن…", "Ctrl+F") in shown and rows[0][0] == "پرونده"
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus[-2:] == [i18n.tr("Labels"), i18n.tr("Help")]  # Help stays last


def test_about_names_the_version_in_the_ui_language(project, open_app, qtbot):
    window = opened(open_app, qtbot, project, "fa")
    seen = []

    def read_and_close():
        box = QApplication.activeModalWidget()
        seen.append((box.windowTitle(), box.text(), [b.text() for b in box.buttons()]))
        box.buttons()[0].click()

    QTimer.singleShot(0, read_and_close)
    choose_menu(qtbot, window, "راهنما", "دربارهٔ برچسب")
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [("دربارهٔ برچسب", "برچسب ۰.۱.۰: برچسب‌گذاری بازه‌ها در متن فارسی، از راست به چپ.", ["بستن"])]


def test_the_view_tints_the_hits_on_screen_and_follows_the_scroll(make_view):
    text = "".join(f"😀 سطر {i} از خبر باکو است.\n" for i in range(400))
    hits = hits_of(text, "باکو")
    view = make_view(text)
    view.set_hits(hits)

    def tinted() -> list[int]:  # code points where the tints start (the text has emoji: UTF-16 differs)
        starts = [s.cursor.selectionStart() for s in view.extraSelections()]
        u16 = [len(text[:s].encode("utf-16-le")) // 2 for s, _ in hits]
        assert all(s in u16 for s in starts)
        return [hits[u16.index(s)][0] for s in starts]

    assert 0 < len(tinted()) < 100 and tinted()[0] == hits[0][0]
    view.select_range(*hits[-1])  # scrolls to the end
    assert hits[-1][0] in tinted() and hits[0][0] not in tinted()
    assert view.hits() == tuple(hits)
    view.set_document("سند دیگر")
    assert view.hits() == () and view.extraSelections() == []
