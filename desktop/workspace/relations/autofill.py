"""Normalised values filled in as a span gets its label ("filled automatically and editable").

When a span is made with a label that has value fields (the news scheme's
`figure.value` and `date.iso`), or is relabelled to one, the values its words
say (desktop.text.values) are stored in the same step (`with_values`, which the
workspace runs over every step): undo takes the span and its values together.
A field that already has a value is never overwritten: the user's or the
import's value wins; relabelling to a label without the field drops the value
first (cascade.py), so the new label's fields are read afresh.
The same reading serves the span details' "read the values" button and imports
of spans that carry no attributes.
"""

from __future__ import annotations

from collections.abc import Mapping

from desktop.core.attributes import AttributeField, AttributeKind, AttributeValue
from desktop.core.ids import stored_id
from desktop.core.relation_ops import DraftValue, SetAttribute
from desktop.core.undo import CreateSpan, Op, UpdateSpan
from desktop.storage.contract import ProjectStore


def read_value(field: AttributeField, text: str) -> dict | None:
    """The value a value field takes from a span's words (None: they say none, or not a value field).
    A date field (named `iso` or `date`, or on the label `date`) reads a date, any other an amount."""
    if field.kind is not AttributeKind.VALUE:
        return None
    from desktop.text.values import parse_amount, parse_date  # (a value read: not when a project opens)

    parsed = parse_date(text) if field.label == "date" or field.name in ("iso", "date") else parse_amount(text)
    return None if parsed is None else parsed.to_json()


def with_values(repo: ProjectStore, ops: list[Op]) -> list[Op]:
    """`ops` with, after each span made or relabelled, the ops storing the values its words say."""
    if not any(isinstance(op, CreateSpan | UpdateSpan) for op in ops):
        return ops
    filler = ValueFiller(repo)
    result: list[Op] = []
    for op in ops:
        result.append(op)
        result += filler.ops_after(op)
    return result


class ValueFiller:
    """The values to store with spans given labels, over one store (fields and texts cached
    for one action: labelling all occurrences reads the scheme and the text once)."""

    def __init__(self, repo: ProjectStore) -> None:
        self.repo = repo
        self._fields: dict[str, list[AttributeField]] = {}
        self._texts: dict[int, str] = {}

    def ops_after(self, op: Op) -> list[Op]:
        """The value ops for a span about to be created (drafts: its id comes as it is written)
        or relabelled (the new label's value fields it has no value in)."""
        match op:
            case CreateSpan(span):
                found = self.values_for(span.document_id, span.start, span.end, span.label, {})
                key = (span.start, span.end, span.label)
                return [DraftValue(span.document_id, span.annotator_id, key, n, v) for n, v in found.items()]
            case UpdateSpan(before, after) if before.label != after.label and self.value_fields(after.label):
                span_id = stored_id(before)
                have = self.repo.span_attributes([span_id]).get(span_id, {})
                found = self.values_for(after.document_id, after.start, after.end, after.label, have)
                return [SetAttribute(after.document_id, span_id, n, None, v) for n, v in found.items()]
        return []

    def values_for(
        self, document_id: int, start: int, end: int, label: str, have: Mapping[str, AttributeValue]
    ) -> dict[str, dict]:
        """By field name, the values the words [start, end) give the label's empty value fields."""
        fields = [f for f in self.value_fields(label) if f.name not in have]
        if not fields:
            return {}
        words = self._text(document_id)[start:end]
        found = {field.name: read_value(field, words) for field in fields}
        return {name: value for name, value in found.items() if value is not None}

    def value_fields(self, label: str) -> list[AttributeField]:
        if label not in self._fields:
            found = self.repo.attribute_fields(label)
            self._fields[label] = [f for f in found if f.kind is AttributeKind.VALUE]
        return self._fields[label]

    def know_text(self, document_id: int, text: str) -> None:
        """The document's stored text, when the caller has it already (an import's record)."""
        self._texts[document_id] = text

    def _text(self, document_id: int) -> str:
        if document_id not in self._texts:
            self._texts[document_id] = self.repo.document_text(document_id)
        return self._texts[document_id]
