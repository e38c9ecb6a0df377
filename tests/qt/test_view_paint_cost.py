"""What a paint costs: badges drawn from pixmaps look drawn directly; only marks on screen are built."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen

from desktop.qt.document_view import DocumentView, SpanMark
from desktop.qt.view import badge, geometry
from desktop.qt.view.badge import BadgeStyle, draw_badge
from desktop.qt.view.metrics import LineMetrics
from desktop.qt.view.relation_mark import RelationMark

pytestmark = pytest.mark.gui

GREEN = "#2e9e44"


def _canvas() -> QImage:
    image = QImage(220, 60, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("#fbfaf7"))
    return image


def _direct(rect: QRectF, text: str, font: QFont, style: BadgeStyle) -> QImage:
    """The chip as the view drew it before badges: path, fill and text straight onto the page."""
    image = _canvas()
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    painter.setFont(font)
    edge = Qt.PenStyle.DashLine if style.dashed else Qt.PenStyle.SolidLine
    painter.setPen(Qt.PenStyle.NoPen if style.edge is None else QPen(style.edge, style.edge_width, edge))
    painter.setBrush(style.fill)
    radius = rect.height() * style.roundness
    inset = style.inset
    painter.drawRoundedRect(rect.adjusted(inset, inset, -inset, -inset), radius, radius)
    painter.setPen(style.ink)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return image


def _badged(rect: QRectF, text: str, font: QFont, style: BadgeStyle) -> QImage:
    image = _canvas()
    painter = QPainter(image)
    painter.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    draw_badge(painter, rect, text, font, font.key(), style)
    painter.end()
    return image


def _difference(a: QImage, b: QImage) -> tuple[int, float]:
    """The largest and the mean difference of a colour channel between two images."""
    diffs = [
        max(abs(p.red() - q.red()), abs(p.green() - q.green()), abs(p.blue() - q.blue()))
        for x in range(a.width())
        for y in range(a.height())
        for p, q in [(a.pixelColor(x, y), b.pixelColor(x, y))]
    ]
    return max(diffs), sum(diffs) / len(diffs)


@pytest.mark.parametrize("x", [20.0, 20.25, 20.5, 20.75, 21.1, 20.6])
@pytest.mark.parametrize("dashed", [False, True])
def test_a_badge_looks_as_drawing_the_chip_directly(qapp, x, dashed):
    font = LineMetrics.for_font(QFont("Vazirmatn", 12)).chip_font
    edge = QColor(GREEN) if dashed else None
    style = BadgeStyle(QColor(GREEN), QColor("#ffffff"), edge, 1.0, dashed, inset=0.5)
    rect, text = QRectF(x, 10.4, 96.3, 20.0), "مکان · فهرست"
    direct = _direct(rect, text, font, style)
    worst, mean = _difference(direct, _badged(rect, text, font, style))
    _, moved = _difference(direct, _direct(rect.translated(1, 0), text, font, style))
    assert moved > 2.0  # the measure tells a chip one pixel off
    assert mean < moved / 3
    if x * 4 == int(x * 4):  # on the quarter pixels badges are kept for, only edges blend differently
        assert worst <= 40


def test_a_badge_is_rendered_once_and_then_copied(qapp):
    font = LineMetrics.for_font(QFont("Vazirmatn", 12)).chip_font
    style = BadgeStyle(QColor("#123456"), QColor("#ffffff"), inset=0.5)
    before = len(badge._rendered)
    for x in (5.0, 45.0, 85.0):  # the same fraction of a pixel: one pixmap
        _badged(QRectF(x, 3.0, 30.0, 18.0), "یک", font, style)
    assert len(badge._rendered) == before + 1


def test_chip_captions_are_elided_and_measured_once_per_font(qapp):
    metrics = LineMetrics.for_font(QFont("Vazirmatn", 12))
    long = "برچسبی بسیار بسیار طولانی که در هیچ تراشه‌ای جا نمی‌شود"
    shown, width = metrics.chip_caption(long)
    assert shown != long and shown.endswith("…")
    assert width <= metrics.chip_max_width + 2 * metrics.chip_pad
    assert metrics.chip_caption(long) is metrics.chip_caption(long)  # kept, not measured again


def test_like_copies_the_look_and_checks_the_range():
    first = SpanMark(1, 0, 4, GREEN, "مکان", "suggested")
    other = first.like(7, 10, 15)
    assert other == SpanMark(7, 10, 15, GREEN, "مکان", "suggested")
    with pytest.raises(ValueError):
        first.like(8, 5, 5)


def test_a_relation_like_another_copies_its_look_and_checks_its_ends():
    first = RelationMark(1, (0, 4), (6, 9), GREEN, "واقع در", directed=False, chosen=True)
    assert first.like(5, (10, 12), (2, 3)) == RelationMark(5, (10, 12), (2, 3), GREEN, "واقع در", directed=False)
    with pytest.raises(ValueError, match="bad tail"):
        first.like(6, (1, 2), (3, 3))


def test_a_page_builds_shapes_only_for_the_marks_on_screen(qtbot, monkeypatch):
    paragraph = "سفر هیئت اقتصادی استان به باکو برای توسعه مناسبات تجاری و اقتصادی"
    text = "\n".join([paragraph] * 3000)
    word = paragraph.index("باکو")
    starts = [i * (len(paragraph) + 1) for i in range(3000)]
    marks = [SpanMark(i, s + word, s + word + 4, GREEN, "مکان") for i, s in enumerate(starts)]
    built: list[int] = []
    real = geometry.block_shapes

    def counting(layout, local, lines, metrics):
        built.extend(m.mark.id for m in local)
        return real(layout, local, lines, metrics)

    monkeypatch.setattr("desktop.qt.view.shape_cache.block_shapes", counting)
    view = DocumentView()
    qtbot.addWidget(view)
    view.resize(600, 500)
    view.show()
    view.set_document(text, marks)
    view.viewport().repaint()
    on_screen = [m.id for m in marks if view.chip_rect(m.id) is not None]
    assert on_screen and len(set(built)) <= len(on_screen) + 2  # a paragraph below the edge at most
    built.clear()
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    view.viewport().repaint()
    on_screen = [m.id for m in marks[1400:1600] if view.chip_rect(m.id) is not None]
    assert on_screen and set(built) <= set(range(1400, 1600))
    assert len(set(built)) <= len(on_screen) + 2
