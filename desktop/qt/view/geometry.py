"""Where marks go: line spacing, one box per bidi run per line, chips.

All rectangles are in the paragraph's own coordinates (its QTextLayout),
so they stay valid while the view scrolls; they go stale only when Qt lays
the paragraph out again (width or font change), which `space_lines`
detects.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import NamedTuple

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QTextLayout, QTextLine

from desktop.qt.view.hit_test import cursor_x
from desktop.qt.view.metrics import LineMetrics
from desktop.qt.view.span_mark import SpanMark

_CHIP_SPACING = 3.0


@dataclass(slots=True)
class MarkShape:
    """One mark's boxes (and chip, on the line where it starts) in a paragraph."""

    mark: SpanMark
    lane: int
    boxes: list[QRectF] = field(default_factory=list)
    chip: QRectF | None = None
    caption: str = ""

    def hit(self, point: QPointF) -> bool:
        if self.chip is not None and self.chip.contains(point):
            return True
        return any(box.contains(point) for box in self.boxes)


def space_lines(layout: QTextLayout, gap: float) -> bool:
    """Open `gap` pixels above each line of a freshly laid-out paragraph.

    QPlainTextDocumentLayout always puts a paragraph's first line at y=0,
    so a first line at 0 means "laid out again since we last looked".
    Empty paragraphs get no gap: no chip can start there. Returns whether
    the paragraph was fresh (its cached shapes are stale).
    """
    if layout.lineCount() == 0 or layout.lineAt(0).y() != 0:
        return False
    if layout.lineAt(0).textLength() == 0:
        return True
    for i in range(layout.lineCount()):
        line = layout.lineAt(i)
        line.setPosition(QPointF(line.x(), line.y() + gap * (i + 1)))
    return True


def run_boxes(line: QTextLine, start: int, end: int) -> list[QRectF]:
    """Boxes of `[start, end)` on one line: one per bidi run, touching runs merged."""
    rects = [r.boundingRect() for r in line.glyphRuns(start, end - start)]
    spans = sorted((rect.left(), rect.right()) for rect in rects)
    if not spans:  # no glyphs (e.g. only a tab): fall back to caret positions
        a, b = cursor_x(line, start), cursor_x(line, end)
        spans = [(min(a, b), max(a, b))]
    merged: list[list[float]] = []
    for left, right in spans:
        if merged and left <= merged[-1][1] + 0.5:
            merged[-1][1] = max(merged[-1][1], right)
        else:
            merged.append([left, right])
    top, height = line.y(), line.height()
    return [QRectF(left, top, right - left, height) for left, right in merged]


class Lines:
    """Some consecutive lines of a paragraph with their text ranges, asked of Qt once."""

    def __init__(self, layout: QTextLayout, lines: range) -> None:
        self.lines = [layout.lineAt(i) for i in lines]
        self.starts = [line.textStart() for line in self.lines]
        self.stops = [start + line.textLength() for start, line in zip(self.starts, self.lines, strict=True)]

    def boxes(self, start: int, end: int) -> tuple[list[QRectF], float | None]:
        """Boxes of the block-local UTF-16 range `[start, end)` on these lines, and the right
        edge of those on its first line if that line is one of them (where its chip goes)."""
        first = bisect_right(self.starts, start) - 1
        boxes: list[QRectF] = []
        anchor = None
        for n in range(max(0, first), len(self.lines)):
            lo, hi = self.starts[n], self.stops[n]
            if lo >= end:
                break
            if min(end, hi) > max(start, lo):
                line_boxes = run_boxes(self.lines[n], max(start, lo), min(end, hi))
                if n == first:
                    # Paragraphs are always right to left, so even a span starting with Latin
                    # (`SMBها`) is first seen at its rightmost box on its first line.
                    anchor = max(box.right() for box in line_boxes)
                boxes.extend(line_boxes)
        return boxes, anchor


def place_chips(shapes: list[MarkShape], anchors: dict[int, float], metrics: LineMetrics) -> None:
    """Size each chip to its caption and keep chips on one line from overlapping.

    Chips are placed in reading order (right to left); a chip that would
    cover the previous one slides further along the line. A chip that would
    then cross the paragraph's left edge (a span ending a line, a crowded
    line) is pushed back right, and the chips right of it with it.
    """
    by_line: dict[float, list[tuple[float, MarkShape]]] = {}
    for shape in shapes:
        if shape.mark.id not in anchors:
            continue
        right = anchors[shape.mark.id]
        shape.caption, width = metrics.chip_caption(shape.mark.caption)
        top = shape.boxes[0].top() + metrics.chip_top
        shape.chip = QRectF(right - width, top, width, metrics.chip_height)
        by_line.setdefault(top, []).append((right, shape))
    for chips in by_line.values():
        limit = float("inf")
        for _, shape in sorted(chips, key=lambda c: (-c[0], c[1].mark.length)):
            chip = shape.chip
            assert chip is not None
            if chip.right() > limit:
                chip.moveRight(limit)
            limit = chip.left() - _CHIP_SPACING
        floor = 0.0
        for _, shape in sorted(chips, key=lambda c: _chip_left(c[1])):
            chip = shape.chip
            assert chip is not None
            if chip.left() < floor:
                chip.moveLeft(floor)
            floor = chip.right() + _CHIP_SPACING


def _chip_left(shape: MarkShape) -> float:
    assert shape.chip is not None  # every shape placed on a line got its chip first
    return shape.chip.left()


class LocalMark(NamedTuple):
    """A mark as one paragraph sees it: block-local UTF-16 range, lane, chip."""

    mark: SpanMark
    lane: int
    start: int
    end: int
    starts_here: bool  # its chip belongs to this paragraph


def block_shapes(layout: QTextLayout, marks: list[LocalMark], lines: range, metrics: LineMetrics) -> list[MarkShape]:
    """Shapes of `marks` on the given lines of a paragraph."""
    shapes: list[MarkShape] = []
    anchors: dict[int, float] = {}
    chunk = Lines(layout, lines)
    for local in marks:
        boxes, anchor = chunk.boxes(local.start, local.end)
        if not boxes:
            continue
        if local.starts_here and anchor is not None:
            anchors[local.mark.id] = anchor
        shapes.append(MarkShape(local.mark, local.lane, boxes))
    place_chips(shapes, anchors, metrics)
    return shapes
