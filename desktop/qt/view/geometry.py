"""Where marks go: line spacing, one box per bidi run per line, chips.

All rectangles are in the paragraph's own coordinates (its QTextLayout),
so they stay valid while the view scrolls; they go stale only when Qt lays
the paragraph out again (width or font change), which `space_lines`
detects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QTextLayout, QTextLine

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
    spans = sorted((r.boundingRect().left(), r.boundingRect().right()) for r in line.glyphRuns(start, end - start))
    if not spans:  # no glyphs (e.g. only a tab): fall back to caret positions
        a, b = cursor_x(line, start), cursor_x(line, end)
        spans = [(min(a, b), max(a, b))]
    merged: list[list[float]] = []
    for left, right in spans:
        if merged and left <= merged[-1][1] + 0.5:
            merged[-1][1] = max(merged[-1][1], right)
        else:
            merged.append([left, right])
    return [QRectF(left, line.y(), right - left, line.height()) for left, right in merged]


def mark_boxes(layout: QTextLayout, start: int, end: int, lines: range) -> list[QRectF]:
    """Boxes of the block-local UTF-16 range `[start, end)` on the given lines."""
    boxes: list[QRectF] = []
    line_no = max(lines.start, layout.lineForTextPosition(start).lineNumber())
    while line_no < min(lines.stop, layout.lineCount()):
        line = layout.lineAt(line_no)
        lo, hi = line.textStart(), line.textStart() + line.textLength()
        if lo >= end:
            break
        if min(end, hi) > max(start, lo):
            boxes.extend(run_boxes(line, max(start, lo), min(end, hi)))
        line_no += 1
    return boxes


def chip_anchor(layout: QTextLayout, start: int, boxes: list[QRectF]) -> float:
    """Right edge of the span on its first line: where an RTL reader meets it.

    Paragraphs are always right to left, so even a span starting with
    Latin (`SMBها`) is first seen at its rightmost box.
    """
    top = layout.lineForTextPosition(start).y()
    first_line = [box for box in boxes if box.top() == top] or boxes[:1]
    return max(box.right() for box in first_line)


def place_chips(shapes: list[MarkShape], anchors: dict[int, float], metrics: LineMetrics) -> None:
    """Size each chip to its caption and keep chips on one line from overlapping.

    Chips are placed in reading order (right to left); a chip that would
    cover the previous one slides further along the line. A chip that would
    then cross the paragraph's left edge (a span ending a line, a crowded
    line) is pushed back right, and the chips right of it with it.
    """
    fm = QFontMetricsF(metrics.chip_font)
    by_line: dict[float, list[tuple[float, MarkShape]]] = {}
    for shape in shapes:
        if shape.mark.id not in anchors:
            continue
        right = anchors[shape.mark.id]
        shape.caption = fm.elidedText(shape.mark.caption, Qt.TextElideMode.ElideRight, metrics.chip_max_width)
        width = fm.horizontalAdvance(shape.caption) + 2 * metrics.chip_pad
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
    for local in marks:
        shape = MarkShape(local.mark, local.lane, mark_boxes(layout, local.start, local.end, lines))
        if not shape.boxes:
            continue
        if local.starts_here and layout.lineForTextPosition(local.start).lineNumber() in lines:
            anchors[local.mark.id] = chip_anchor(layout, local.start, shape.boxes)
        shapes.append(shape)
    place_chips(shapes, anchors, metrics)
    return shapes
