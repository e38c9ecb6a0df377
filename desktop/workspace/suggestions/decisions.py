"""Suggestion use cases for the window and the CLI: read, decide, run.

`Suggestions` works over a `Workspace`: its annotator's layer is the one
suggestions are for, and every decision or run is one undoable step on the
workspace's stack that returns (and announces) `Changes` with
`suggestions_changed`. Accepting creates a normal span with origin
`suggested` in the same step; undoing it removes the span and puts the
suggestion back to pending.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from typing import TYPE_CHECKING

from desktop.core.errors import ConflictError, NotFound
from desktop.core.model import Origin, Span, check_span_range
from desktop.core.suggestion import Suggestion, SuggestionState
from desktop.core.undo import CreateSpan, Op, SetSuggestionState
from desktop.workspace.changes import Changes
from desktop.workspace.suggestions.trust import SourceRecord, mute_weak, muted_sources, set_muted, source_records

if TYPE_CHECKING:
    from desktop.workspace.session import Workspace
    from desktop.workspace.suggestions.run import Progress, RunReport

# The suggesters, runs and sources are imported where they are used: the window reads and decides
# suggestions from the start, but runs them only when asked (start-up, docs/performance.md).

PENDING, ACCEPTED, REJECTED = (SuggestionState.PENDING, SuggestionState.ACCEPTED, SuggestionState.REJECTED)


class Suggestions:
    """The suggestions of the workspace annotator's layer."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.repo = workspace.repo
        self._lengths: dict[int, int] = {}  # documents never change length

    # --- reading ------------------------------------------------------------------------

    def suggestions(
        self,
        document_id: int,
        *,
        states: Iterable[str] = (PENDING,),
        labels: Iterable[str] | None = None,
        sources: Iterable[str] | None = None,
        drawn: Collection[tuple[int, int, str]] | None = None,
        with_muted: bool = False,
    ) -> list[Suggestion]:
        """A document's suggestions in text order (pending ones by default), leaving out
        any the layer has meanwhile drawn itself. `drawn`: the (start, end, label) keys the
        caller knows the layer draws (the window keeps them in memory; `()` keeps every one)
        instead of reading the layer. Pending ones of muted sources are left out unless
        `with_muted` (the window keeps them, hidden: a propagation must plan around their keys)."""
        found = self.repo.find_suggestions(
            self._me, document_ids=[document_id], states=list(states), labels=labels, sources=sources
        )
        if not found:
            return []  # the common case: no need to read the layer
        if not with_muted and (muted := muted_sources(self.repo)):
            found = [s for s in found if s.state != PENDING or s.source not in muted]
        if drawn is None:
            drawn = {(s.start, s.end, s.label) for s in self.workspace.spans(document_id)}
        return [s for s in found if s.state != PENDING or s.key[1:] not in drawn]

    def suggestion(self, suggestion_id: int) -> Suggestion:
        found = self.repo.suggestion(suggestion_id)
        if found.annotator_id != self._me:
            raise NotFound(f"suggestion #{suggestion_id} belongs to another annotator's layer")
        return found

    def counts(self) -> dict[str, dict[str, int]]:
        """{state: {label: count}} for the whole layer."""
        return {state: dict(c) for state, c in self.repo.suggestion_counts(self._me).items()}

    def sources(self) -> list[str]:
        """Every source a run can use now (the window's checkboxes)."""
        from desktop.workspace.suggestions.sources import available_sources

        return available_sources(self.repo)

    def source_records(self) -> list[SourceRecord]:
        """Per source, how this layer decided its suggestions (and whether it is muted or weak)."""
        return source_records(self.repo, self._me, self.sources())

    def source_record(self, source: str) -> SourceRecord | None:
        """One source's record (None: the layer has no suggestion of it)."""
        return next((r for r in source_records(self.repo, self._me) if r.source == source), None)

    def muted(self) -> frozenset[str]:
        return muted_sources(self.repo)

    def set_muted(self, sources: Iterable[str], muted: bool = True) -> Changes:
        """Mute (or unmute) sources for the project: their pending suggestions are hidden."""
        return set_muted(self.workspace, sources, muted)

    def mute_weak(self) -> Changes:
        return mute_weak(self.workspace)

    # --- deciding -----------------------------------------------------------------------

    def accept_suggestion(self, suggestion_id: int) -> Changes:
        item = self._pending(suggestion_id)
        return self.workspace.apply_ops(f"Accept {item.label}", self._accept_ops([item]))

    def reject_suggestion(self, suggestion_id: int) -> Changes:
        item = self._pending(suggestion_id)
        return self.workspace.apply_ops(f"Reject {item.label}", [SetSuggestionState(item, PENDING, REJECTED)])

    def accept_suggestions(self, ids: Iterable[int] | None = None, **where) -> Changes:
        """Accept pending suggestions by id, or by filter: document_ids, labels,
        sources, min_score (all combined)."""
        items = self._select(ids, PENDING, **where)
        if not items:
            return Changes()
        return self.workspace.apply_ops(f"Accept {len(items)} suggestions", self._accept_ops(items))

    def reject_suggestions(self, ids: Iterable[int] | None = None, **where) -> Changes:
        items = self._select(ids, PENDING, **where)
        ops: list[Op] = [SetSuggestionState(s, PENDING, REJECTED) for s in items]
        return self.workspace.apply_ops(f"Reject {len(ops)} suggestions", ops) if ops else Changes()

    def reopen_suggestions(self, ids: Iterable[int] | None = None, **where) -> Changes:
        """Make rejected suggestions pending again (a change of mind, not an undo)."""
        items = self._select(ids, REJECTED, **where)
        ops: list[Op] = [SetSuggestionState(s, REJECTED, PENDING) for s in items]
        return self.workspace.apply_ops(f"Reopen {len(ops)} suggestions", ops) if ops else Changes()

    # --- running ------------------------------------------------------------------------

    def run_suggesters(
        self,
        document_ids: Iterable[int] | None = None,
        sources: Iterable[str] | None = None,
        progress: Progress | None = None,
        cancel: Callable[[], bool] | None = None,
    ) -> RunReport:
        """Run suggesters (all by default) over documents (all by default), as one step."""
        from desktop.workspace.suggestions.run import apply_run, plan_run

        plan = plan_run(self.workspace, document_ids, sources)
        ops, report = plan.compute(progress, cancel)
        return apply_run(self.workspace, ops, report)

    def propagate_span(self, span_id: int, document_ids: Iterable[int] | None = None) -> RunReport:
        """After labelling: suggest the span's text with its label wherever else it occurs
        (in `document_ids`, or the whole project)."""
        from desktop.suggest.suggesters import OnePhraseSuggester
        from desktop.workspace.suggestions.run import apply_run, plan_run

        span = self.repo.span(span_id)
        text = self.repo.document_text(span.document_id)[span.start : span.end]
        suggester = OnePhraseSuggester(text, span.label)
        ids = [doc for doc, _, body in self.repo.document_texts(document_ids) if suggester.suggest(body)]
        # No sources: other suggestions stay as they are; only this label's can be touched.
        plan = plan_run(self.workspace, ids, [], labels=[span.label])
        plan.suggesters = [suggester]
        ops, report = plan.compute()
        report.sources = ["propagation"]
        # Off the undo stack: Ctrl+Z right after labelling must undo the label.
        return apply_run(self.workspace, ops, report, f"Suggest «{text}» elsewhere", undoable=False)

    def rule_labels(self) -> dict[str, str | None]:
        """Which label each rule kind (money, percent, quantity, date) suggests."""
        from desktop.workspace.suggestions.sources import rule_labels

        return rule_labels(self.repo)

    def set_rule_labels(self, mapping: dict[str, str | None]) -> None:
        from desktop.workspace.suggestions.sources import RULE_LABELS_SETTING

        for label in filter(None, mapping.values()):
            if not self.repo.has_label(label):
                raise NotFound(f"no label {label!r} in this project")
        with self.repo.action(self.workspace.annotator.name):
            self.repo.set_setting(RULE_LABELS_SETTING, {**self.rule_labels(), **mapping})

    # --- helpers ------------------------------------------------------------------------

    def _length(self, document_id: int) -> int:
        if document_id not in self._lengths:
            self._lengths[document_id] = self.repo.document_length(document_id)
        return self._lengths[document_id]

    @property
    def _me(self) -> int:
        return self.workspace.annotator.id

    def _pending(self, suggestion_id: int) -> Suggestion:
        item = self.suggestion(suggestion_id)
        if item.state != PENDING:
            raise ConflictError(f"suggestion #{suggestion_id} is already {item.state}")
        return item

    def _select(
        self,
        ids: Iterable[int] | None,
        state: str,
        *,
        document_ids=None,
        labels=None,
        sources=None,
        min_score: float = 0.0,
    ) -> list[Suggestion]:
        found = self.repo.find_suggestions(
            self._me,
            ids=None if ids is None else list(ids),
            document_ids=document_ids,
            labels=labels,
            sources=sources,
            states=[state],
        )
        muted = muted_sources(self.repo) if state == PENDING else frozenset()
        return [s for s in found if s.score >= min_score and s.source not in muted]

    def _accept_ops(self, items: list[Suggestion]) -> list[Op]:
        """Per suggestion: the span (unless the layer has it already) and the decision."""
        ops: list[Op] = []
        drawn: dict[int, set] = {}
        for item in items:
            if not self.repo.has_label(item.label):
                raise NotFound(f"no label {item.label!r} in this project")
            if item.document_id not in drawn:
                drawn[item.document_id] = {(s.start, s.end, s.label) for s in self.workspace.spans(item.document_id)}
            check_span_range(item.start, item.end, self._length(item.document_id))
            if item.key[1:] not in drawn[item.document_id]:
                ops.append(
                    CreateSpan(Span(item.document_id, item.start, item.end, item.label, self._me, Origin.SUGGESTED))
                )
                drawn[item.document_id].add(item.key[1:])
            ops.append(SetSuggestionState(item, PENDING, ACCEPTED))
        return ops
