"""Relations on screen: which arcs to lay out, drawing them, finding one under a click.

Only relations with an end in a paragraph on screen (or passing over the
screen) are laid out, so the cost follows the window, not the document; a
repaint of an unchanged screen (same paragraphs at the same places, same
ends, same relations) draws the arcs laid out last time.
An end's anchor is the top of its span's chip when that span is shown with
one (the chips are already placed by the shape cache), else the top of the
chip row above the span's first line. Labels keep off the chips of
suggestions on the ends' lines, which their rails run just above.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPen, QTextBlock

from desktop.qt.view.badge import BadgeStyle, draw_badge
from desktop.qt.view.metrics import LineMetrics
from desktop.qt.view.positions import TextPositions
from desktop.qt.view.relation_ends import EndCache, moved
from desktop.qt.view.relation_geometry import Arc, End, LabelMetrics, hit, lay_out, margin_x, off_screen
from desktop.qt.view.relation_index import RelationIndex
from desktop.qt.view.relation_labels import Edges
from desktop.qt.view.relation_mark import Range, RelationMark
from desktop.qt.view.screen import Screen
from desktop.qt.view.theme import Theme, color

_BEYOND = 40.0  # pixels past the viewport's edge where an off-screen end is put


class RelationLayer:
    """The relations of the shown document and the arcs last laid out for the screen."""

    def __init__(self, positions: TextPositions, relations: Iterable[RelationMark] = ()) -> None:
        self.index = RelationIndex(positions, relations)
        self._pos = positions
        self._ends = EndCache(positions, self.index)
        self.arcs: list[Arc] = []
        self._fonts: tuple[LineMetrics, QFont, LabelMetrics] | None = None
        self._version = 0  # counts changes to the relations shown
        self._laid: tuple[object, ...] | None = None  # what the arcs were laid out for
        self._kept: list[object] = []  # ... holding its objects, so no id in it is reused meanwhile

    def lay_out(
        self,
        screen: Screen,
        metrics: LineMetrics,
        height: float,
        width: float | None = None,
        walked: list[tuple[QTextBlock, QPointF]] | None = None,
    ) -> list[Arc]:
        """Arcs of the relations touching the screen, in viewport coordinates (`width`: the
        viewport's, which arc labels stay within; `walked`: the paragraphs on screen as this
        paint's `screen.shapes()` found them, else they are walked here)."""
        blocks = []
        if len(self.index):
            ends_in = self._ends.ends_in
            walk = screen.blocks() if walked is None else walked
            blocks = [(b, origin, ends_in(screen.cache, b, metrics)) for b, origin in walk]
        if not blocks:
            self.arcs, self._laid = [], None
            return self.arcs
        kept: list[object] = [metrics, *(found for _, _, found in blocks)]
        laid = (
            self._version,
            height,
            width,
            *(id(k) for k in kept),
            *((b.blockNumber(), o.x(), o.y()) for b, o, _ in blocks),
        )
        if laid == self._laid:
            return self.arcs
        self.arcs, self._laid, self._kept = [], laid, kept
        ends: dict[Range, End] = {}
        above: dict[Range, bool] = {}
        chips: list[Edges] = []
        for _block, origin, found in blocks:
            for span, end in found.ends.items():
                y = origin.y() + end.anchor.y()
                if -_BEYOND < y < height + _BEYOND:
                    ends[span] = moved(end, origin)
                else:  # a long paragraph's line off screen
                    above[span] = y < 0
            if found.chips:
                x, y = origin.x(), origin.y()
                chips += [(left + x, top + y, right + x, bottom + y) for left, top, right, bottom in found.chips]
        first, last = blocks[0][0].blockNumber(), blocks[-1][0].blockNumber()
        left, right = _margins(blocks[0][0], blocks[0][1])
        for relation in self.index.touching(first, last):
            self.arcs.append(self._arc(relation, ends, above, first, height, (left, right)))
        page = None if width is None else (1.0, width - 1.0)  # a label's outline shows whole
        lay_out(self.arcs, self.label_font(metrics)[1], metrics.chip_height * 0.45, page, chips)
        return self.arcs

    def add(self, relation: RelationMark) -> None:
        self.index.add(relation)
        self._ends.drop(self.index.blocks(relation))
        self._version += 1

    def remove(self, relation_id: int) -> None:
        self._ends.drop(self.index.blocks(self.index.remove(relation_id)))
        self._version += 1

    def choose(self, relation_id: int | None) -> None:
        """Make one relation the chosen one (None: none); KeyError if it is not shown."""
        if relation_id is not None and self.index.get(relation_id) is None:
            raise KeyError(relation_id)
        for former in [r for r in self.index.chosen() if r.id != relation_id]:
            self.remove(former.id)
            self.add(replace(former, chosen=False))
        new = self.index.get(relation_id) if relation_id is not None else None
        if new is not None and not new.chosen:
            self.remove(new.id)
            self.add(replace(new, chosen=True))

    def label_font(self, metrics: LineMetrics) -> tuple[QFont, LabelMetrics]:
        """The font of arc labels, a little smaller than a chip's (kept while the zoom stays)."""
        if self._fonts is None or self._fonts[0] is not metrics:
            font = QFont(metrics.chip_font)
            font.setPixelSize(max(8, round(metrics.chip_font.pixelSize() * 0.85)))
            self._fonts = (metrics, font, LabelMetrics(QFontMetricsF(font)))
        return self._fonts[1], self._fonts[2]

    def arc_at(self, point: QPointF) -> int | None:
        """The relation whose label (or else arc) was last drawn under `point`. A label is what
        an analyst aims at, and it may slide along its rail over another relation's line: a
        label under the point wins, the one painted on top (the chosen one, else the later);
        of lines alone, the chosen one first, then the lowest id."""
        labelled = [arc.relation for arc in _painted(self.arcs) if arc.label.contains(point)]
        if labelled:
            return labelled[-1].id
        found = [arc.relation for arc in self.arcs if hit(arc, point)]
        return min(found, key=lambda r: (not r.chosen, r.id)).id if found else None

    def caption_at(self, point: QPointF) -> str | None:
        """The whole caption of a label drawn shortened under `point` (its tooltip), else None."""
        labelled = [arc for arc in _painted(self.arcs) if arc.label.contains(point)]
        if labelled and labelled[-1].caption != labelled[-1].relation.label:
            return labelled[-1].relation.label
        return None

    def _arc(
        self,
        relation: RelationMark,
        ends: dict[Range, End],
        above: dict[Range, bool],
        first: int,
        height: float,
        margins: tuple[float, float],
    ) -> Arc:
        head, tail = ends.get(relation.head), ends.get(relation.tail)
        shown = [end for end in (head, tail) if end is not None]
        x = margin_x(shown, margins[0], margins[1], lane=relation.id)
        blocks = dict(zip((relation.head, relation.tail), self.index.blocks(relation), strict=True))

        def beyond(span: Range) -> End:  # an end off screen: above it or below it, at the margin
            up = above.get(span, blocks[span] < first)
            return off_screen(x, -_BEYOND if up else height + _BEYOND)

        head = head or beyond(relation.head)
        tail = tail or beyond(relation.tail)
        return Arc(relation, head, tail, x, relation.label)


def _margins(block: QTextBlock, origin: QPointF) -> tuple[float, float]:
    """The middle of the page margin left of the text and right of it (lines start at the margin)."""
    layout = block.layout()
    line = layout.lineAt(0)
    if not line.isValid():
        return origin.x(), origin.x()
    left = origin.x() + line.x()
    return left - line.x() / 2, left + line.width() + line.x() / 2


def _painted(arcs: list[Arc]) -> list[Arc]:
    """Arcs in the order they are painted, each over the ones before: the chosen relation last."""
    return sorted(arcs, key=lambda a: a.relation.chosen)


def paint_arcs(painter: QPainter, arcs: list[Arc], font: QFont, theme: Theme) -> None:
    """Arcs, arrowheads and labels; the chosen relation last, thicker, its ends outlined."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    font_key = font.key()
    for arc in _painted(arcs):
        ink = color(arc.relation.color)
        if arc.relation.chosen:
            _outline_ends(painter, arc, theme)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(ink, 2.6 if arc.relation.chosen else 1.3))
        painter.drawPath(arc.path)
        if not arc.arrow.isEmpty() and arc.tail.shown:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(ink)
            painter.drawPolygon(arc.arrow)
        style = label_style(arc.relation.color, arc.relation.chosen, theme)
        draw_badge(painter, arc.label, arc.caption, font, font_key, style)


def _outline_ends(painter: QPainter, arc: Arc, theme: Theme) -> None:
    ink = color(arc.relation.color)
    painter.setPen(QPen(ink.lighter(130) if theme.dark else ink.darker(120), 2.2, Qt.PenStyle.DashLine))
    painter.setBrush(color(arc.relation.color, 40))
    for end in (arc.head, arc.tail):
        for box in end.boxes:
            painter.drawRoundedRect(box.adjusted(-2, -1, 2, 1), 4, 4)


@lru_cache(maxsize=256)
def label_style(colour: str, chosen: bool, theme: Theme) -> BadgeStyle:
    """An arc's label: outlined in the relation's colour on the page, filled when chosen."""
    ink = color(colour)
    if chosen:
        return BadgeStyle(ink, color(theme.base), roundness=0.35)
    return BadgeStyle(color(theme.base, 235), ink.darker(115), ink, 1.0, roundness=0.35)
