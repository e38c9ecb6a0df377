"""Span attributes: set, change or clear one field of a span, one undoable step each.

The field comes from the span's label in the scheme; the value is checked by
kind (desktop.core.attributes), an entity reference must name an entity of
the registry, a normalised value must be one desktop.text.values reads back,
and only the current annotator's spans are edited. `fill_values` reads the
normalised values of a figure or date span from its text (autofill.py reads them,
and fills them in as a span gets its label).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.core.attributes import AttributeField, AttributeKind, AttributeValue, check_attribute
from desktop.core.errors import ConflictError, InputError, NotFound
from desktop.core.ids import stored_id
from desktop.core.model import Span
from desktop.core.relation_ops import SetAttribute
from desktop.core.undo import Op
from desktop.workspace.changes import Changes
from desktop.workspace.relations.autofill import read_value

if TYPE_CHECKING:
    from desktop.workspace.session import Workspace


class SpanAttributes:
    """Typed attributes of the workspace annotator's spans."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.repo = workspace.repo

    def fields(self, label: str | None = None) -> list[AttributeField]:
        return self.repo.attribute_fields(label)

    def values(self, span_id: int) -> dict[str, AttributeValue]:
        return self.repo.span_attributes([span_id]).get(span_id, {})

    def set(self, span_id: int, name: str, value: object) -> Changes:
        """Give a span's attribute a value (None clears it); InputError if it does not fit."""
        span = self._mine(span_id)
        field = self._field(span, name)
        op = self._op(span, field, value)
        if op is None:
            return Changes()
        verb = "Clear" if op.after is None else "Set"
        return self.workspace.apply_ops(f"{verb} {field.path}", [op])

    def fill_values(self, span_id: int, *, overwrite: bool = False) -> Changes:
        """Fill the span's value fields from its text: a date field (named `iso` or `date`, or on
        the label `date`) with the date it says, any other with the amount. One undoable step;
        fields already set are kept unless `overwrite`."""
        span = self._mine(span_id)
        text = self.repo.document_text(span.document_id)[span.start : span.end]
        have = self.values(span_id)
        ops: list[Op] = []
        for field in self.fields(span.label):
            if field.kind is not AttributeKind.VALUE or (field.name in have and not overwrite):
                continue
            value = read_value(field, text)
            op = None if value is None else self._op(span, field, value)
            if op is not None:
                ops.append(op)
        return self.workspace.apply_ops("Fill values", ops) if ops else Changes()

    def _op(self, span: Span, field: AttributeField, value: object) -> SetAttribute | None:
        """The op that gives `field` this value (None clears it); None when nothing changes."""
        checked = None if value is None else check_attribute(field, value)
        if field.kind is AttributeKind.ENTITY and isinstance(checked, int):
            self.repo.entity(checked)  # NotFound names it
        if field.kind is AttributeKind.VALUE and checked is not None:
            from desktop.text.values import value_from_json  # (a value set: not when a project opens)

            try:
                checked = value_from_json(checked).to_json()
            except ValueError as exc:
                raise InputError("attribute.invalid", field=field.path, detail=str(exc)) from None
        span_id = stored_id(span)
        before = self.values(span_id).get(field.name)
        return None if before == checked else SetAttribute(span.document_id, span_id, field.name, before, checked)

    def clear(self, span_id: int, name: str) -> Changes:
        return self.set(span_id, name, None)

    def _field(self, span: Span, name: str) -> AttributeField:
        for field in self.fields(span.label):
            if field.name == name:
                return field
        raise NotFound(f"label {span.label!r} has no attribute {name!r}")

    def _mine(self, span_id: int) -> Span:
        span = self.repo.span(span_id)
        if span.annotator_id != self.workspace.annotator.id:
            raise ConflictError(f"span #{span_id} is in another annotator's layer")
        return span
