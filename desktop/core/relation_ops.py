"""Undo ops of the layer above spans: relations, span attributes, entity links and entities.

Like the span ops in `desktop.core.undo`, each is data that knows its inverse;
the workspace writes them through to storage. Retyping or reversing a relation
is an `UpdateRelation`; deleting a span takes its relations, attributes and
entity link along as ops of the same step, so undo brings them back.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.attributes import AttributeField, AttributeValue
from desktop.core.relations import Entity, Relation, RelationType


@dataclass(frozen=True, slots=True)
class CreateRelation:
    relation: Relation  # as stored, with its id


@dataclass(frozen=True, slots=True)
class DeleteRelation:
    relation: Relation  # as it was, with its id


@dataclass(frozen=True, slots=True)
class UpdateRelation:
    """Retype or reverse (or re-end) a relation."""

    before: Relation
    after: Relation


@dataclass(frozen=True, slots=True)
class SetAttribute:
    """Set, change (before and after given) or remove (after None) one attribute of a span."""

    document_id: int
    span_id: int
    name: str
    before: AttributeValue | None
    after: AttributeValue | None


@dataclass(frozen=True, slots=True)
class LinkEntity:
    """Link a span to an entity, relink it, or unlink it (after None)."""

    document_id: int
    span_id: int
    before: int | None
    after: int | None


@dataclass(frozen=True, slots=True)
class SaveEntity:
    """Create (before None), delete (after None) or change an entity of the registry."""

    before: Entity | None
    after: Entity | None


@dataclass(frozen=True, slots=True)
class SaveRelationType:
    """Add (before None), delete (after None) or change a relation type of the scheme."""

    before: RelationType | None
    after: RelationType | None


@dataclass(frozen=True, slots=True)
class SaveAttributeField:
    """Add (before None), delete (after None) or change an attribute field of the scheme."""

    before: AttributeField | None
    after: AttributeField | None


@dataclass(frozen=True, slots=True)
class DraftValue:
    """A value for a span made earlier in the same step, whose id is not known until it is
    written: the span is found by layer and (start, end, label) then, and the step keeps
    the `SetAttribute` it became (so undo and redo never see a draft)."""

    document_id: int
    annotator_id: int
    key: tuple[int, int, str]
    name: str
    value: AttributeValue


RelationOp = (
    CreateRelation
    | DeleteRelation
    | UpdateRelation
    | SetAttribute
    | DraftValue
    | LinkEntity
    | SaveEntity
    | SaveRelationType
    | SaveAttributeField
)
RELATION_OPS = (
    CreateRelation,
    DeleteRelation,
    UpdateRelation,
    SetAttribute,
    DraftValue,
    LinkEntity,
    SaveEntity,
    SaveRelationType,
    SaveAttributeField,
)


def invert_relation_op(op: RelationOp) -> RelationOp:
    match op:
        case CreateRelation(relation):
            return DeleteRelation(relation)
        case DeleteRelation(relation):
            return CreateRelation(relation)
        case UpdateRelation(before, after):
            return UpdateRelation(after, before)
        case SetAttribute(doc, span_id, name, before, after):
            return SetAttribute(doc, span_id, name, after, before)
        case LinkEntity(doc, span_id, before, after):
            return LinkEntity(doc, span_id, after, before)
        case SaveEntity(before, after):
            return SaveEntity(after, before)
        case SaveRelationType(before, after):
            return SaveRelationType(after, before)
        case SaveAttributeField(before, after):
            return SaveAttributeField(after, before)
    raise TypeError(f"not a relation op: {op!r}")


def relation_op_documents(op: RelationOp) -> set[int]:
    """The documents an op touches (none for the entity registry and the scheme)."""
    match op:
        case CreateRelation(relation) | DeleteRelation(relation) | UpdateRelation(after=relation):
            return {relation.document_id}
        case SetAttribute(document_id=doc) | LinkEntity(document_id=doc) | DraftValue(document_id=doc):
            return {doc}
    return set()
