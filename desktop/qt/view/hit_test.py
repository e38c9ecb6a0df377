"""Where a mouse press falls in the text: where the analyst sees it.

On a wrapped right-to-left line Qt paints the glyphs (and places its cursor
rectangles) shifted by the width of the line's trailing space, but its hit
test (`QTextLine.xToCursor`) leaves that shift out: a press lands a space's
width, a whole narrow letter such as «و», off the character under the pointer.
`hit_shift` measures that disagreement on the line itself, so it is 0 wherever
Qt agrees with itself (unwrapped lines, left-to-right text, a fixed Qt).
"""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import QPointF
from PySide6.QtGui import QTextLine
from PySide6.QtWidgets import QPlainTextEdit

WIDE_ENOUGH = 2.0  # pixels: a glyph narrower than this is no ruler
STEPS = 14  # bisection steps: a window of some 40 pixels to under 0.01
SAMPLES = 5  # boundaries measured per line


def cursor_x(line: QTextLine, position: int) -> float:
    """Where `position` is drawn on `line` (PySide6 returns `(x, position)`, typed as `object`)."""
    x, _ = cast(tuple[float, int], line.cursorToX(position))
    return x


def _boundary_shift(line: QTextLine, position: int, reach: float) -> float | None:
    """Where Qt's hit test changes from `position` to the next one, against where
    the two are drawn; None where the pair is too narrow or not a clean change."""
    a, b = cursor_x(line, position), cursor_x(line, position + 1)
    if abs(a - b) < WIDE_ENOUGH:
        return None
    middle = (a + b) / 2
    leftwards = b < a  # right to left: the next position is drawn further left
    low, high = middle - reach, middle + reach
    if (line.xToCursor(low) > position) != leftwards or (line.xToCursor(high) > position) == leftwards:
        return None
    for _ in range(STEPS):
        mid = (low + high) / 2
        if (line.xToCursor(mid) > position) == leftwards:
            low = mid
        else:
            high = mid
    return (low + high) / 2 - middle


def _line_shift(line: QTextLine, reach: float) -> float:
    """How far right of the drawn boundaries Qt's hit test puts them on `line`: the
    median of a few pairs inside it (its edges and bidi seams measure badly)."""
    start, end = line.textStart(), line.textStart() + line.textLength()
    found: list[float] = []
    for position in range(start + 1, end - 2):
        shift = _boundary_shift(line, position, reach)
        if shift is not None:
            found.append(shift)
            if len(found) == SAMPLES:
                break
    return sorted(found)[len(found) // 2] if found else 0.0


def hit_shift(view: QPlainTextEdit, point: QPointF) -> float:
    """Pixels to add to a viewport point's x so that Qt's hit test finds the
    character drawn under it (0 off the text or where Qt agrees with itself)."""
    block = view.cursorForPosition(point.toPoint()).block()
    layout = block.layout()
    if not block.isValid() or layout is None or layout.lineCount() < 2:
        return 0.0
    top = view.blockBoundingGeometry(block).translated(view.contentOffset()).top()
    y = point.y() - top
    for index in range(layout.lineCount()):
        line = layout.lineAt(index)
        if line.y() <= y < line.y() + line.height():
            return _line_shift(line, 3 * view.fontMetrics().horizontalAdvance(" ") + 4)
    return 0.0
