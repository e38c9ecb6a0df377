"""Drawing marks: backgrounds under the text; lanes, outlines, chips over it.

The view hands in only the paragraphs on screen, each with its top-left
corner in viewport coordinates, so drawing cost follows the screen, not
the document.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import QWidget

from desktop.qt.view.badge import BadgeStyle, draw_badge
from desktop.qt.view.geometry import MarkShape
from desktop.qt.view.metrics import LineMetrics
from desktop.qt.view.theme import Theme, color, ink_on

VisibleShapes = Sequence[tuple[QPointF, list[MarkShape]]]


@contextmanager
def painting(widget: QWidget) -> Iterator[QPainter]:
    """A QPainter on `widget`, ended on exit (the view paints in three passes)."""
    painter = QPainter(widget)
    try:
        yield painter
    finally:
        painter.end()


def is_emphasised(shape: MarkShape, current: int | None) -> bool:
    return shape.mark.id == current or shape.mark.style == "selected"


def paint_under(painter: QPainter, visible: VisibleShapes, theme: Theme, current: int | None) -> None:
    """Translucent span backgrounds; overlaps blend, so they stay visible."""
    for origin, shapes in visible:
        for shape in shapes:
            mark = shape.mark
            if is_emphasised(shape, current):
                alpha = theme.emphasis_alpha
            else:
                alpha = theme.suggested_alpha if mark.style == "suggested" else theme.fill_alpha
            fill = color(mark.color, alpha)
            for box in shape.boxes:
                painter.fillRect(box.translated(origin), fill)


def paint_over(
    painter: QPainter, visible: VisibleShapes, metrics: LineMetrics, theme: Theme, current: int | None
) -> None:
    """Underline lanes, the current span's outline and the label chips."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    font, font_key = metrics.chip_font, metrics.chip_font_key
    for origin, shapes in visible:
        for shape in shapes:
            _paint_lanes(painter, shape, origin, metrics)
            if is_emphasised(shape, current):
                _paint_outline(painter, shape, origin, theme)
        for shape in shapes:
            if shape.chip is not None:
                mark, emphasised = shape.mark, is_emphasised(shape, current)
                style = chip_style(mark.color, mark.style == "suggested", emphasised, theme)
                draw_badge(painter, shape.chip.translated(origin), shape.caption, font, font_key, style)


@lru_cache(maxsize=256)
def chip_style(colour: str, suggested: bool, emphasised: bool, theme: Theme) -> BadgeStyle:
    """A chip: the label's colour with a readable caption; a suggestion's is pale and dashed."""
    if suggested and not emphasised:
        return BadgeStyle(color(theme.base), color(theme.text), color(colour), 1.0, True, inset=0.5)
    edge = color(theme.outline) if emphasised else None
    return BadgeStyle(color(colour), ink_on(colour), edge, 1.6, inset=0.5)


def _paint_lanes(painter: QPainter, shape: MarkShape, origin: QPointF, metrics: LineMetrics) -> None:
    lane_y = metrics.lane_y(shape.lane)
    thickness = metrics.lane_thickness
    ink = color(shape.mark.color)
    if shape.mark.style == "suggested":
        pen = QPen(ink, thickness, Qt.PenStyle.DashLine, Qt.PenCapStyle.FlatCap)
        painter.setPen(pen)
        for box in shape.boxes:
            y = origin.y() + box.top() + lane_y + thickness / 2
            painter.drawLine(QPointF(origin.x() + box.left(), y), QPointF(origin.x() + box.right(), y))
        return
    for box in shape.boxes:
        painter.fillRect(QRectF(origin.x() + box.left(), origin.y() + box.top() + lane_y, box.width(), thickness), ink)


def _paint_outline(painter: QPainter, shape: MarkShape, origin: QPointF, theme: Theme) -> None:
    ink = color(shape.mark.color)
    painter.setPen(QPen(ink.lighter(140) if theme.dark else ink.darker(140), 2))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for box in shape.boxes:
        painter.drawRoundedRect(box.translated(origin).adjusted(-1, 0, 1, 0), 3, 3)
