"""Short captions (chips, arc labels) drawn from text laid out once.

`QPainter.drawText` shapes its string again on every call, which for a page
of Persian chip captions and arc labels is most of a repaint's time. A
`QStaticText` keeps the shaped line: each caption is laid out once per font
and direction, then drawn from that.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QStaticText, QTextOption, QTransform

_LIMIT = 4096  # captions kept; a scheme has a few dozen, so this is only a bound

_laid: dict[tuple[str, Qt.LayoutDirection, str], QStaticText] = {}


def draw_centred(painter: QPainter, rect: QRectF, text: str) -> None:
    """`text` centred in `rect` in the painter's font, pen and direction, as
    `drawText(rect, AlignCenter, text)` draws it."""
    font, direction = painter.font(), painter.layoutDirection()
    key = (font.key(), direction, text)
    static = _laid.get(key)
    if static is None:
        if len(_laid) >= _LIMIT:
            _laid.clear()
        static = _laid[key] = QStaticText(text)
        static.setTextFormat(Qt.TextFormat.PlainText)
        option = QTextOption()
        option.setTextDirection(direction)
        option.setWrapMode(QTextOption.WrapMode.NoWrap)
        static.setTextOption(option)
        static.prepare(QTransform(), font)
    size = static.size()
    painter.drawStaticText(QPointF(rect.center().x() - size.width() / 2, rect.center().y() - size.height() / 2), static)
