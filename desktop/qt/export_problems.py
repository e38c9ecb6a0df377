"""What the export dialog says about a span that does not fit a format, worded in
the window's language from the problem's data (kind, offsets, labels, action).

The CLI prints `ExportProblem.describe()`, in English; the window builds its own
line here so a Persian list has no English in it. The document name, the span's
text, labels and the annotator are the analyst's data: shown literally, isolated.
"""

from __future__ import annotations

from desktop.i18n import isolate, number, tr
from desktop.workspace.export.report import ExportProblem


def _range(start: int, end: int) -> str:
    return tr("[{start}, {end})", start=number(start), end=number(end))


def _reason(problem: ExportProblem) -> str:
    p = problem.problem
    if p.kind == "overlap" and p.other is not None:
        return tr("overlaps {label} {range}", label=isolate(p.other.label), range=_range(p.other.start, p.other.end))
    if p.kind == "no_tokens":
        return tr("covers no token")
    return tr("does not start and end on token boundaries")


def _action(problem: ExportProblem) -> str:
    p = problem.problem
    moved = _range(p.new_start, p.new_end) if p.new_start is not None and p.new_end is not None else ""
    if p.action == "expanded":
        return tr("expanded to {range}", range=moved)
    if p.action == "contracted":
        return tr("contracted to {range}", range=moved)
    if p.action == "ents_missing":
        return tr("kept in the span group; its words are unknown in the entities")
    if p.action == "skipped":
        return tr("skipped")
    return tr("waiting for your choice")


def problem_line(problem: ExportProblem) -> str:
    """One line of the dialog's problem list."""
    span = problem.problem.span
    return tr(
        "Document {id} {document} {range} {label} «{words}»{annotator}: {reason}: {action}",
        id=number(problem.document_id),
        document=isolate(problem.document_name),
        range=_range(span.start, span.end),
        label=isolate(span.label),
        words=isolate(problem.text),  # `text` is tr()'s own argument
        annotator=f" ({isolate(span.annotator)})" if span.annotator else "",
        reason=_reason(problem),
        action=_action(problem),
    )
