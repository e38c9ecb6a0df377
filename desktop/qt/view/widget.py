"""DocumentView: the read-only right-to-left text where analysts label spans.

A QPlainTextEdit (lazy per-paragraph layout: opening 1 MB costs ~20 ms)
whose laid-out lines the view moves apart to make room for label chips,
and which draws span highlights itself over the paragraphs on screen.
The text is always plain text, never HTML. It receives plain data and
speaks code points; Qt's UTF-16 positions never leave this package.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QEvent, QMimeData, QPointF, QRectF, Qt, Signal, SignalInstance
from PySide6.QtGui import QHelpEvent, QMouseEvent, QPaintEvent, QTextCursor, QWheelEvent
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QToolTip, QWidget

from desktop.qt.plain import tooltip
from desktop.qt.view.hit_test import hit_shift
from desktop.qt.view.hits import Hits, hit_selections
from desktop.qt.view.mark_index import MarkIndex
from desktop.qt.view.metrics import LineMetrics
from desktop.qt.view.overlay import paint_over, paint_under, painting
from desktop.qt.view.positions import TextPositions, display_text
from desktop.qt.view.relation_drag import RelationDrag, chip_at
from desktop.qt.view.relation_geometry import Arc
from desktop.qt.view.relation_mark import RelationMark
from desktop.qt.view.relations import RelationLayer, paint_arcs
from desktop.qt.view.screen import Screen
from desktop.qt.view.setup import ZOOM_MAX, ZOOM_MIN, configure, zoomed_font
from desktop.qt.view.shape_cache import ShapeCache
from desktop.qt.view.span_mark import SpanMark
from desktop.qt.view.theme import DARK, LIGHT, Theme, palette, rgba


class DocumentView(QPlainTextEdit):
    """Shows one document with its spans; reports selections and clicks on spans."""

    selection_changed = Signal(int, int)  # code points [start, end); start == end: none
    mark_clicked = Signal(int)  # the innermost span under a click
    mark_activated = Signal(int)  # a span double-clicked
    zoom_changed = Signal(int)  # zoom steps
    relation_drawn = Signal(object, object)  # head span's (start, end), tail span's: dragged chip to chip
    relation_chosen = Signal(int)  # a relation's arc or label clicked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._positions = TextPositions("")
        self._index = MarkIndex(self._positions)
        self._current: int | None = None
        self._zoom = 0
        self._dark = False
        self._last_selection: tuple[int, int] | None = None
        self._hits = Hits()
        self._press: QPointF | None = None
        self._relations = RelationLayer(self._positions)
        self._drag: RelationDrag | None = None
        self._wheel_zoom = 0  # eighths of a degree not yet turned into zoom steps
        configure(self)
        self.setPalette(palette(self._theme(), self.palette()))
        self._metrics = LineMetrics.for_font(self.font())
        self._screen = Screen(self, self._new_shape_cache())
        self.selectionChanged.connect(self._on_selection_changed)
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self.verticalScrollBar().rangeChanged.connect(self._on_scroll_range_changed)

    # -- document and marks -------------------------------------------------

    def set_document(self, text: str, marks: Sequence[SpanMark] = ()) -> None:
        """Show `text` (plain, `\\n` paragraph breaks) with its spans."""
        positions = TextPositions(text)
        index = MarkIndex(positions, marks)  # validates before anything changes
        self._text, self._positions, self._index = text, positions, index
        self._relations, self._drag = RelationLayer(positions), None
        self._current, self._last_selection, self._hits = None, None, Hits()
        self._screen.cache = self._new_shape_cache()
        self.setExtraSelections([])  # hits of the old text would point anywhere in the new one
        self.setPlainText(display_text(text))

    def set_marks(self, marks: Sequence[SpanMark]) -> None:
        self._index = MarkIndex(self._positions, marks)
        self._screen.cache = self._new_shape_cache()
        self.viewport().update()

    def add_mark(self, mark: SpanMark) -> None:
        self._screen.cache.drop(self._index.add(mark))
        self.viewport().update()

    def remove_mark(self, mark_id: int) -> None:
        """Stop showing a span; KeyError if it is not shown."""
        self._screen.cache.drop(self._index.remove(mark_id))
        self.viewport().update()

    def change_marks(self, added: Sequence[SpanMark], removed: Iterable[int] = ()) -> None:
        """Stop showing `removed` (ids) and show `added` (new marks or new versions of removed
        ones) in one step: one re-sort of the index, one repaint."""
        self._screen.cache.drop(self._index.change(added, removed))
        self.viewport().update()

    def update_mark(self, mark: SpanMark) -> None:
        """Replace the shown span with the same id (new range, colour, caption or style)."""
        self._screen.cache.drop(self._index.replace(mark))
        self.viewport().update()

    def set_current_mark(self, mark_id: int | None) -> None:
        """Emphasise one span (thicker outline, ringed chip), or none."""
        self._current = mark_id
        self.viewport().update()

    def set_relations(self, relations: Sequence[RelationMark]) -> None:
        """Draw these relations (code-point ranges of their ends) as arcs, replacing any shown."""
        layer = RelationLayer(self._positions, relations)  # validates before anything changes
        self._relations = layer
        self.viewport().update()

    def add_relation(self, relation: RelationMark) -> None:
        self._relations.add(relation)
        self.viewport().update()

    def remove_relation(self, relation_id: int) -> None:
        """Stop drawing a relation; KeyError if it is not drawn."""
        self._relations.remove(relation_id)
        self.viewport().update()

    def set_chosen_relation(self, relation_id: int | None) -> None:
        """Draw one relation (and its two ends) emphasised, or none; cheaper than set_relations."""
        self._relations.choose(relation_id)
        self.viewport().update()

    def relation_arcs(self) -> list[Arc]:
        """The arcs drawn in the last paint (viewport coordinates): only relations near the screen."""
        return list(self._relations.arcs)

    def set_hits(self, hits: Sequence[tuple[int, int]]) -> None:
        """Tint find hits, code points `[start, end)` each, sorted and apart; () clears them."""
        for start, end in hits:
            self._positions.check_range(start, end)
        self._hits = Hits(hits)
        self._tint_hits()

    def hits(self) -> tuple[tuple[int, int], ...]:
        return self._hits.all

    def text(self) -> str:
        return self._text

    def mark(self, mark_id: int) -> SpanMark | None:
        return self._index.get(mark_id)

    def current_mark(self) -> int | None:
        return self._current

    def mark_at(self, cp: int) -> list[int]:
        """Ids of the spans covering code point `cp`, innermost first."""
        return self._index.ids_at(cp)

    # -- selection ----------------------------------------------------------

    def selected_range(self) -> tuple[int, int] | None:
        """The selection as code points `[start, end)`, or None."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return self._positions.range_to_cp(cursor.selectionStart(), cursor.selectionEnd())

    def cursor_position(self) -> int:
        """The text cursor's position, in code points."""
        position = self.textCursor().position()
        return self._positions.range_to_cp(position, position)[0]

    def select_range(self, start: int, end: int) -> None:
        """Select code points `[start, end)` and scroll them into view."""
        self._positions.check_range(start, end)
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._positions.to_u16(start))
        cursor.setPosition(self._positions.to_u16(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.reveal(start, end)

    def clear_selection(self) -> None:
        """Drop the selection, leaving the caret at its start."""
        cursor = self.textCursor()
        cursor.setPosition(cursor.selectionStart())
        self.setTextCursor(cursor)

    def reveal(self, start: int, end: int | None = None) -> None:
        """Scroll so code points `[start, end)` are on screen (their start if long)."""
        self._positions.check_range(start, start if end is None else end)
        self._reveal(start)

    # -- zoom and colours ---------------------------------------------------

    def zoom(self) -> int:
        return self._zoom

    def zoom_in(self) -> None:
        self.set_zoom(self._zoom + 1)

    def zoom_out(self) -> None:
        self.set_zoom(self._zoom - 1)

    def set_zoom(self, steps: int) -> None:
        """Font size 12 pt * 1.1**steps, steps clamped to the zoom range."""
        steps = max(ZOOM_MIN, min(ZOOM_MAX, steps))
        if steps == self._zoom:
            return
        self._zoom = steps
        font = zoomed_font(steps)
        # New metrics first: setFont re-lays out and may space paragraphs at once.
        self._metrics = LineMetrics.for_font(font)
        self._screen.cache = self._new_shape_cache()
        self.setFont(font)
        self.zoom_changed.emit(steps)

    def is_dark(self) -> bool:
        return self._dark

    def set_dark(self, dark: bool) -> None:
        self._dark = dark
        self.setPalette(palette(self._theme(), self.palette()))
        self._tint_hits()
        self.viewport().update()

    # -- geometry (viewport coordinates; only for what is on screen) --------

    def mark_rects(self, mark_id: int) -> list[QRectF]:
        """Boxes of a span's visible parts: one per bidi run per line."""
        return [box.translated(origin) for origin, shape in self._screen.shapes_of(mark_id) for box in shape.boxes]

    def chip_rect(self, mark_id: int) -> QRectF | None:
        """The span's label chip, if its first line is on screen."""
        chips = [s.chip.translated(o) for o, s in self._screen.shapes_of(mark_id) if s.chip is not None]
        return chips[0] if chips else None

    # -- Qt events ----------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        visible = self._screen.shapes()
        theme = self._theme()
        with painting(self.viewport()) as painter:
            paint_under(painter, visible, theme, self._current)
        super().paintEvent(event)
        with painting(self.viewport()) as painter:
            paint_over(painter, visible, self._metrics, theme, self._current)
            port = self.viewport()
            if self._relations.lay_out(self._screen, self._metrics, port.height(), port.width(), self._screen.walked):
                paint_arcs(painter, self._relations.arcs, self._relations.label_font(self._metrics)[0], theme)
            if self._drag is not None:
                self._drag.paint(painter)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._press = event.position()
        aimed = self._aimed(event)
        if event.button() == Qt.MouseButton.LeftButton and self.textCursor().hasSelection():
            # Qt would start dragging the selected text out; here a press starts a new
            # selection, even on the words already selected (dragging over them again).
            self.setTextCursor(self.cursorForPosition(aimed.position().toPoint()))
        super().mousePressEvent(aimed)
        self._drag = self._drag_from(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._drag is not None and event.buttons():
            self._drag.move(event.position(), QApplication.startDragDistance())
            self.viewport().update()
            return  # from a chip the mouse draws a relation, it selects no text
        super().mouseMoveEvent(self._aimed(event) if event.buttons() else event)  # a drag, not a hover

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        super().mouseReleaseEvent(self._aimed(event))
        press, self._press = self._press, None
        drag, self._drag = self._drag, None
        if press is None or event.button() != Qt.MouseButton.LeftButton:
            return
        if drag is not None and drag.moved:
            self._finish_drag(drag, event.position())
            return
        if self.textCursor().hasSelection():
            return  # a short drag over two letters selects them: it is no click on their span
        if (event.position() - press).manhattanLength() < QApplication.startDragDistance():
            relation = None if drag is not None else self._relations.arc_at(event.position())
            if relation is not None:
                self.relation_chosen.emit(relation)
            else:
                self._emit_hit(event.position(), self.mark_clicked)

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            caption = self._relations.caption_at(QPointF(event.pos()))  # an arc label shortened for room
            if caption is not None:
                QToolTip.showText(event.globalPos(), tooltip(caption), self.viewport())  # literally
                return True
        return super().viewportEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        super().mouseDoubleClickEvent(self._aimed(event))
        self._emit_hit(event.position(), self.mark_activated)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self._wheel_zoom += event.angleDelta().y()
            steps = int(self._wheel_zoom / 120)  # one notch; touchpads send slivers
            if steps:
                self._wheel_zoom -= steps * 120
                self.set_zoom(self._zoom + steps)
            event.accept()
            return
        super().wheelEvent(event)

    def createMimeDataFromSelection(self) -> QMimeData:  # noqa: N802
        """Copy the exact stored text (Qt would turn breaks into U+2029, NBSP into space)."""
        data = QMimeData()
        selected = self.selected_range()
        data.setText(self._text[selected[0] : selected[1]] if selected else "")
        return data

    # -- private ------------------------------------------------------------

    def _theme(self) -> Theme:
        return DARK if self._dark else LIGHT

    def _new_shape_cache(self) -> ShapeCache:
        return ShapeCache(self.document().documentLayout(), self._positions, self._index, self._metrics)

    def _aimed(self, event: QMouseEvent) -> QMouseEvent:
        """The event moved to where Qt's hit test finds the character drawn under the
        pointer (on wrapped right-to-left lines it is a space's width off, see hit_test)."""
        shift = hit_shift(self, event.position())
        if not shift:
            return event
        point = event.position()
        moved = QMouseEvent(
            event.type(),
            QPointF(point.x() + shift, point.y()),
            event.scenePosition(),
            event.globalPosition(),
            event.button(),
            event.buttons(),
            event.modifiers(),
            event.pointingDevice(),
        )
        moved.setTimestamp(event.timestamp())
        return moved

    def _emit_hit(self, point: QPointF, signal: SignalInstance) -> None:
        mark_id = self._screen.mark_at(point)
        if mark_id is not None:
            signal.emit(mark_id)

    def _drag_from(self, event: QMouseEvent) -> RelationDrag | None:
        """A relation drag if the press is on a chip (looked for after Qt placed its cursor)."""
        if event.button() != Qt.MouseButton.LeftButton or not len(self._index):
            return None
        chip = chip_at(self._screen, event.position())
        return RelationDrag(chip[0], chip[1], event.position()) if chip else None

    def _finish_drag(self, drag: RelationDrag, point: QPointF) -> None:
        self.viewport().update()
        target = chip_at(self._screen, point)
        if target is not None and target[0].id != drag.head.id:
            head, tail = drag.head, target[0]
            self.relation_drawn.emit((head.start, head.end), (tail.start, tail.end))

    def _reveal(self, cp: int) -> None:
        block = self.document().findBlockByNumber(self._positions.block_of(cp))
        pitch = self._metrics.gap + self.fontMetrics().height()
        self._screen.scroll_to(block, self._positions.to_u16(cp) - block.position(), pitch)

    def _on_selection_changed(self) -> None:
        cursor = self.textCursor()
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        if not 0 <= start <= end <= self._positions.length_u16:
            return  # the old text's cursor, reported while a new text goes in
        selected = self._positions.range_to_cp(start, end)
        if selected != self._last_selection:
            self._last_selection = selected
            self.selection_changed.emit(*selected)

    def _on_scroll_range_changed(self, _minimum: int, _maximum: int) -> None:
        self._screen.fit_scroll_range()
        self._tint_hits()

    def _on_scrolled(self, _value: int) -> None:
        # Qt blits the old pixels using heights of paragraphs it may have just
        # laid out without our spacing; repaint everything to stay exact.
        self.viewport().update()
        self._tint_hits()

    def _tint_hits(self) -> None:
        """Tint the hits near the screen (a cursor per hit in the whole text is too slow)."""
        if not self._hits.all and not self.extraSelections():
            return
        port = self.viewport().rect()
        corners = [
            self.cursorForPosition(p).position()
            for p in (port.topLeft(), port.topRight(), port.bottomLeft(), port.bottomRight())
        ]
        lo, hi = self._positions.range_to_cp(min(corners), max(corners))
        self.setExtraSelections(
            hit_selections(self.document(), self._positions, self._hits.near(lo, hi), rgba(self._theme().hit))
        )
