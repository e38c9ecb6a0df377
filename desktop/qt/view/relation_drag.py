"""Drawing a relation with the mouse: press on one span's chip, release on another's.

While the button is held a dashed line follows the pointer from the head's
chip, so the analyst sees what is being connected before letting go.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPainter, QPen

from desktop.qt.view.screen import Screen
from desktop.qt.view.span_mark import SpanMark
from desktop.qt.view.theme import color


def chip_at(screen: Screen, point: QPointF) -> tuple[SpanMark, QPointF] | None:
    """The span whose chip is under a viewport point, with the top centre of that chip."""
    for origin, shapes in screen.shapes():
        for shape in shapes:
            if shape.chip is not None and shape.chip.contains(point - origin):
                chip = shape.chip.translated(origin)
                return shape.mark, QPointF(chip.center().x(), chip.top())
    return None


class RelationDrag:
    """A drag from a head span's chip, until the button is released."""

    def __init__(self, head: SpanMark, anchor: QPointF, press: QPointF) -> None:
        self.head = head
        self.anchor = anchor
        self.press = press
        self.pointer = press
        self.moved = False

    def move(self, point: QPointF, threshold: int) -> None:
        self.pointer = point
        self.moved = self.moved or (point - self.press).manhattanLength() >= threshold

    def paint(self, painter: QPainter) -> None:
        """The line from the head's chip to the pointer, once the drag has really moved."""
        if not self.moved:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(color(self.head.color), 2, Qt.PenStyle.DashLine))
        painter.drawLine(self.anchor, self.pointer)
