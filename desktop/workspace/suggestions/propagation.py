"""Propagation in one shown document, spread over threads like a run (`suggestions/run.py`).

After a label, the window proposes the labelled words wherever else they occur in the same
document. It already holds what the step reads (the text, the layer's spans, the document's
suggestions), so `propagation_plan` builds the plan from those in memory; `RunPlan.compute`
runs the folded search off the GUI thread; `store_propagation` stores the outcome. Given the
same rows, the ops are those `Suggestions.propagate_span` computes from the database.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from desktop.core.model import Span
from desktop.core.suggestion import Suggestion
from desktop.core.undo import Op
from desktop.suggest.suggesters import OnePhraseSuggester
from desktop.workspace.suggestions.run import RunPlan, RunReport, TextDocument, apply_run

if TYPE_CHECKING:
    from desktop.workspace.session import Workspace

SOURCE = "propagation"


def propagation_plan(
    span: Span,
    text: str,
    *,
    annotator_id: int,
    spans: Iterable[Span],
    suggestions: Iterable[Suggestion],
    labels: Iterable[str],
) -> RunPlan:
    """The plan proposing `span`'s words with its label elsewhere in `text` (its document's),
    given the layer's `spans` and the document's `suggestions` (any state) as stored."""
    label = span.label
    doc = TextDocument(
        span.document_id,
        "",
        text,
        tuple(s for s in suggestions if s.label == label),
        tuple((s.start, s.end, s.label) for s in spans if s.label == label),
    )
    # No sources: other suggestions stay as they are; only this label's can be touched.
    suggester = OnePhraseSuggester(phrase(span, text), label)
    return RunPlan(annotator_id, [], [suggester], [doc], frozenset(labels))


def phrase(span: Span, text: str) -> str:
    return text[span.start : span.end]


def store_propagation(workspace: Workspace, words: str, ops: list[Op], report: RunReport) -> RunReport:
    """Store a computed propagation, off the undo stack: Ctrl+Z right after labelling must
    undo the label."""
    report.sources = [SOURCE]
    return apply_run(workspace, ops, report, f"Suggest «{words}» elsewhere", undoable=False)
