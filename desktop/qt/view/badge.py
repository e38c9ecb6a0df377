"""Chips and arc labels drawn from pixmaps rendered once.

A chip is an antialiased rounded box with a short Persian caption in it.
Drawing one from scratch (path, fill, text shaping and glyph blending) was
most of a repaint: a page shows some forty chips. The same few captions in
the same few colours recur all over a document, so each distinct badge is
rendered once into a pixmap and then only copied. The pixmap keeps the box's
position within a pixel (in quarter pixels), so a badge lands where drawing
it directly would put it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from math import ceil, floor

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QPixmap

_LIMIT = 1024  # badges kept (~10 KB each); a scheme has a few dozen captions and colours: only a bound
_STEPS = 4  # sub-pixel positions kept per axis

_rendered: dict[tuple[object, ...], QPixmap] = {}


@dataclass(frozen=True, slots=True)
class BadgeStyle:
    """How one kind of badge looks: fill, caption ink, optional edge, corner rounding."""

    fill: QColor
    ink: QColor
    edge: QColor | None = None
    edge_width: float = 1.0
    dashed: bool = False
    roundness: float = 0.3  # corner radius / height
    inset: float = 0.0  # the box is drawn this far inside its rectangle
    key: tuple[object, ...] = field(init=False, compare=False, repr=False)  # what tells two styles apart

    def __post_init__(self) -> None:
        edge = None if self.edge is None else self.edge.rgba()
        key = (self.fill.rgba(), self.ink.rgba(), edge, self.edge_width, self.dashed, self.roundness, self.inset)
        object.__setattr__(self, "key", key)


def draw_badge(painter: QPainter, rect: QRectF, text: str, font: QFont, font_key: str, style: BadgeStyle) -> None:
    """A rounded box in `rect` with `text` centred in it, as drawing them directly would show them.

    `font_key` is `font.key()`, asked once by the caller (it costs more than copying a badge).
    """
    x0, fx = _split(rect.x())
    y0, fy = _split(rect.y())
    ratio = painter.device().devicePixelRatioF()
    direction = painter.layoutDirection()
    size = (round(rect.width() * _STEPS), round(rect.height() * _STEPS))
    key: tuple[object, ...] = (text, font_key, direction, *size, fx, fy, ratio, *style.key)
    pixmap = _rendered.get(key)
    if pixmap is None:
        if len(_rendered) >= _LIMIT:
            _rendered.clear()
        local = QRectF(fx, fy, rect.width(), rect.height())
        pixmap = _rendered[key] = _render(local, text, font, direction, style, ratio)
    painter.drawPixmap(QPointF(x0, y0), pixmap)


def _split(value: float) -> tuple[int, float]:
    """A coordinate as a whole pixel and its fraction in steps of 1/_STEPS."""
    whole = floor(value)
    steps = round((value - whole) * _STEPS)
    if steps == _STEPS:
        return whole + 1, 0.0
    return whole, steps / _STEPS


def _render(
    rect: QRectF, text: str, font: QFont, direction: Qt.LayoutDirection, style: BadgeStyle, ratio: float
) -> QPixmap:
    width, height = ceil(rect.right()) + 1, ceil(rect.bottom()) + 1
    pixmap = QPixmap(ceil(width * ratio), ceil(height * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setLayoutDirection(direction)
        painter.setFont(font)
        if style.edge is None:
            painter.setPen(Qt.PenStyle.NoPen)
        else:
            line = Qt.PenStyle.DashLine if style.dashed else Qt.PenStyle.SolidLine
            painter.setPen(QPen(style.edge, style.edge_width, line))
        painter.setBrush(style.fill)
        radius = rect.height() * style.roundness
        inset = style.inset
        painter.drawRoundedRect(rect.adjusted(inset, inset, -inset, -inset), radius, radius)
        painter.setPen(style.ink)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
    finally:
        painter.end()
    return pixmap
