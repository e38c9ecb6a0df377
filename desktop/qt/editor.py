"""The labelling logic of the window: current document, selection, spans.

Holds no widgets of its own: it drives the document view, the span list and
the palette, and asks the bridge to change things. Every change comes back
through `bridge.changed`, and the view is updated from that, so undo, redo,
bulk actions and other windows all redraw the same way.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from operator import attrgetter, itemgetter

from PySide6.QtCore import QObject, Signal

from desktop.core.ids import stored_id
from desktop.core.model import Label, Span
from desktop.i18n import language
from desktop.qt.bridge import WorkspaceBridge
from desktop.qt.document_view import DocumentView, SpanMark
from desktop.qt.view.span_mark import layer_marks
from desktop.text.snap import snap_to_tokens, trim
from desktop.text.tokens import tokenize, tokens_around
from desktop.workspace import Changes

_DRAWN = attrgetter("id", "start", "end", "label")  # what a span's mark shows of it


class Editor(QObject):
    """Labels the view's selection; selects, relabels, resizes and deletes spans."""

    document_changed = Signal(int)  # a new document is open
    spans_changed = Signal()  # the open document's spans changed
    current_span_changed = Signal(object)  # Span | None

    def __init__(self, bridge: WorkspaceBridge, view: DocumentView, parent=None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.view = view
        self.document_id: int | None = None
        self.text = ""
        self._tokens: list[tuple[int, int]] | None = None
        self._spans: dict[int, Span] | None = {}  # None: not read yet (see `spans`)
        self._drawn: list[tuple[int, int, int, str]] = []  # (id, start, end, label) the view shows until then
        self.current: int | None = None
        self.snap = True
        self._order: list[tuple[int, int, int]] | None = None  # (start, end, id) in reading order
        bridge.changed.connect(self._on_changed)
        self.spans_changed.connect(self._on_spans_changed)
        view.mark_clicked.connect(self.select_span)
        view.selection_changed.connect(self._on_selection_changed)

    @property
    def workspace(self):
        return self.bridge.workspace

    # --- documents ------------------------------------------------------------------

    def open_document(self, doc_id: int) -> None:
        self.document_id = doc_id
        self.text = self.workspace.document_text(doc_id)
        self._tokens = None
        self.current = None
        # The first paint needs only the layer's ranges; the spans are read when first asked for,
        # which the span list does right after that paint (docs/performance.md, open-doc-1mb).
        self._drawn, self._spans = self.workspace.span_ranges(doc_id), None
        self.view.set_document(self.text, self._range_marks(self._drawn))
        self.document_changed.emit(doc_id)
        self.spans_changed.emit()
        self.current_span_changed.emit(None)

    def refresh(self) -> None:
        """Bring the open document's spans up to date with storage, mark by mark."""
        if self.document_id is None:
            return
        fresh = {s.id: s for s in self.workspace.spans(self.document_id)}
        changes = Changes(
            documents={self.document_id},
            spans_added=[i for i in fresh if i not in self.spans],
            spans_removed=[i for i in self.spans if i not in fresh],
            spans_updated=[i for i in fresh if i in self.spans and fresh[i] != self.spans[i]],
        )
        if changes.spans_added or changes.spans_removed or changes.spans_updated:
            self._reload_spans(changes)

    @property
    def spans(self) -> dict[int, Span]:
        """The open document's spans in the annotator's layer, by id, in reading order."""
        if self._spans is None:
            self._spans = self._read_spans()
        return self._spans

    def span_ranges(self) -> dict[int, tuple[int, int]]:
        """Span id -> (start, end) for the layer, without reading the spans if they are not yet read
        (the arcs of a document's relations are drawn from these)."""
        if self._spans is None:
            return {span_id: (start, end) for span_id, start, end, _ in self._drawn}
        return {span_id: (s.start, s.end) for span_id, s in self._spans.items()}

    def _read_spans(self) -> dict[int, Span]:
        """The layer's spans; any the view drew otherwise since the open (another window wrote in
        between) drawn again as stored, so the view and `spans` never disagree."""
        doc = self.document_id
        spans = {} if doc is None else {s.id: s for s in self.workspace.spans(doc)}
        drawn: dict[int, tuple[int, int, int, str]] = {row[0]: row for row in self._drawn}
        self._drawn = []
        stored = dict(zip(spans, map(_DRAWN, spans.values())))
        if stored != drawn:  # one comparison in C when nothing changed, as almost always
            stale = [i for i, row in stored.items() if drawn.get(i) != row]
            gone = drawn.keys() - stored.keys()
            self.view.change_marks(self._marks(spans[i] for i in stale), [*gone, *(i for i in stale if i in drawn)])
        return spans

    @property
    def tokens(self) -> list[tuple[int, int]]:
        if self._tokens is None:
            self._tokens = tokenize(self.text)
        return self._tokens

    def labels(self) -> dict[str, Label]:
        return self.workspace.labels()

    def _marks(self, spans: Iterable[Span]) -> list[SpanMark]:
        return self._range_marks([(stored_id(s), s.start, s.end, s.label) for s in spans])

    def _range_marks(self, rows: list[tuple[int, int, int, str]]) -> list[SpanMark]:
        """Marks for a whole layer: each label's colour and caption found once, not per span."""
        looks = {key: self._label_mark(0, 0, 1, key) for key in set(map(itemgetter(3), rows))}
        return layer_marks(looks, rows)

    def _mark(self, span: Span) -> SpanMark:
        return self._label_mark(stored_id(span), span.start, span.end, span.label)

    def _label_mark(self, span_id: int, start: int, end: int, key: str) -> SpanMark:
        label = self.labels().get(key)
        color = label.color if label else "#888888"
        caption = (label.name_fa if language() == "fa" else label.name_en) if label else key
        return SpanMark(span_id, start, end, color, caption)

    def restyle(self) -> None:
        """Draw every span again with its label's colour and caption (the scheme changed;
        a label may have a new key, which its spans took along)."""
        if self.document_id is not None:
            self._drawn, self._spans = [], {s.id: s for s in self.workspace.spans(self.document_id)}
        self.view.set_marks(self._marks(self.spans.values()))

    # --- labelling ------------------------------------------------------------------

    def selection_for_label(self, exact: bool = False) -> tuple[int, int] | None:
        """The view's selection, snapped to tokens (or only trimmed when exact)."""
        selected = self.view.selected_range()
        if selected is None or selected[0] == selected[1]:
            return None
        start, end = selected
        if exact or not self.snap:
            return trim(self.text, start, end)
        return snap_to_tokens(self.text, self._tokens_around(start, end), start, end)

    def _tokens_around(self, start: int, end: int) -> list[tuple[int, int]]:
        """The whole text's tokens once known, else only the stretch's: a big document is not
        tokenised on its first label (docs/performance.md, window.add-span)."""
        return self._tokens if self._tokens is not None else tokens_around(self.text, start, end)

    def apply_label(self, key: str, exact: bool = False, *, another: bool = False) -> Span | None:
        """Label what the analyst chose, and make the result the chosen span.

        A chosen span (Tab, a click, the span list, a label just made) is
        relabelled; otherwise the text selection is labelled, and where one of
        the layer's spans already covers exactly those words, that span is
        relabelled instead of doubled. `another` adds a second span with this
        label on the same words: the deliberate way to double-label."""
        if self.document_id is None:
            return None
        selected = self.selection_for_label(exact)
        chosen = self.spans.get(self.current) if self.current is not None else None
        if selected is None and chosen is not None:
            selected = (chosen.start, chosen.end)
        if selected is None:
            return None
        start, end = selected  # compared field by field: no tuple per span of a 20,000-span layer
        same_range = sorted((s for s in self.spans.values() if s.start == start and s.end == end), key=stored_id)
        if any(s.label == key for s in same_range):
            existing = next(s for s in same_range if s.label == key)
            self.select_span(existing.id)  # nothing to change: no new step
            return None
        target = (
            chosen
            if chosen is not None and (chosen.start, chosen.end) == selected
            else (same_range[0] if same_range else None)
        )
        if target is not None and not another:
            span = self.bridge.update_span(stored_id(target), label=key)
        else:
            span = self.bridge.add_span(self.document_id, selected[0], selected[1], key)
        if span is not None:
            self.select_span(span.id)
        return span

    # --- the current span -------------------------------------------------------------

    def select_span(self, span_id: int | None) -> None:
        """Choose a span (or none). Choosing one drops the text selection, so the
        next hotkey can only mean that span."""
        if span_id is not None and span_id not in self.spans:
            span_id = None
        self.current = span_id
        if span_id is not None and self.view.selected_range() is not None:
            self.view.clear_selection()
        self.view.set_current_mark(span_id)
        span = self.spans.get(span_id) if span_id is not None else None
        if span is not None:
            self.view.reveal(span.start, span.end)
        self.current_span_changed.emit(span)

    def _on_selection_changed(self, start: int, end: int) -> None:
        """Selecting words un-chooses the chosen span: the hotkey then labels the words."""
        if start != end and self.current is not None:
            self.current = None
            self.view.set_current_mark(None)
            self.current_span_changed.emit(None)

    def step_span(self, forward: bool) -> None:
        """Select the next (or previous) span in reading order."""
        found = self.neighbour(self.current, forward)
        if found is not None:
            self.select_span(found)

    def neighbour(self, span_id: int | None, forward: bool, skip: int | None = None) -> int | None:
        """The span after (or before) `span_id` in reading order, round the end; the first (last)
        when `span_id` is not shown; never `skip`. The order is kept until the spans change:
        sorting 20,000 spans at every Tab costs more than a keystroke may."""
        if self._order is None:
            self._order = sorted((s.start, s.end, stored_id(s)) for s in self.spans.values())
        order, span = self._order, self.spans.get(span_id) if span_id is not None else None
        if span is None:
            i = 0 if forward else len(order) - 1
        else:
            key = (span.start, span.end, stored_id(span))
            i = bisect_right(order, key) if forward else bisect_left(order, key) - 1
        for _ in range(min(2, len(order))):
            found = order[i % len(order)][2]
            if found != skip:
                return found
            i += 1 if forward else -1
        return None

    def _on_spans_changed(self) -> None:
        self._order = None

    def delete_current(self) -> None:
        if self.current is not None:
            self.bridge.delete_span(self.current)

    def resize_current(self, edge: str, direction: int) -> None:
        """Move the span's start or end edge by one token (direction -1 or +1)."""
        span = self.spans.get(self.current) if self.current is not None else None
        if span is None:
            return
        position = span.start if edge == "start" else span.end
        moved = self._token_edge(position, direction, edge)
        if moved is None:
            return
        start, end = (moved, span.end) if edge == "start" else (span.start, moved)
        if start < end:
            self.bridge.update_span(stored_id(span), start=start, end=end)

    def _token_edge(self, position: int, direction: int, edge: str) -> int | None:
        edges = sorted({t[0] for t in self.tokens} if edge == "start" else {t[1] for t in self.tokens})
        if direction > 0:
            later = [e for e in edges if e > position]
            return later[0] if later else None
        earlier = [e for e in edges if e < position]
        return earlier[-1] if earlier else None

    def set_note(self, note: str) -> None:
        if self.current is not None:
            self.bridge.update_span(self.current, note=note)

    # --- reacting to changes ------------------------------------------------------------

    def _on_changed(self, changes: Changes) -> None:
        if self.document_id is None or self.document_id not in changes.documents:
            return
        if changes.spans_added or changes.spans_removed or changes.spans_updated:
            self._reload_spans(changes)

    def _reload_spans(self, changes: Changes) -> None:
        """Apply a change to the view span by span (never a reload of the document)."""
        touched = [*changes.spans_added, *changes.spans_updated, *changes.spans_removed]
        fresh = self.workspace.spans_by_ids(touched)
        me = self.workspace.annotator.id
        for span_id in touched:
            span = fresh.get(span_id)
            mine = span is not None and span.document_id == self.document_id and span.annotator_id == me
            if span_id in self.spans and not mine:
                del self.spans[span_id]
                self.view.remove_mark(span_id)
            elif mine and span_id in self.spans:
                self.spans[span_id] = span
                self.view.update_mark(self._mark(span))
            elif mine:
                self.spans[span_id] = span
                self.view.add_mark(self._mark(span))
        if self.current is not None and self.current not in self.spans:
            self.current = None
            self.view.set_current_mark(None)
        self.current_span_changed.emit(self.spans.get(self.current) if self.current else None)
        self.spans_changed.emit()
