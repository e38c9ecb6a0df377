"""Running suggesters over documents, in three phases a window can spread
over threads: `plan_run` reads the project (UI thread), `RunPlan.compute`
runs the suggesters (pure: any thread, with progress and cancellation),
`apply_run` stores the outcome as one undoable step (UI thread).

What a run stores, per document and layer:

* a candidate whose key `(start, end, label)` the layer has already decided
  (accepted or rejected) is dropped: decisions are never resurrected;
* a candidate equal to a span of the layer, or overlapping one with the
  same label, is dropped: the annotator already said so;
* a new key becomes a pending suggestion; a pending one proposed again with
  another source or score is replaced; pending suggestions of the sources
  that ran which were not proposed again are removed (a gazetteer entry
  was deleted, the model was retrained).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import accumulate
from typing import TYPE_CHECKING

from desktop.core.errors import BarchasbError
from desktop.core.progress import Progress
from desktop.core.suggestion import Suggestion, SuggestionState
from desktop.core.undo import AddSuggestions, Op, RemoveSuggestions
from desktop.suggest.proposals import Proposal, Suggester, best_per_key
from desktop.workspace.changes import Changes
from desktop.workspace.suggestions.sources import build_suggesters, resolve_sources

if TYPE_CHECKING:
    from desktop.workspace.session import Workspace


class RunCancelled(BarchasbError):
    """The run was stopped; nothing was stored."""


@dataclass
class RunReport:
    sources: list[str]
    documents: int = 0
    found: Counter = field(default_factory=Counter)  # proposals per source
    added: Counter = field(default_factory=Counter)  # new pending suggestions per source
    removed: int = 0  # stale pending suggestions dropped
    decided: int = 0  # skipped: accepted or rejected before
    labelled: int = 0  # skipped: the layer has the span
    changes: Changes = field(default_factory=Changes)

    def as_dict(self) -> dict:
        return {
            "sources": self.sources,
            "documents": self.documents,
            "found": dict(self.found),
            "added": dict(self.added),
            "removed": self.removed,
            "decided": self.decided,
            "labelled": self.labelled,
        }


@dataclass(frozen=True)
class TextDocument:
    """One document as a run sees it: its text, its suggestions (any state) and the layer's span keys."""

    id: int
    name: str
    text: str
    existing: tuple[Suggestion, ...]
    spans: tuple[tuple[int, int, str], ...]


@dataclass
class RunPlan:
    annotator_id: int
    sources: list[str]
    suggesters: list[Suggester]
    documents: list[TextDocument]
    labels: frozenset[str]  # the project's: a model may know labels the project dropped

    def compute(
        self, progress: Progress | None = None, cancel: Callable[[], bool] | None = None
    ) -> tuple[list[Op], RunReport]:
        """The ops storing this run and what they amount to; touches no database."""
        report = RunReport(self.sources, len(self.documents))
        ops: list[Op] = []
        for index, doc in enumerate(self.documents):
            if cancel is not None and cancel():
                raise RunCancelled("the suggesters were stopped; nothing was stored")
            if progress:
                progress(index, len(self.documents), doc.name)
            found = best_per_key(c for s in self.suggesters for c in s.suggest(doc.text))
            report.found.update(c.source for c in found)
            ops += self._document_ops(doc, found, report)
        if progress:
            progress(len(self.documents), len(self.documents), "")
        return ops, report

    def _document_ops(self, doc: TextDocument, found: list[Proposal], report: RunReport) -> list[Op]:
        existing = {s.key[1:]: s for s in doc.existing}
        labelled = LabelledRanges(doc.spans)
        wanted: dict[tuple, Proposal] = {}
        for c in found:
            if c.label not in self.labels:
                continue
            if (old := existing.get(c.key)) and old.state != SuggestionState.PENDING:
                report.decided += 1
            elif labelled.overlaps(c.start, c.end, c.label):
                report.labelled += 1
            else:
                wanted[c.key] = c
        stale = []
        for key, old in existing.items():
            if old.state != SuggestionState.PENDING:
                continue
            if key in wanted:  # proposed again: keep it as it is, or replace it
                if _same(old, wanted[key]):
                    del wanted[key]
                else:
                    stale.append(old)
            elif old.source in self.sources:  # its source ran and no longer proposes it
                stale.append(old)
        new = [self._suggestion(doc.id, c) for c in wanted.values()]
        report.removed += len(stale)
        report.added.update(s.source for s in new)
        ops: list[Op] = [RemoveSuggestions(tuple(stale))] if stale else []
        return ops + ([AddSuggestions(tuple(new))] if new else [])

    def _suggestion(self, document_id: int, c: Proposal) -> Suggestion:
        return Suggestion(
            document_id,
            self.annotator_id,
            c.start,
            c.end,
            c.label,
            c.source,
            min(1.0, max(0.0, c.score)),
            detail=c.detail,
        )


class LabelledRanges:
    """Does the layer have a span of this label overlapping [start, end)? In
    O(log n): per label, spans sorted by start with the running maximum of their
    ends; some span starting before `end` reaches past `start` iff that maximum does."""

    def __init__(self, spans: Iterable[tuple[int, int, str]]) -> None:
        by_label: dict[str, list[tuple[int, int]]] = {}
        for start, end, label in spans:
            by_label.setdefault(label, []).append((start, end))
        self._index: dict[str, tuple[list[int], list[int]]] = {}
        for label, ranges in by_label.items():
            ranges.sort()
            starts = [s for s, _ in ranges]
            reach = list(accumulate((e for _, e in ranges), max))
            self._index[label] = (starts, reach)

    def overlaps(self, start: int, end: int, label: str) -> bool:
        found = self._index.get(label)
        if found is None:
            return False
        starts, reach = found
        before = bisect_left(starts, end)  # spans starting before `end`
        return before > 0 and reach[before - 1] > start


def _same(s: Suggestion, c: Proposal | None) -> bool:
    return c is not None and (s.source, s.score, s.detail) == (c.source, c.score, c.detail)


def plan_run(
    workspace: Workspace,
    document_ids: Iterable[int] | None = None,
    sources: Iterable[str] | None = None,
    labels: Iterable[str] | None = None,
) -> RunPlan:
    """Read what a run needs: texts, the layer's spans and suggestions, the suggesters.
    `labels`: read only these labels' suggestions and spans, for suggesters proposing no
    other (propagation: one label; on a big document most suggestions are of others)."""
    repo, me = workspace.repo, workspace.annotator.id
    chosen = resolve_sources(repo, sources, skip_muted=True)  # muted sources run only when named
    ids = [d.id for d in repo.document_infos()] if document_ids is None else list(document_ids)
    only = None if labels is None else set(labels)
    existing: dict[int, list[Suggestion]] = {i: [] for i in ids}
    for s in repo.find_suggestions(me, document_ids=ids, labels=None if only is None else sorted(only)):
        existing[s.document_id].append(s)
    docs = []
    for doc_id in ids:
        document = repo.document(doc_id)
        spans = tuple((s.start, s.end, s.label) for s in repo.spans(doc_id, me) if only is None or s.label in only)
        docs.append(TextDocument(doc_id, document.name, document.text, tuple(existing[doc_id]), spans))
    return RunPlan(
        me, chosen, build_suggesters(repo, me, chosen), docs, frozenset(label.key for label in repo.labels())
    )


def apply_run(
    workspace: Workspace,
    ops: list[Op],
    report: RunReport,
    description: str = "Run suggesters",
    *,
    undoable: bool = True,
) -> RunReport:
    """Store a computed run as one (undoable) step; fills in `report.changes`."""
    if ops:
        report.changes = workspace.apply_ops(description, ops, undoable=undoable)
    return report
