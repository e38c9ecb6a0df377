"""Where relation ends sit in a paragraph: over their span's chip, kept between paints.

An end's anchor is the top of its span's chip when that span is shown with
one (the shape cache has placed the chips already), else the top of the
chip row above the span's first line, near where a right-to-left reader
meets it. Ends are kept in the paragraph's own coordinates, so scrolling
only moves them; they are found again when the paragraph's shapes change
(a mark, the layout, the zoom) or a relation ending there changes. With them
go the chips of suggestions on the ends' lines: a label lies on a rail just
above such a line's chips, and keeps off a suggestion's (see `lay_out`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QTextBlock

from desktop.qt.view.geometry import run_boxes
from desktop.qt.view.metrics import LineMetrics
from desktop.qt.view.positions import TextPositions
from desktop.qt.view.relation_geometry import End
from desktop.qt.view.relation_index import RelationIndex
from desktop.qt.view.relation_labels import Edges
from desktop.qt.view.relation_mark import Range
from desktop.qt.view.shape_cache import CHUNK_LINES, ShapeCache

_INSET = 0.5  # a chip's outline is drawn this far inside its box (overlay.chip_style)


class BlockEnds(NamedTuple):
    """A paragraph's relation ends and the chips of suggestions on their lines, block-local
    (a chip as its drawn outline: left, top, right, bottom)."""

    ends: dict[Range, End]
    chips: tuple[Edges, ...]


_NONE = BlockEnds({}, ())


class EndCache:
    """Relation ends per paragraph, block-local, each valid while its paragraph's shapes are."""

    def __init__(self, positions: TextPositions, index: RelationIndex) -> None:
        self._pos = positions
        self._index = index
        self._blocks: dict[int, tuple[object | None, BlockEnds]] = {}

    def drop(self, blocks: Iterable[int]) -> None:
        for number in blocks:
            self._blocks.pop(number, None)

    def ends_in(self, cache: ShapeCache, block: QTextBlock, metrics: LineMetrics) -> BlockEnds:
        """Ends of the relations ending in a prepared paragraph, and the chips of suggestions
        on their lines, in its own coordinates."""
        number = block.blockNumber()
        kept = self._blocks.get(number)
        if kept is not None and kept[0] is not None and kept[0] is cache.version(number):
            return kept[1]
        ends = self._find(cache, block, metrics)
        self._blocks[number] = (cache.version(number), ends)
        return ends

    def _find(self, cache: ShapeCache, block: QTextBlock, metrics: LineMetrics) -> BlockEnds:
        number, layout = block.blockNumber(), block.layout()
        if not self._index.ending_in(number):
            return _NONE  # one object for every paragraph without ends: repaints can tell nothing moved
        ends: dict[Range, End] = {}
        chips: dict[int, dict[Range, QRectF]] = {}  # per chunk of lines (the cache's unit: one dict each)
        suggested: list[QRectF] = []  # suggestions' chips in those chunks
        tops: set[float] = set()  # of the ends' lines
        pos = self._pos
        for relation in sorted(self._index.ending_in(number), key=lambda r: not r.chosen):  # chosen: with boxes
            for span in (relation.head, relation.tail):
                if span in ends or pos.block_of(span[0]) != number or (local := pos.local_range(number, *span)) is None:
                    continue
                line = layout.lineForTextPosition(local[0])
                n = line.lineNumber()
                chunk = n // CHUNK_LINES
                if chunk not in chips:
                    shapes = cache.shapes(block, range(n, n + 1))  # the whole chunk's shapes
                    chips[chunk] = {(s.mark.start, s.mark.end): s.chip for s in shapes if s.chip is not None}
                    suggested += [s.chip for s in shapes if s.chip is not None and s.mark.style == "suggested"]
                chip = chips[chunk].get(span)
                boxes: list[QRectF] = []
                if chip is None or relation.chosen:  # glyph runs cost: only where they are drawn
                    stop = min(local[1], line.textStart() + line.textLength())
                    boxes = run_boxes(line, local[0], max(stop, local[0] + 1))
                top = line.y()
                ends[span] = _end(boxes, chip, top, metrics)
                tops.add(top)
        if not suggested:
            return BlockEnds(ends, ())
        rows = {y + metrics.chip_top for y in tops}  # as geometry.place_chips puts a chip's top
        on_rows = (c for c in suggested if c.top() in rows)
        return BlockEnds(
            ends, tuple((c.left() + _INSET, c.top() + _INSET, c.right() - _INSET, c.bottom() - _INSET) for c in on_rows)
        )


def _end(boxes: list[QRectF], chip: QRectF | None, line_top: float, metrics: LineMetrics) -> End:
    chip_top = line_top + metrics.chip_top
    rail = chip_top - max(2.0, (metrics.gap + metrics.chip_top) / 2)
    if chip is not None:
        x = chip.center().x()
    else:
        x = max(box.right() for box in boxes) - min(8.0, min(box.width() for box in boxes) / 2)
    return End(QPointF(x, chip_top), rail, boxes)


def moved(end: End, origin: QPointF) -> End:
    """A block-local end in viewport coordinates."""
    return End(end.anchor + origin, end.rail + origin.y(), [box.translated(origin) for box in end.boxes])
