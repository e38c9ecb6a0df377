"""The document view as a reader uses it: text, selection, keyboard, zoom, colours."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFontInfo, QPalette

from desktop.qt.document_view import DocumentView

pytestmark = pytest.mark.gui

EMOJI_TEXT = "😀 سلام 👍🏽 دنیا\nخبر 🇮🇷 از می‌شود و SMBها ۲۱ CIS"


def qt_selected(view: DocumentView) -> str:
    """What Qt itself has selected, paragraph breaks as in Python."""
    return view.textCursor().selectedText().replace("\u2029", "\n")


def test_uses_bundled_vazirmatn_right_to_left(make_view):
    view = make_view("سلام")
    assert QFontInfo(view.font()).family() == "Vazirmatn"
    option = view.document().defaultTextOption()
    assert option.textDirection() == Qt.LayoutDirection.RightToLeft
    assert option.alignment() & Qt.AlignmentFlag.AlignRight
    assert view.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert view.isReadOnly()


def test_html_looking_text_shows_literally(make_view):
    text = "<b>پررنگ</b> &amp; <i>x</i>\n<p style='color:red'>نه</p>"
    view = make_view(text)
    assert view.toPlainText() == text
    block = view.document().firstBlock()
    while block.isValid():
        formats = {(r.format.fontWeight(), r.format.fontItalic()) for r in block.layout().formats()}
        assert formats <= {(400, False)}
        block = block.next()
    assert view.document().toHtml().count("font-weight:700") == 0


def test_select_range_after_emoji_selects_the_right_characters(make_view):
    view = make_view(EMOJI_TEXT)
    start = EMOJI_TEXT.index("دنیا")
    view.select_range(start, start + 4)
    assert qt_selected(view) == "دنیا"
    assert view.selected_range() == (start, start + 4)


def test_selected_range_round_trips_in_code_points(make_view):
    view = make_view(EMOJI_TEXT)
    positions = st.integers(0, len(EMOJI_TEXT))

    @settings(max_examples=60, deadline=None)
    @given(positions, positions)
    def round_trip(a: int, b: int) -> None:
        start, end = min(a, b), max(a, b)
        view.select_range(start, end)
        assert qt_selected(view) == EMOJI_TEXT[start:end]
        assert view.selected_range() == ((start, end) if end > start else None)

    round_trip()


def test_selection_changed_reports_code_points(make_view, qtbot):
    view = make_view(EMOJI_TEXT)
    start = EMOJI_TEXT.index("SMBها")
    with qtbot.waitSignal(view.selection_changed) as blocker:
        view.select_range(start, start + 5)
    assert blocker.args == [start, start + 5]
    with qtbot.waitSignal(view.selection_changed) as blocker:
        view.clear_selection()
    assert blocker.args == [start, start]
    assert view.selected_range() is None


def test_select_range_rejects_ranges_outside_the_text(make_view):
    view = make_view("سلام")
    with pytest.raises(ValueError):
        view.select_range(2, 9)


def test_crlf_does_not_shift_offsets(make_view):
    text = "یک\r\nدو سه\r\nچهار"
    view = make_view(text)
    start = text.index("چهار")
    view.select_range(start, start + 4)
    assert qt_selected(view) == "چهار"


def test_copy_gives_the_stored_text(make_view):
    text = "الف\u00a0ب\nج"
    view = make_view(text)
    view.select_range(0, len(text))
    assert view.createMimeDataFromSelection().text() == text


def test_mouse_drag_selects_and_reports_code_points(make_view, qtbot, seed_text):
    view = make_view(seed_text)
    view.select_range(seed_text.index("معاون"), seed_text.index("معاون"))
    rect = view.cursorRect()
    start, end = QPoint(rect.x() + 1, rect.center().y()), QPoint(rect.x() - 200, rect.center().y())
    with qtbot.waitSignal(view.selection_changed):
        qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
        qtbot.mouseMove(view.viewport(), pos=end)
        qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=end)
    selected = view.selected_range()
    assert selected is not None and selected[0] == seed_text.index("معاون")
    assert seed_text[selected[0] : selected[1]] == qt_selected(view)
    assert seed_text[selected[0] : selected[1]].startswith("معاون هماهنگی")


def test_double_click_selects_a_whole_word(make_view, qtbot):
    text = "این کار انجام می‌شود و تمام."
    view = make_view(text)
    view.select_range(text.index("می‌شود") + 2, text.index("می‌شود") + 2)
    rect = view.cursorRect()
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert qt_selected(view) == "می‌شود"
    assert view.selected_range() == (text.index("می‌شود"), text.index("می‌شود") + len("می‌شود"))


def test_shift_arrows_extend_in_reading_direction(make_view, qtbot):
    text = "سلام دنیا"
    view = make_view(text)
    view.setFocus()
    view.select_range(0, 0)
    qtbot.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    assert view.selected_range() == (0, 2)  # in RTL, Left moves on through the text
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert view.selected_range() == (0, 1)
    qtbot.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier)
    assert text[slice(*view.selected_range())] in ("سلام", "سلام ")


def test_select_range_scrolls_far_text_into_view(make_view, seed_text):
    text = seed_text * 20
    view = make_view(text)
    start = len(text) - 200
    view.select_range(start, start + 5)
    rect = view.cursorRect()
    assert view.viewport().rect().contains(rect.center())


def test_zoom_changes_font_size_and_is_clamped(make_view, qtbot):
    view = make_view("سلام")
    size = view.font().pointSizeF()
    with qtbot.waitSignal(view.zoom_changed) as blocker:
        view.zoom_in()
    assert blocker.args == [1]
    assert view.font().pointSizeF() > size
    view.zoom_out()
    view.zoom_out()
    assert view.font().pointSizeF() < size
    view.set_zoom(999)
    assert view.zoom() == 12
    view.set_zoom(0)
    assert view.font().pointSizeF() == size


def test_ctrl_wheel_zooms(make_view, qtbot):
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QWheelEvent

    view = make_view("سلام")
    event = QWheelEvent(
        QPointF(10, 10),
        QPointF(10, 10),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    view.wheelEvent(event)
    assert view.zoom() == 1


def test_dark_palette(make_view):
    view = make_view("سلام")
    light = view.palette().color(QPalette.ColorRole.Base).lightness()
    view.set_dark(True)
    assert view.is_dark()
    assert view.palette().color(QPalette.ColorRole.Base).lightness() < 60 < light
    pixel = view.viewport().grab().toImage().pixelColor(5, 5)
    assert pixel.lightness() < 60


def test_every_line_on_screen_gets_the_same_room_after_zoom(make_view, seed_text, qtbot):
    view = make_view(seed_text * 3)
    view.zoom_in()
    view.zoom_in()
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.wait(20)
    bar.setValue(bar.maximum())
    view.viewport().repaint()
    gaps = set()
    block, offset = view.firstVisibleBlock(), view.contentOffset()
    while block.isValid() and view.blockBoundingGeometry(block).translated(offset).top() < view.viewport().height():
        layout = block.layout()
        if layout.lineAt(0).textLength():
            gaps.add(layout.lineAt(0).y())
        block = block.next()
    assert len(gaps) == 1 and gaps.pop() > 0
    assert not block.isValid(), "the last paragraph is reachable"


def test_replacing_the_text_while_something_is_selected(make_view, qtbot):
    """A long document with a selection near its end, replaced by a short one."""
    view = make_view("واژه " * 400)
    view.select_range(1900, 1990)
    with qtbot.waitSignal(view.selection_changed, timeout=1000, raising=False):
        view.set_document("کوتاه")
    assert view.selected_range() in (None, (0, 0))
    view.select_range(0, 5)
    assert view.selected_range() == (0, 5)


def test_a_nul_character_neither_ends_the_text_nor_shifts_offsets(make_view):
    text = "پیش\x00پس باکو"
    view = make_view(text)
    start = text.index("باکو")
    view.select_range(start, start + 4)
    assert view.selected_range() == (start, start + 4)
    assert view.textCursor().selectedText() == "باکو"
