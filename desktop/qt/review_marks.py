"""What review mode draws: candidates coloured by disagreement class, gold spans
in their label's colour, decided candidates pale."""

from __future__ import annotations

from desktop.core.ids import stored_id
from desktop.core.model import Label, Span
from desktop.core.review import Candidate, Decision, Unit, UnitKind
from desktop.i18n import N_, language, tr
from desktop.qt.document_view import SpanMark

KIND_COLORS = {
    UnitKind.AGREED: "#2e9e5b",
    UnitKind.LABEL: "#e67e22",
    UnitKind.BOUNDARY: "#8e44ad",
    UnitKind.LABEL_BOUNDARY: "#c0392b",
    UnitKind.PARTIAL: "#7f8c8d",
}
KIND_TEXT = {
    UnitKind.AGREED: N_("all agree"),
    UnitKind.LABEL: N_("label differs"),
    UnitKind.BOUNDARY: N_("boundary differs"),
    UnitKind.LABEL_BOUNDARY: N_("label and boundary differ"),
    UnitKind.PARTIAL: N_("only some have it"),
}
DECISION_TEXT = {Decision.PENDING: N_("pending"), Decision.ACCEPTED: N_("accepted"), Decision.REJECTED: N_("rejected")}


def label_name(labels: dict[str, Label], key: str) -> str:
    label = labels.get(key)
    if label is None:
        return key
    return label.name_fa if language() == "fa" else label.name_en


def candidate_mark_id(candidate: Candidate) -> int:
    """Negative ids keep candidates apart from gold spans (positive span ids)."""
    return -stored_id(candidate.spans[0])


def candidate_mark(unit: Unit, candidate: Candidate, labels: dict[str, Label]) -> SpanMark:
    layers = ", ".join(candidate.layers)
    caption = f"{label_name(labels, candidate.label)} · {layers}"
    style = "solid" if candidate.decision is Decision.PENDING else "suggested"
    return SpanMark(
        candidate_mark_id(candidate), candidate.start, candidate.end, KIND_COLORS[unit.kind], caption, style
    )


def gold_mark(span: Span, labels: dict[str, Label]) -> SpanMark:
    label = labels.get(span.label)
    color = label.color if label else "#888888"
    return SpanMark(stored_id(span), span.start, span.end, color, f"★ {label_name(labels, span.label)}")


def review_marks(units: list[Unit], gold: list[Span], labels: dict[str, Label]) -> list[SpanMark]:
    """Every gold span, and every candidate not already identical to a gold span."""
    held = {(s.start, s.end, s.label) for s in gold}
    marks = [gold_mark(span, labels) for span in gold]
    for unit in units:
        for candidate in unit.candidates:
            if candidate.key not in held:
                marks.append(candidate_mark(unit, candidate, labels))
    return marks


def describe_unit(unit: Unit, labels: dict[str, Label]) -> str:
    parts = [
        f"{label_name(labels, c.label)} ({', '.join(c.layers)}): {tr(DECISION_TEXT[c.decision])}"
        for c in unit.candidates
    ]
    if unit.missing:
        parts.append(tr("missing in {layers}", layers=", ".join(unit.missing)))
    return " | ".join(parts)
