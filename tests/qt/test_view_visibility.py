"""What the analyst must be able to see: every character that takes room on the
line is drawn (emoji, flags, symbols), and every label chip is whole."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QTextCursor
from PySide6.QtWidgets import QApplication

from desktop.qt.document_view import SpanMark

pytestmark = pytest.mark.gui


def _ink(view, start: int, end: int) -> int:
    """Pixels darker than the page between the carets at code points `start` and `end`."""
    view.viewport().repaint()  # the view spaces its lines out when it first paints them ...
    QApplication.processEvents()  # ... and moves them in the event that follows
    text = view.text()
    cursor = QTextCursor(view.document())
    u16 = [len(text[:cp].encode("utf-16-le")) // 2 for cp in (start, end)]
    cursor.setPosition(u16[0])
    a = view.cursorRect(cursor)
    cursor.setPosition(u16[1])
    b = view.cursorRect(cursor)
    box = QRect(min(a.left(), b.left()) + 1, a.top(), abs(a.left() - b.left()) - 2, a.height())
    image = view.viewport().grab(box).toImage()
    return sum(
        1 for x in range(image.width()) for y in range(image.height()) if QColor(image.pixel(x, y)).lightness() < 160
    )


@pytest.mark.parametrize("symbol", ["👍", "😀", "🇮🇷", "★", "✅"])
def test_a_character_that_takes_room_is_drawn(make_view, symbol):
    text = f"خبر {symbol} رسید"
    view = make_view(text)
    start = text.index(symbol)
    assert _ink(view, start, start + len(symbol)) > 20


def test_a_chip_at_the_left_end_of_a_line_is_whole(make_view):
    text = "در این نشست که با حضور مقام‌های دو کشور برگزار شد درباره همکاری گفتگو شد و ۵۰ درصد\nدوم سطر: رشد ۲۵ درصد بود"
    view = make_view(text, size=(560, 200))
    start = text.index("شد و")  # the first line's last words: the left margin
    view.set_marks([SpanMark(1, start, start + 4, "#9b51e0", "رقم و مقدار بلند")])
    view.viewport().repaint()
    boxes = view.mark_rects(1)
    assert min(b.left() for b in boxes) < 40  # the span does sit at the left margin
    chip = view.chip_rect(1)
    assert chip is not None and chip.left() >= 0 and chip.right() <= view.viewport().width()


def test_crowded_chips_stay_on_the_page_and_apart(make_view):
    text = "و ی ب ن م ت س"
    view = make_view(text, size=(260, 120))
    marks = [SpanMark(i + 1, 2 * i, 2 * i + 1, "#2f80ed", "سازمان بسیار بلند") for i in range(7)]
    view.set_marks(marks)
    view.viewport().repaint()
    chips = sorted((view.chip_rect(m.id) for m in marks), key=lambda r: r.left())
    assert chips[0].left() >= 0
    assert all(a.right() <= b.left() for a, b in zip(chips, chips[1:]))
