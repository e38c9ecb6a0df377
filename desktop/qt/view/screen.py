"""What the view shows right now: the paragraphs on screen and their marks.

Everything here walks only the visible paragraphs of a QPlainTextEdit,
so its cost follows the window size, never the document size.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator

from PySide6.QtCore import QPointF
from PySide6.QtGui import QTextBlock, QTextLayout
from PySide6.QtWidgets import QPlainTextEdit

from desktop.qt.view.geometry import MarkShape
from desktop.qt.view.shape_cache import CHUNK_LINES, ShapeCache

VisibleShapes = list[tuple[QPointF, list[MarkShape]]]


def visible_lines(layout: QTextLayout, top: float, bottom: float) -> range:
    """Lines of a paragraph between `top` and `bottom` (its own coordinates)."""
    count = layout.lineCount()
    if count <= CHUNK_LINES:
        return range(count)
    lines = range(count)
    first = bisect_right(lines, top, key=lambda i: layout.lineAt(i).naturalTextRect().bottom())
    stop = bisect_left(lines, bottom, key=lambda i: layout.lineAt(i).y())
    return range(first, max(first, stop))


class Screen:
    """Visible paragraphs of `editor`, laid out and spaced through `cache`."""

    def __init__(self, editor: QPlainTextEdit, cache: ShapeCache) -> None:
        self._editor = editor
        self.cache = cache
        self._fitted: tuple[ShapeCache, float, int, int] | None = None  # cache, room, width -> lines
        # The paragraphs (and their corners) the last `shapes()` walked: a paint's arcs lay out
        # over the same walk rather than asking Qt for every paragraph's geometry again.
        self.walked: list[tuple[QTextBlock, QPointF]] = []

    def blocks(self) -> Iterator[tuple[QTextBlock, QPointF]]:
        """Paragraphs on screen with their top-left corner in the viewport."""
        editor = self._editor
        block = editor.firstVisibleBlock()
        if not block.isValid():
            return
        self.cache.prepare(block)  # before contentOffset(), which reads its lines
        origin = editor.blockBoundingGeometry(block).translated(editor.contentOffset()).topLeft()
        bottom = editor.viewport().height()
        while block.isValid() and origin.y() <= bottom:
            self.cache.prepare(block)
            yield block, origin
            origin = QPointF(origin.x(), origin.y() + editor.blockBoundingRect(block).height())
            block = block.next()

    def shapes(self) -> VisibleShapes:
        """Mark shapes of the lines on screen, per paragraph that has any."""
        height = self._editor.viewport().height()
        visible = []
        self.walked = walked = list(self.blocks())
        for block, origin in walked:
            lines = visible_lines(block.layout(), -origin.y(), height - origin.y())
            shapes = self.cache.shapes(block, lines)
            if shapes:
                visible.append((origin, shapes))
        return visible

    def shapes_of(self, mark_id: int) -> list[tuple[QPointF, MarkShape]]:
        return [(o, s) for o, shapes in self.shapes() for s in shapes if s.mark.id == mark_id]

    def mark_at(self, point: QPointF) -> int | None:
        """The span under a viewport point: its chip, else the innermost box."""
        hits = [(o, s) for o, shapes in self.shapes() for s in shapes if s.hit(point - o)]
        for origin, shape in hits:
            if shape.chip is not None and shape.chip.contains(point - origin):
                return shape.mark.id
        marks = [shape.mark for _, shape in hits]
        return min(marks, key=lambda m: (m.length, m.id)).id if marks else None

    def scroll_to(self, block: QTextBlock, position: int, pitch: float) -> None:
        """Bring the line holding block-local UTF-16 `position` a third down the page.

        The scroll bar of a QPlainTextEdit counts lines, so this is exact
        without laying out anything but the target paragraph.
        """
        self.cache.prepare(block)
        line = block.layout().lineForTextPosition(position)
        target = block.firstLineNumber() + max(0, line.lineNumber())
        page = max(1, int(self._editor.viewport().height() // pitch))
        bar = self._editor.verticalScrollBar()
        if not bar.value() <= target < bar.value() + page - 1:
            bar.setValue(target - page // 3)

    def fit_scroll_range(self) -> None:
        """Let the scroll bar reach the last line.

        QPlainTextEdit sizes its line-counting scroll bar from the heights of
        the last paragraphs as it laid them out, before the chip room was
        added, so the true last page holds fewer lines. Recount them.
        """
        editor = self._editor
        bar = editor.verticalScrollBar()
        if not editor.isVisible() or editor.centerOnScroll():
            return
        document = editor.document()
        room = editor.viewport().height() - document.documentMargin() - 1
        # Asked at every scroll-range change (several per page scrolled): the last page's
        # lines change only with the layout (new cache), the height or the width.
        width = editor.viewport().width()
        fitted = self._fitted
        if fitted is not None and fitted[0] is self.cache and fitted[1:3] == (room, width):
            fitting = fitted[3]
        else:
            fitting = self._lines_fitting_from_bottom(room)
            self._fitted = (self.cache, room, width, fitting)
        maximum = max(0, document.lineCount() - fitting)
        if bar.maximum() != maximum:
            bar.setRange(0, maximum)

    def _lines_fitting_from_bottom(self, room: float) -> int:
        block = self._editor.document().lastBlock()
        used, lines = 0.0, 0  # the last block's height includes the bottom margin
        while block.isValid():
            self.cache.prepare(block)
            layout = block.layout()
            bottoms = [0.0] + [layout.lineAt(i).naturalTextRect().bottom() for i in range(layout.lineCount())]
            height = self._editor.blockBoundingRect(block).height()
            for i in range(layout.lineCount() - 1, -1, -1):
                if used + height - bottoms[i] > room:
                    return max(1, lines)
                lines += 1
            used += height
            block = block.previous()
        return max(1, lines)
