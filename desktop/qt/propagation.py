"""Propagation after a label, off the GUI thread: the words found elsewhere in the shown document
become pending suggestions without holding up the next key.

The GUI thread plans from what the window holds (the text, the layer's spans, the document's
suggestions: `desktop.workspace.suggestions.propagation`), a worker thread runs the folded search
and works out the ops, and the GUI thread stores them. A result is stored only if nothing changed
since its plan (the layer's revision): otherwise it is stale (another label, an undo, a decision
came between) and the label is planned again from the new state, or dropped when its span or its
document is gone. So what is stored is what propagating on the GUI thread would have stored.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

from desktop.core.model import Span

if TYPE_CHECKING:
    from desktop.qt.suggestion_layer import SuggestionLayer

PAINT_WAIT_MS = 30  # at most: a hidden view is never painted


class _Relay(QObject):
    """Carries a worker's result to the GUI thread (a queued signal: it lives there)."""

    computed = Signal(object)


class Propagation(QObject):
    """Queues labels to propagate and runs them one at a time in a worker thread."""

    def __init__(self, layer: SuggestionLayer) -> None:
        super().__init__(layer)
        self._layer = layer
        self._queue: deque[Span] = deque()
        self._running: threading.Thread | None = None
        self._relay = _Relay(self)
        self._relay.computed.connect(self._on_computed)
        # A worker holds the GIL in long C calls (folding a 1 MB text takes a while): it starts after
        # the view's next paint, which shows the label (or the stored suggestions), or a moment later.
        self._viewport = layer.view.viewport()
        self._viewport.installEventFilter(self)
        self._after_paint = QTimer(self, singleShot=True, interval=PAINT_WAIT_MS)
        self._after_paint.timeout.connect(self._next)

    @property
    def busy(self) -> bool:
        """A label queued or being searched for: its suggestions are not stored yet."""
        return self._running is not None or bool(self._queue)

    def request(self, span: Span) -> None:
        """Propagate `span` (just labelled) once the worker is free and the label painted."""
        self._queue.append(span)
        if self._running is None and not self._after_paint.isActive():
            self._after_paint.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Paint and self._after_paint.isActive():
            self._after_paint.start(0)  # once this paint is done
        return False

    def stop(self) -> None:
        """The window closes: forget what is queued; let a running search end unheard."""
        self._queue.clear()
        self._after_paint.stop()
        if self._running is not None:
            self._running.join(timeout=5)

    def _next(self) -> None:
        self._after_paint.stop()
        while self._running is None and self._queue:
            span = self._current(self._queue.popleft())
            if span is not None:
                self._start(span)

    def _current(self, span: Span) -> Span | None:
        """The span as the window holds it now, while propagation is on and its document shown."""
        layer = self._layer
        if not layer.propagate or span.document_id != layer.editor.document_id:
            return None
        return layer.editor.spans.get(span.id) if span.id is not None else None

    def _start(self, span: Span) -> None:
        # Loaded at the first label, not at open: it brings the suggesters (tests/qt/test_startup_work.py).
        from desktop.workspace.suggestions.propagation import phrase, propagation_plan

        layer = self._layer
        workspace = layer.bridge.workspace
        text = layer.editor.text
        plan = propagation_plan(
            span,
            text,
            annotator_id=workspace.annotator.id,
            spans=layer.editor.spans.values(),
            suggestions=layer.shown.stored(),
            labels=workspace.labels(),
        )
        job = (span, phrase(span, text), layer.revision)
        self._running = threading.Thread(target=self._compute, args=(job, plan.compute), daemon=True)
        self._running.start()

    def _compute(self, job: tuple, compute: Callable[[], Any]) -> None:
        """In the worker: pure work, no database; the result (or the error) goes to the GUI thread."""
        try:
            result: Any = compute()
        except Exception as exc:  # reported on the GUI thread, never raised in this one
            result = exc
        try:
            self._relay.computed.emit((job, result))
        except RuntimeError:  # the window was deleted meanwhile: nobody to tell
            pass

    def _on_computed(self, outcome: tuple) -> None:
        (span, words, revision), result = outcome
        if self._running is not None:
            self._running.join()
            self._running = None
        layer = self._layer
        if isinstance(result, Exception):
            layer.show_status(str(result), 10000)
        elif revision != layer.revision:
            self._queue.appendleft(span)  # stale: plan it again from what is there now
        elif self._current(span) is not None:
            ops, report = result
            if ops:
                from desktop.workspace.suggestions.propagation import store_propagation

                layer.bridge.attempt(store_propagation, layer.bridge.workspace, words, ops, report)
        if self._queue:
            self._after_paint.start(PAINT_WAIT_MS)  # the next one after the marks are painted
