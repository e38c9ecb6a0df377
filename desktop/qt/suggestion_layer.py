"""Suggestions in the main window: drawn pale and dashed with their source,
accepted or rejected one at a time from the keyboard or in bulk, produced by
suggesters and a model trained in the background.

Suggestion marks use negative ids (-suggestion id); spans keep positive ids.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from desktop.core.ids import stored_id
from desktop.core.model import Span
from desktop.core.suggestion import Suggestion
from desktop.i18n import language, number, tr
from desktop.qt.bridge import WorkspaceBridge
from desktop.qt.document_view import DocumentView, SpanMark
from desktop.qt.editor import Editor
from desktop.qt.propagation import Propagation
from desktop.qt.source_names import learner_text, source_name
from desktop.qt.suggestion_shown import ShownSuggestions
from desktop.qt.suggestion_trust import describe, weak_offer
from desktop.qt.tasks import run_with_progress
from desktop.workspace import Changes
from desktop.workspace.suggestions.decisions import ACCEPTED, PENDING, REJECTED, Suggestions

STATUS_MS = 10000  # how long the chosen suggestion's source and score stay in the status bar


class SuggestionLayer(QObject):
    """Keeps the open document's pending suggestions on screen and acts on them.

    `show_status(text, milliseconds)` reports a finished run; background work shows
    its progress over `parent`."""

    def __init__(
        self,
        editor: Editor,
        view: DocumentView,
        bridge: WorkspaceBridge,
        *,
        propagate: bool,
        show_status: Callable[[str, int], None],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.editor = editor
        self.view = view
        self.bridge = bridge
        self.show_status = show_status
        self._dialog_parent = parent
        self.items: dict[int, Suggestion] = {}
        self.current: int | None = None
        self.propagate = propagate
        self.shown = ShownSuggestions()
        self.muted: frozenset[str] = frozenset()  # sources whose suggestions stay hidden (kept in `shown`)
        self.revision = 0  # counts what changed under this layer: a propagation planned before is stale
        self.propagation = Propagation(self)
        self.editor.document_changed.connect(self._on_document_changed)
        self.bridge.changed.connect(self._on_changed)
        self.view.mark_clicked.connect(self._on_mark_clicked)

    @property
    def api(self) -> Suggestions:
        return Suggestions(self.bridge.workspace)

    # --- showing ----------------------------------------------------------------------

    def _on_document_changed(self, _document_id: int) -> None:
        """The view dropped the old text's marks: forget their suggestions, show the new ones."""
        self.items, self.current = {}, None
        self.reload()

    def reload(self) -> None:
        """Bring the open document's suggestion marks up to date with what is stored."""
        doc = self.editor.document_id
        self.revision += 1  # what is stored may have changed in ways no change announced
        # Every one, drawn or decided or not: which the layer has drawn is decided here, from the
        # editor's spans in memory, and kept up to date as spans change (no read per label);
        # propagation plans from them.
        states = (PENDING, ACCEPTED, REJECTED)
        api = self.api
        self.muted = self.bridge.attempt(api.muted) or frozenset()
        found = None
        if doc is not None:
            found = self.bridge.attempt(api.suggestions, doc, states=states, drawn=(), with_muted=True)
        self.shown.reset(found or [], self._layer_spans())
        self._show({i: s for i, s in self.shown.visible().items() if s.source not in self.muted})

    def _layer_spans(self) -> Iterator[Span]:
        """The editor's spans, asked for only if iterated: a document with no pending suggestion
        paints before its spans are read (Editor.spans)."""
        yield from self.editor.spans.values()

    def _show(self, wanted: dict[int, Suggestion]) -> None:
        """Change only the marks that differ from `wanted` (a restyle dropped them all: re-add)."""
        for suggestion_id, old in self.items.items():
            now = wanted.get(suggestion_id)
            if now is not old and now != old and self.view.mark(-suggestion_id) is not None:
                self.view.remove_mark(-suggestion_id)
        for suggestion_id, suggestion in wanted.items():
            if self.view.mark(-suggestion_id) is None:
                self.view.add_mark(self._mark(suggestion))
        self.items = wanted
        if self.current not in self.items:
            self.current = None

    def _mark(self, suggestion: Suggestion) -> SpanMark:
        label = self.editor.labels().get(suggestion.label)
        name = (label.name_fa if language() == "fa" else label.name_en) if label else suggestion.label
        color = label.color if label else "#888888"
        return SpanMark(
            -stored_id(suggestion),
            suggestion.start,
            suggestion.end,
            color,
            f"{name} · {source_name(suggestion.source)}",
            "suggested",
        )

    def _on_changed(self, changes: Changes) -> None:
        self.revision += 1
        doc = self.editor.document_id
        if doc is None:
            return
        if doc in changes.suggestions_decided:
            self.reload()
            return
        # A label drawn over a suggestion hides it, and back.
        touched = self.shown.spans_changed(changes, self.editor.spans) if doc in changes.documents else set()
        if doc in changes.suggestions_changed:  # added or removed: the stored ones come with the change
            added = [s for s in changes.suggestions_added if s.document_id == doc]
            removed = [s for s in changes.suggestions_removed if s.document_id == doc]
            touched |= self.shown.suggestions_changed(added, removed, self.editor.spans.values())
            chosen = self._replacement(added, removed)
            self._show_some(touched)
            if chosen is not None:
                self.current = chosen
                self.view.set_current_mark(-chosen)
        elif touched:
            self._show_some(touched)

    def _show_some(self, ids: set[int]) -> None:
        """Bring the marks of these suggestions up to date (the others did not change), in one
        change of the view: a propagation adds ~700."""
        added, removed = [], []
        for suggestion_id in ids:
            now, old = self.shown.shown(suggestion_id), self.items.get(suggestion_id)
            now = None if now is not None and now.source in self.muted else now
            if now is old:
                continue
            if old is not None:
                del self.items[suggestion_id]
            if self.view.mark(-suggestion_id) is not None:
                removed.append(-suggestion_id)  # gone, or replaced by its new version below
            if now is not None:
                self.items[suggestion_id] = now
                added.append(self._mark(now))
        if added or removed:
            self.view.change_marks(added, removed)
        if self.current not in self.items:
            self.current = None

    def _replacement(self, added: list[Suggestion], removed: list[Suggestion]) -> int | None:
        """The id of the suggestion replacing the chosen one for the same words, if it was
        replaced (a propagation proposing it again with another score must not unchoose it)."""
        chosen = self.items.get(self.current) if self.current is not None else None
        if chosen is None or all(stored_id(s) != self.current for s in removed):
            return None
        again = [stored_id(s) for s in added if s.key[1:] == chosen.key[1:] and s.state == PENDING]
        return again[0] if again else None

    def _on_mark_clicked(self, mark_id: int) -> None:
        if mark_id >= 0:
            self.current = None  # a span was chosen instead
        elif -mark_id in self.items:
            self.current = -mark_id
            self.view.set_current_mark(mark_id)
            self.show_status(describe(self.items[-mark_id]), STATUS_MS)

    # --- one suggestion -------------------------------------------------------------------

    def target(self) -> Suggestion | None:
        """The chosen suggestion, else the one under the text cursor; never one of
        another document than the one shown."""
        shown = self.editor.document_id
        if self.current in self.items and self.items[self.current].document_id == shown:
            return self.items[self.current]
        position = self.view.cursor_position()
        here = [s for s in self.items.values() if s.document_id == shown and s.start <= position < s.end]
        return min(here, key=lambda s: s.end - s.start) if here else None

    def step(self, forward: bool) -> None:
        """Choose the next (or previous) suggestion in reading order and show it."""
        ordered = sorted(self.items.values(), key=lambda s: (s.start, s.end, s.id))
        if not ordered:
            return
        ids = [stored_id(s) for s in ordered]
        if self.current in ids:
            index = (ids.index(self.current) + (1 if forward else -1)) % len(ids)
        else:
            position = self.view.cursor_position()
            later = [i for i, s in enumerate(ordered) if s.start >= position]
            index = (later[0] if later else 0) if forward else (later[0] - 1 if later else -1)
        self.editor.select_span(None)  # Y and X act on the suggestion; a hotkey must not relabel a span
        self.current = ids[index]
        chosen = self.items[self.current]
        self.view.set_current_mark(-stored_id(chosen))
        self.view.reveal(chosen.start, chosen.end)
        self.show_status(describe(chosen), STATUS_MS)

    def accept(self) -> None:
        """Accept the target suggestion; the span it becomes is the chosen span."""
        chosen = self.target()
        if chosen is None:
            return
        changes = self.bridge.attempt(self.api.accept_suggestion, stored_id(chosen))
        self.current = None
        if changes is not None and changes.spans_added:
            self.editor.select_span(changes.spans_added[0])

    def reject(self) -> None:
        chosen = self.target()
        if chosen is not None:
            self.bridge.attempt(self.api.reject_suggestion, stored_id(chosen))
            self.current = None
            if offer := self.bridge.attempt(weak_offer, self.api, chosen.source):
                self.show_status(offer, STATUS_MS)  # offered, never muted behind the analyst's back

    # --- in bulk --------------------------------------------------------------------------

    def accept_all(self, **where) -> None:
        doc = self.editor.document_id
        if doc is not None:
            self.bridge.attempt(self.api.accept_suggestions, document_ids=[doc], **where)

    def reject_all(self, **where) -> None:
        doc = self.editor.document_id
        if doc is not None:
            self.bridge.attempt(self.api.reject_suggestions, document_ids=[doc], **where)

    # --- producing -------------------------------------------------------------------------

    def run(self, whole_project: bool = False) -> None:
        """Run the suggesters in the background; store the result as one undoable step."""
        from desktop.workspace.suggestions.run import apply_run, plan_run  # here: not needed to open a window

        workspace, shown = self.bridge.workspace, self.editor.document_id
        if shown is None and not whole_project:
            return  # "this document" with none open (an empty project): nothing to suggest in
        plan = self.bridge.attempt(plan_run, workspace, None if whole_project or shown is None else [shown])
        if plan is None:
            return

        def stored(result) -> None:
            ops, report = result
            self.bridge.attempt(apply_run, workspace, ops, report)
            added = sum(report.added.values())
            self.show_status(tr("{n} new suggestions", n=added), 8000)

        run_with_progress(
            self._dialog_parent,
            tr("Suggesting…"),
            lambda progress, cancelled: plan.compute(progress, cancelled),
            stored,
            self._failed,
        )

    def train(self) -> None:
        """Train the model on the gold layer (or, with no gold yet, this annotator's): the CRF and,
        with spaCy installed, spaCy's NER, keeping the one with the better held-out F1."""
        from desktop.workspace.suggestions.learners import choice_job, save_choice
        from desktop.workspace.suggestions.training import default_training_layer

        workspace = self.bridge.workspace
        job = self.bridge.attempt(choice_job, workspace, default_training_layer(workspace))
        if job is None:
            return

        def trained(choice) -> None:
            self.bridge.attempt(save_choice, workspace, job, choice)
            n = number(len(job.training.documents))
            message = tr("Model trained on {n} documents. {learner}", n=n, learner=learner_text(choice.as_dict()))
            self.show_status(message, 8000)

        run_with_progress(
            self._dialog_parent,
            tr("Training…"),
            job.run,
            trained,
            self._failed,
        )

    def propagate_from(self, span: Span) -> None:
        """After a label: suggest the same string elsewhere in its document, if still shown
        (in a worker thread; the suggestions come a moment later)."""
        if "propagation" in self.muted:
            return  # a muted source's suggestions are not shown: don't make them either
        if self.propagate and span.document_id == self.editor.document_id and span.id in self.editor.spans:
            self.propagation.request(span)

    def _failed(self, exc: Exception) -> None:
        self.show_status(str(exc), 10000)
