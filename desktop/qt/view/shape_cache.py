"""Per-paragraph mark shapes for the current layout, built on first paint.

Holds the bridge between the code-point world (marks, index) and Qt's
paragraphs. Shapes are built per chunk of lines, so even a paragraph of
thousands of lines costs only what is on screen. A paragraph's shapes are
rebuilt when one of its marks changes or when Qt lays it out again.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QAbstractTextDocumentLayout, QTextBlock

from desktop.qt.view.geometry import LocalMark, MarkShape, block_shapes, space_lines
from desktop.qt.view.mark_index import MarkIndex
from desktop.qt.view.metrics import LineMetrics
from desktop.qt.view.positions import TextPositions

CHUNK_LINES = 32


class ShapeCache:
    """Spaced layouts and mark shapes of the paragraphs the view has shown."""

    def __init__(
        self, doc_layout: QAbstractTextDocumentLayout, positions: TextPositions, index: MarkIndex, metrics: LineMetrics
    ) -> None:
        self._doc_layout = doc_layout
        self._pos = positions
        self._index = index
        self._metrics = metrics
        self._locals: dict[int, list[LocalMark]] = {}
        self._chunks: dict[int, dict[int, list[MarkShape]]] = {}

    def prepare(self, block: QTextBlock) -> None:
        """Make sure `block` is laid out with room for chips above its lines."""
        layout = block.layout()
        if layout.lineCount() == 0:
            self._doc_layout.blockBoundingRect(block)  # lays the block out
        if space_lines(layout, self._metrics.gap):
            self._chunks.pop(block.blockNumber(), None)

    def shapes(self, block: QTextBlock, lines: range) -> list[MarkShape]:
        """Shapes of the marks on `lines` of a prepared paragraph."""
        number = block.blockNumber()
        if not self._local_marks(number) or not lines:
            return []
        chunks = self._chunks.setdefault(number, {})
        shapes: list[MarkShape] = []
        for chunk in range(lines.start // CHUNK_LINES, (lines.stop - 1) // CHUNK_LINES + 1):
            if chunk not in chunks:
                chunks[chunk] = self._build(block, number, chunk)
            shapes.extend(chunks[chunk])
        return shapes

    def version(self, number: int) -> object | None:
        """What stays the same object while paragraph `number`'s shapes stay valid (None: none built)."""
        return self._chunks.get(number)

    def drop(self, blocks: Iterable[int]) -> None:
        for number in blocks:
            self._locals.pop(number, None)
            self._chunks.pop(number, None)

    def _local_marks(self, number: int) -> list[LocalMark]:
        local = self._locals.get(number)
        if local is None:
            plan = self._index.plan(number)
            first = self._pos.block_starts[number]
            local = self._locals[number] = []
            for mark in plan.marks:
                span = self._pos.local_range(number, mark.start, mark.end)
                if span is not None:
                    local.append(LocalMark(mark, plan.lanes[mark.id], *span, mark.start >= first))
        return local

    def _build(self, block: QTextBlock, number: int, chunk: int) -> list[MarkShape]:
        layout = block.layout()
        lines = range(chunk * CHUNK_LINES, min((chunk + 1) * CHUNK_LINES, layout.lineCount()))
        first, last = layout.lineAt(lines.start), layout.lineAt(lines.stop - 1)
        lo, hi = first.textStart(), last.textStart() + last.textLength()
        marks = [m for m in self._local_marks(number) if m.start < hi and m.end > lo]
        return block_shapes(layout, marks, lines, self._metrics)
