"""What the Edit menu calls an undo step, in the UI's language.

A step's `description` is English, for the history journal. The menu names
the step from its ops instead: what kind of change, on which label (by its
display name), how many.
"""

from __future__ import annotations

from collections import Counter

from desktop.core.model import Label
from desktop.core.undo import SetStatus, SetSuggestionState, Step, UpdateSpan
from desktop.i18n import N_, language, number, tr

_STATUS = {
    "new": N_("New"),
    "in_progress": N_("In progress"),
    "done": N_("Done"),
    "not_reviewed": N_("Not reviewed"),
    "in_review": N_("In review"),
    "reviewed": N_("Reviewed"),
}

# Op class -> (one, many): what the step does when this is its first op.
_KINDS = {
    "CreateSpan": (N_("Add «{label}»"), N_("Add {n} spans")),
    "DeleteSpan": (N_("Delete «{label}»"), N_("Delete {n} spans")),
    "CreateGold": (N_("Accept «{label}» into gold"), N_("Accept {n} spans into gold")),
    "DeleteGold": (N_("Remove «{label}» from gold"), N_("Remove {n} spans from gold")),
    "CreateRejection": (N_("Reject «{label}»"), N_("Reject {n} spans")),
    "DeleteRejection": (N_("Take back a rejection"), N_("Take back {n} rejections")),
    "AddSuggestions": (N_("Suggest"), N_("Suggest")),
    "RemoveSuggestions": (N_("Remove suggestions"), N_("Remove suggestions")),
    "SaveGazetteer": (N_("Change a gazetteer"), N_("Change gazetteers")),
    "EditGazetteer": (N_("Change a gazetteer"), N_("Change gazetteers")),
    "SaveLabel": (N_("Change the label scheme"), N_("Change the label scheme")),
    "CreateRelation": (N_("Add a relation"), N_("Add {n} relations")),
    "DeleteRelation": (N_("Delete a relation"), N_("Delete {n} relations")),
    "UpdateRelation": (N_("Change a relation"), N_("Change {n} relations")),
    "SetAttribute": (N_("Set an attribute"), N_("Set {n} attributes")),
    "LinkEntity": (N_("Link to an entity"), N_("Change {n} entity links")),
    "SaveEntity": (N_("Change an entity"), N_("Change entities")),
    "SaveRelationType": (N_("Change the label scheme"), N_("Change the label scheme")),
    "SaveAttributeField": (N_("Change the label scheme"), N_("Change the label scheme")),
}
_TAKEN_ALONG = {"DeleteRelation", "SetAttribute", "LinkEntity", "SaveAttributeField"}


def describe_step(step: Step, labels: dict[str, Label]) -> str:
    """'Add «سمت»', 'Relabel «مکان» → «سازمان»', 'Accept 12 suggestions', …"""
    # What a span's deletion or relabel takes along (its relations, attributes) is not what the step is.
    primary = [op for op in step.ops if type(op).__name__ not in _TAKEN_ALONG]
    main = [op for op in primary or step.ops if type(op).__name__ != "SetStatus"] or list(step.ops)
    kinds = Counter(type(op).__name__ for op in main)
    first = main[0]
    kind = type(first).__name__
    if isinstance(first, UpdateSpan):
        return _update(first, labels) if len(main) == 1 else tr("Edit {n} spans", n=number(len(main)))
    if isinstance(first, SetStatus):
        return tr("Mark {status}", status=tr(_STATUS.get(str(first.after), str(first.after))))
    if isinstance(first, SetSuggestionState):
        accepted = str(first.after) == "accepted"
        n = kinds[kind]
        if n == 1:
            text = N_("Accept suggestion «{label}»") if accepted else N_("Reject suggestion «{label}»")
            return tr(text, label=_name(first.suggestion.label, labels))
        text = N_("Accept {n} suggestions") if accepted else N_("Decide {n} suggestions")
        return tr(text, n=number(n))
    one, many = _KINDS.get(kind, (step.description, step.description))
    if kinds[kind] > 1:
        return tr(many, n=number(kinds[kind]))
    span = getattr(first, "span", None) or getattr(first, "rejection", None)
    return tr(one, label=_name(getattr(span, "label", ""), labels))


def _update(op: UpdateSpan, labels: dict[str, Label]) -> str:
    before, after = op.before, op.after
    if before.label != after.label:
        return tr("Relabel «{old}» → «{new}»", old=_name(before.label, labels), new=_name(after.label, labels))
    if before.note != after.note:
        return tr("Note on «{label}»", label=_name(after.label, labels))
    return tr("Resize «{label}»", label=_name(after.label, labels))


def _name(key: str, labels: dict[str, Label]) -> str:
    label = labels.get(key)
    if label is None:
        return key
    return label.name_fa if language() == "fa" else label.name_en
