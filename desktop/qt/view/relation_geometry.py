"""Where a relation's arc goes: from the head's chip to the tail's, above the lines.

Arcs never cross glyphs. Each end rises from the top of its span's chip
into the band of room the view opens above every line (see `metrics`), and
runs along a rail in that band. Ends on one line are joined along their
rail; ends on different lines are joined through the nearer page margin,
which holds no text. All coordinates here are the viewport's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFontMetricsF, QPainterPath, QPainterPathStroker, QPolygonF

from desktop.qt.view.relation_labels import Placed, clear_left
from desktop.qt.view.relation_mark import RelationMark

_HIT_WIDTH = 7.0  # pixels either side of an arc a click still finds
_RAIL_STEP = 3.0  # rails of arcs that share a stretch of line sit this far apart
_RAILS = 3


class LabelMetrics:
    """Sizes of label text in one font; widths are remembered (a few type names, every paint)."""

    def __init__(self, fm: QFontMetricsF) -> None:
        self._fm = fm
        self.height = fm.height()
        self._widths: dict[str, float] = {}

    def width(self, text: str) -> float:
        width = self._widths.get(text)
        if width is None:
            width = self._widths[text] = self._fm.horizontalAdvance(text)
        return width


class End(NamedTuple):
    """One end of an arc: the top of its chip, the rail above its line, its span's boxes."""

    anchor: QPointF
    rail: float
    boxes: list[QRectF]
    shown: bool = True  # False: off screen, a stand-in at the margin


@dataclass(slots=True)
class Arc:
    """One relation laid out on screen."""

    relation: RelationMark
    head: End
    tail: End
    margin_x: float
    caption: str = ""
    path: QPainterPath = field(default_factory=QPainterPath)
    label: QRectF = field(default_factory=QRectF)
    arrow: QPolygonF = field(default_factory=QPolygonF)

    @property
    def same_line(self) -> bool:
        return self.head.shown and self.tail.shown and self.head.rail == self.tail.rail


def off_screen(x: float, y: float) -> End:
    """A stand-in end beyond the top or bottom of the viewport, at the margin."""
    return End(QPointF(x, y), y, [], shown=False)


def margin_x(ends: list[End], left: float, right: float, lane: int) -> float:
    """The margin nearer the shown ends; arcs sharing it take one of a few lanes."""
    shown = [end.anchor.x() for end in ends if end.shown] or [right]
    middle = sum(shown) / len(shown)
    step = _RAIL_STEP * (lane % _RAILS)
    return left - step if middle - left < right - middle else right + step


def lay_out(arcs: list[Arc], fm: LabelMetrics, arrow_size: float, page: tuple[float, float] | None = None) -> None:
    """Give each arc its path, label box and arrowhead; arcs on one rail are staggered, and
    labels kept within `page` (the viewport's left and right), off the arrowheads (the
    direction must stay readable) and clear of each other."""
    taken: dict[float, list[tuple[float, float, int]]] = {}
    placed = Placed(fm.height)
    for arc in arcs:
        _stagger(arc, taken)
        arc.path = _path(arc)
        if arc.relation.directed:
            tip = arc.tail.anchor
            arc.arrow = _arrow(tip, arrow_size)
            x, y, half = tip.x(), tip.y(), arrow_size * 0.55  # the arrowhead's box, a little grown
            placed.add((x - half - 1, y - arrow_size - 2, x + half + 1, y))
        else:
            arc.arrow = QPolygonF()
    height = fm.height
    for arc in arcs:
        x, rail, width = _label_place(arc, fm)
        left, top = x - width / 2, rail - height / 2
        left = clear_left(left, top, width, height, placed, page)
        arc.label = QRectF(left, top, width, height)
        placed.add((left, top, left + width, top + height))


def hit(arc: Arc, point: QPointF) -> bool:
    """Whether a click at `point` lands on the arc or its label."""
    if arc.label.contains(point):
        return True
    stroker = QPainterPathStroker()
    stroker.setWidth(_HIT_WIDTH)
    return stroker.createStroke(arc.path).contains(point)


def _stagger(arc: Arc, taken: dict[float, list[tuple[float, float, int]]]) -> None:
    """Raise an end's rail where an arc already runs along the same stretch of that line."""
    head, tail = arc.head, arc.tail
    if arc.same_line:
        rail = _free_rail(taken, head.rail, head.anchor.x(), tail.anchor.x())
        arc.head, arc.tail = End(head.anchor, rail, head.boxes), End(tail.anchor, rail, tail.boxes)
        return
    if head.shown:
        arc.head = End(head.anchor, _free_rail(taken, head.rail, head.anchor.x(), arc.margin_x), head.boxes)
    if tail.shown:
        arc.tail = End(tail.anchor, _free_rail(taken, tail.rail, tail.anchor.x(), arc.margin_x), tail.boxes)


def _free_rail(taken: dict[float, list[tuple[float, float, int]]], rail: float, a: float, b: float) -> float:
    low, high = min(a, b), max(a, b)
    busy = taken.setdefault(rail, [])
    used = {level for lo, hi, level in busy if lo < high and hi > low}
    level = next((n for n in range(_RAILS) if n not in used), len(busy) % _RAILS)
    busy.append((low, high, level))
    return rail - level * _RAIL_STEP


def _path(arc: Arc) -> QPainterPath:
    head, tail = arc.head, arc.tail
    path = QPainterPath(head.anchor)
    path.lineTo(head.anchor.x(), head.rail)
    if not arc.same_line:
        path.lineTo(arc.margin_x, head.rail)
        path.lineTo(arc.margin_x, tail.rail)
    path.lineTo(tail.anchor.x(), tail.rail)
    path.lineTo(tail.anchor)
    return path


def _label_place(arc: Arc, fm: LabelMetrics) -> tuple[float, float, float]:
    """Middle x, rail and width of the label: between the ends on one line, else on the
    longer stretch shown."""
    if arc.same_line:
        end, x = arc.head, (arc.head.anchor.x() + arc.tail.anchor.x()) / 2
    else:
        shown = [end for end in (arc.head, arc.tail) if end.shown] or [arc.head]
        end = max(shown, key=lambda e: abs(e.anchor.x() - arc.margin_x))
        x = (end.anchor.x() + arc.margin_x) / 2
    return x, end.rail, fm.width(arc.caption) + 6


def _arrow(tip: QPointF, size: float) -> QPolygonF:
    """An arrowhead pointing down onto the tail's chip."""
    return QPolygonF(
        [tip, QPointF(tip.x() - size * 0.55, tip.y() - size), QPointF(tip.x() + size * 0.55, tip.y() - size)]
    )
