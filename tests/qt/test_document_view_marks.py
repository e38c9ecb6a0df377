"""Span highlights as drawn: overlaps, chips, clicks, edits, joined letters."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage

from desktop.qt.document_view import DocumentView, SpanMark

pytestmark = pytest.mark.gui

TEXT = (
    "معاون هماهنگی امور اقتصادی استاندار آذربایجان شرقی در تشریح دستاوردهای سفر به باکو خبر داد.\n"
    "می‌شود و SMBها در بازار CIS"
)
BLUE, GREEN, RED = "#1f5fbf", "#2e9e44", "#d62728"


def span(mark_id: int, phrase: str, color: str, caption: str = "برچسب", style: str = "solid") -> SpanMark:
    start = TEXT.index(phrase)
    return SpanMark(mark_id, start, start + len(phrase), color, caption, style)


OUTER = span(1, "معاون هماهنگی امور اقتصادی استاندار آذربایجان شرقی", BLUE, "سمت")
INNER = span(2, "آذربایجان شرقی", GREEN, "مکان")


def grab(view: DocumentView) -> QImage:
    return view.viewport().grab().toImage()


def near(pixel: QColor, hex_rgb: str, tolerance: int = 10) -> bool:
    want = QColor(hex_rgb)
    return (
        max(abs(pixel.red() - want.red()), abs(pixel.green() - want.green()), abs(pixel.blue() - want.blue()))
        <= tolerance
    )


def column_rows(image: QImage, x: int, top: float, bottom: float, hex_rgb: str) -> list[int]:
    return [y for y in range(int(top), int(bottom)) if near(image.pixelColor(x, y), hex_rgb)]


def ink_mask(image: QImage, rect: QRectF) -> set[tuple[int, int]]:
    r = rect.toAlignedRect()
    return {
        (x, y)
        for x in range(r.left(), r.right())
        for y in range(r.top(), r.bottom())
        if image.pixelColor(x, y).lightness() < 90
    }


def test_overlapping_marks_both_render_with_their_own_underline(make_view):
    view = make_view(TEXT, [OUTER, INNER])
    inner_box = view.mark_rects(INNER.id)[0]
    image = grab(view)
    x = int(inner_box.center().x())
    below = (inner_box.top(), inner_box.bottom() + 12)
    blue_rows, green_rows = column_rows(image, x, *below, BLUE), column_rows(image, x, *below, GREEN)
    assert blue_rows and green_rows, "both spans have an underline under the shared words"
    assert set(blue_rows).isdisjoint(green_rows), "stacked in different lanes"


def test_backgrounds_blend_where_marks_overlap(make_view):
    view = make_view(TEXT, [OUTER, INNER])
    outer_box, inner_box = view.mark_rects(OUTER.id)[0], view.mark_rects(INNER.id)[0]
    image = grab(view)
    base = image.pixelColor(5, 5)
    y = int(outer_box.top()) + 1  # above the glyphs' ink
    outer_only = image.pixelColor(int(outer_box.right()) - 3, y)
    both = image.pixelColor(int(inner_box.center().x()), y)
    assert outer_only != base
    assert outer_only.blue() > outer_only.red()
    assert both != outer_only


def test_caption_chip_is_drawn_above_the_span_start(make_view):
    view = make_view(TEXT, [OUTER, INNER])
    for mark in (OUTER, INNER):
        chip = view.chip_rect(mark.id)
        first_box = view.mark_rects(mark.id)[0]
        assert chip is not None
        assert chip.bottom() <= first_box.top() + 3
        image = grab(view)
        r = chip.toAlignedRect().adjusted(2, 2, -2, -2)
        filled = sum(
            near(image.pixelColor(px, py), mark.color, 6)
            for px in range(r.left(), r.right())
            for py in range(r.top(), r.bottom())
        )
        assert filled > 0.4 * r.width() * r.height()
        assert abs(chip.right() - first_box.right()) < 4 or mark is INNER  # RTL: starts at the right


def test_chips_on_one_line_never_overlap(make_view):
    words = TEXT.split("\n")[0].split(" ")[:6]
    marks = [span(i + 1, w, (BLUE, GREEN, RED)[i % 3], "برچسب‌طولانی") for i, w in enumerate(words)]
    view = make_view(TEXT, marks)
    chips = [view.chip_rect(m.id) for m in marks]
    for i, a in enumerate(chips):
        for b in chips[i + 1 :]:
            assert not a.intersects(b)


def test_span_across_rtl_ltr_boundary_gives_two_boxes(make_view):
    start = TEXT.index("SMBها") + 2
    view = make_view(TEXT, [SpanMark(5, start, start + 3, RED, "x")])
    assert len(view.mark_rects(5)) == 2


def test_half_word_highlight_keeps_letters_joined(make_view):
    word = TEXT.index("می‌شود")
    view = make_view(TEXT, [SpanMark(9, word, word + len("می‌شود"), RED, "x")])
    view.set_zoom(8)
    box = view.mark_rects(9)[0].adjusted(-2, 0, 2, 0)
    view.set_marks([])
    plain = ink_mask(grab(view), box)
    view.set_marks([SpanMark(8, word + 1, word + 4, RED, "x")])
    half = ink_mask(grab(view), box)
    assert len(plain) > 200
    # A tinted background can only darken anti-aliased edges; unjoined
    # letters would move or reshape whole glyphs.
    assert len(plain - half) <= 0.02 * len(plain)
    assert len(half - plain) <= 0.08 * len(plain)


def test_click_reports_the_innermost_span(make_view, qtbot):
    view = make_view(TEXT, [OUTER, INNER])
    inner_box, outer_box = view.mark_rects(INNER.id)[0], view.mark_rects(OUTER.id)[0]
    with qtbot.waitSignal(view.mark_clicked) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=inner_box.center().toPoint())
    assert blocker.args == [INNER.id]
    with qtbot.waitSignal(view.mark_clicked) as blocker:
        point = QPoint(int(outer_box.right()) - 4, int(outer_box.center().y()))
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert blocker.args == [OUTER.id]
    with qtbot.waitSignal(view.mark_clicked) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.chip_rect(OUTER.id).center().toPoint())
    assert blocker.args == [OUTER.id]


def test_click_outside_spans_reports_nothing(make_view, qtbot):
    view = make_view(TEXT, [INNER])
    with qtbot.assertNotEmitted(view.mark_clicked):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(5, 5))


def test_double_click_activates_a_span(make_view, qtbot):
    view = make_view(TEXT, [OUTER, INNER])
    with qtbot.waitSignal(view.mark_activated) as blocker:
        qtbot.mouseDClick(
            view.viewport(), Qt.MouseButton.LeftButton, pos=view.mark_rects(INNER.id)[0].center().toPoint()
        )
    assert blocker.args == [INNER.id]


def test_add_update_remove_mark(make_view):
    view = make_view(TEXT, [OUTER])
    assert view.mark_at(INNER.start) == [OUTER.id]
    view.add_mark(INNER)
    assert view.mark_at(INNER.start) == [INNER.id, OUTER.id]
    assert view.mark_rects(INNER.id)
    moved = span(INNER.id, "باکو", RED, "مکان")
    before = view.mark_rects(INNER.id)
    view.update_mark(moved)
    assert view.mark_rects(INNER.id) != before
    assert view.mark(INNER.id) == moved
    view.remove_mark(INNER.id)
    assert view.mark_rects(INNER.id) == []
    assert view.mark_at(moved.start) == []
    with pytest.raises(ValueError):
        view.add_mark(OUTER)


def test_current_mark_is_outlined(make_view):
    view = make_view(TEXT, [OUTER, INNER])
    plain = grab(view)
    view.set_current_mark(INNER.id)
    assert view.current_mark() == INNER.id
    box = view.mark_rects(INNER.id)[0]
    edge = QColor(GREEN).darker(140)
    image = grab(view)
    rows = [
        y
        for y in range(int(box.top()) - 2, int(box.bottom()) + 2)
        if near(image.pixelColor(int(box.center().x()), y), edge.name(), 25)
    ]
    assert rows and image != plain


def test_suggested_spans_are_paler(make_view):
    solid = make_view(TEXT, [OUTER])
    suggested = make_view(TEXT, [span(1, OUTER.caption and TEXT[:5], BLUE, "سمت", "suggested")])
    point = solid.mark_rects(1)[0].topRight() + QPointF(-3, 1)
    base = grab(solid).pixelColor(5, 5).lightness()
    solid_tint = base - grab(solid).pixelColor(point.toPoint()).lightness()
    pale_tint = base - grab(suggested).pixelColor(point.toPoint()).lightness()
    assert 0 < pale_tint < solid_tint


def test_marks_far_down_are_drawn_after_scrolling(make_view, seed_text):
    text = seed_text * 10
    start = text.rindex("باکو")
    view = make_view(text, [SpanMark(3, start, start + 4, RED, "مکان")])
    assert view.mark_rects(3) == []
    view.select_range(start, start + 4)
    rects = view.mark_rects(3)
    assert rects and view.viewport().rect().toRectF().intersects(rects[0])
    assert view.chip_rect(3) is not None


def test_span_wrapping_over_lines_has_boxes_on_each_and_one_chip(make_view):
    view = make_view(TEXT, [OUTER], size=(260, 400))
    tops = {round(box.top()) for box in view.mark_rects(OUTER.id)}
    assert len(tops) >= 2
    chip = view.chip_rect(OUTER.id)
    assert chip is not None and chip.bottom() <= min(tops) + 3


def test_zoom_rebuilds_geometry(make_view):
    view = make_view(TEXT, [OUTER])
    width = view.mark_rects(OUTER.id)[0].width()
    view.zoom_in()
    view.zoom_in()
    assert view.mark_rects(OUTER.id)[0].width() > width
