"""Find hits drawn as QPlainTextEdit extra selections.

Hits arrive as code-point ranges and are turned into Qt cursors here, where
the view keeps its one conversion to UTF-16. A QTextCursor costs ~0.1 ms in
a long document, so only the hits near the screen are tinted, again on every
scroll: 12,000 hits in 1 MB of text would otherwise take half a second per
keystroke. Qt paints the text cursor's selection after these, so the current
hit (which is selected) stands out.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextEdit

from desktop.qt.view.positions import TextPositions

Range = tuple[int, int]
MARGIN = 300  # code points beyond the screen's corners still tinted: half-visible lines


class Hits:
    """Sorted, non-overlapping hits `[start, end)` and the ones in a stretch of text."""

    def __init__(self, hits: Sequence[Range] = ()) -> None:
        self.all: tuple[Range, ...] = tuple(hits)
        self._starts = [start for start, _ in self.all]

    def near(self, lo: int, hi: int) -> tuple[Range, ...]:
        """Hits touching `[lo - MARGIN, hi + MARGIN]`."""
        first = max(0, bisect_left(self._starts, lo - MARGIN) - 1)  # one may begin before and reach in
        return self.all[first : bisect_right(self._starts, hi + MARGIN)]


def hit_selections(
    document: QTextDocument, positions: TextPositions, hits: Sequence[Range], tint: QColor
) -> list[QTextEdit.ExtraSelection]:
    """One tinted extra selection per hit (code points)."""
    style = QTextCharFormat()
    style.setBackground(tint)
    selections = []
    for start, end in hits:
        positions.check_range(start, end)
        cursor = QTextCursor(document)
        cursor.setPosition(positions.to_u16(start))
        cursor.setPosition(positions.to_u16(end), QTextCursor.MoveMode.KeepAnchor)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor
        selection.format = style
        selections.append(selection)
    return selections
