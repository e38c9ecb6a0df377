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

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QPainterPath, QPainterPathStroker, QPolygonF

from desktop.qt.view.relation_labels import Edges, Placed, Spot, clear_place, least_covered, widest_gap
from desktop.qt.view.relation_mark import RelationMark

_HIT_WIDTH = 7.0  # pixels either side of an arc a click still finds
_RAIL_STEP = 3.0  # rails of arcs that share a stretch of line sit this far apart
_RAILS = 3
_PAD = 6.0  # a label box is its text this much wider
_SHORTEST = 2.0  # a label is shortened into no less than this many times its height
_ARROW_WEIGHT = 2.0  # covering an arrowhead is worse than covering as much of a label (the direction is lost)


class LabelMetrics:
    """Sizes of label text in one font; widths are remembered (a few type names, every paint)."""

    def __init__(self, fm: QFontMetricsF) -> None:
        self._fm = fm
        self.height = fm.height()
        self._widths: dict[str, float] = {}
        self._elided: dict[tuple[str, int], str] = {}

    def width(self, text: str) -> float:
        width = self._widths.get(text)
        if width is None:
            width = self._widths[text] = self._fm.horizontalAdvance(text)
        return width

    def elided(self, text: str, width: float) -> str:
        """`text` cut short with an ellipsis to fit `width` (only where labels have no room)."""
        key = (text, int(width))
        cut = self._elided.get(key)
        if cut is None:
            cut = self._elided[key] = self._fm.elidedText(text, Qt.TextElideMode.ElideRight, int(width))
        return cut


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


def lay_out(
    arcs: list[Arc],
    fm: LabelMetrics,
    arrow_size: float,
    page: tuple[float, float] | None = None,
    chips: list[Edges] | None = None,
) -> None:
    """Give each arc its path, label box and arrowhead; arcs on one rail are staggered, and
    labels kept within `page` (the viewport's left and right), off the arrowheads (the
    direction must stay readable) and clear of each other. A label also keeps off `chips`
    (suggestions' chips, whose dashed top edge it would hide) where a clear place on its rail
    holds it; where none does, it is laid as if they were not there: a chip never has it
    shortened or laid over a label or an arrowhead."""
    taken: dict[float, list[tuple[float, float, int]]] = {}
    placed = Placed(fm.height, chips or ())
    for arc in arcs:
        _stagger(arc, taken)
        arc.path = _path(arc)
        if arc.relation.directed:
            tip = arc.tail.anchor
            arc.arrow = _arrow(tip, arrow_size)
            x, y, half = tip.x(), tip.y(), arrow_size * 0.55  # the arrowhead's box, a little grown
            placed.add((x - half - 1, y - arrow_size - 2, x + half + 1, y), _ARROW_WEIGHT)
        else:
            arc.arrow = QPolygonF()
    height = fm.height
    for arc in sorted(arcs, key=lambda a: not a.relation.chosen):  # the chosen label first, whole
        spots = _spots(arc, height)
        width = fm.width(arc.caption) + _PAD
        found = clear_place(width, height, spots, placed, page)
        if found is not None:
            left, top = found
        else:  # no room for it whole on its own arc: shortened, else on top of the least
            left, top, width = _shortened(arc, fm, spots, placed, page) or (
                *least_covered(width, height, spots, placed, page),
                width,
            )
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


def _spots(arc: Arc, height: float) -> list[Spot]:
    """The stretches of rail the arc's label may go on, the better first: between the ends
    on one line, else the longer stretch shown, then the other."""
    head, tail = arc.head, arc.tail
    if arc.same_line:
        a, b = head.anchor.x(), tail.anchor.x()
        return [((a + b) / 2, head.rail - height / 2, (a, b) if a < b else (b, a))]
    m = arc.margin_x
    spots: list[Spot] = []
    for end in (head, tail):
        if end.shown:
            a = end.anchor.x()
            spots.append(((a + m) / 2, end.rail - height / 2, (a, m) if a < m else (m, a)))
    if len(spots) > 1 and abs(spots[1][0] - m) > abs(spots[0][0] - m):
        spots.reverse()
    return spots or [(m, head.rail - height / 2, (m, m))]  # no end shown: the stand-in's, at the margin


def _shortened(
    arc: Arc, fm: LabelMetrics, spots: list[Spot], placed: Placed, page: tuple[float, float] | None
) -> tuple[float, float, float] | None:
    """Left, top and width of the label with its caption elided into the widest clear stretch
    of its rail (the whole caption in its tooltip); None where none holds a few letters."""
    left, top, room = widest_gap(spots, fm.height, placed, page)
    if room < _SHORTEST * fm.height:
        return None
    caption = fm.elided(arc.caption, room - _PAD)
    if not caption or caption == "…":
        return None
    arc.caption = caption
    width = fm.width(caption) + _PAD
    return left + (room - width) / 2, top, width


def _arrow(tip: QPointF, size: float) -> QPolygonF:
    """An arrowhead pointing down onto the tail's chip."""
    return QPolygonF(
        [tip, QPointF(tip.x() - size * 0.55, tip.y() - size), QPointF(tip.x() + size * 0.55, tip.y() - size)]
    )
