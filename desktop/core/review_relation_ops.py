"""Undo ops of review above spans: gold relations with provenance, relation rejections,
and the drafts a step writes onto gold spans it creates itself.

A decision that accepts a span and, in the same step, its attributes or a
relation ending on it cannot know the new gold span's id when it is built. It
names that span by its (start, end, label) in a *draft* op instead; the
workspace resolves the draft against the gold layer when it applies it and
keeps the concrete op (`SetAttribute`, `LinkEntity`, `CreateGoldRelation`) in
the undo step, so undo and redo never see a draft.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.attributes import AttributeValue
from desktop.core.relations import Relation
from desktop.core.review import Key
from desktop.core.review_relations import RelationProvenance, RelationRejection


@dataclass(frozen=True, slots=True)
class CreateGoldRelation:
    """A review decision put a relation into the gold layer."""

    relation: Relation  # as stored, with its id
    provenance: RelationProvenance | None


@dataclass(frozen=True, slots=True)
class DeleteGoldRelation:
    relation: Relation
    provenance: RelationProvenance | None


@dataclass(frozen=True, slots=True)
class CreateRelationRejection:
    rejection: RelationRejection  # as stored, with its id


@dataclass(frozen=True, slots=True)
class DeleteRelationRejection:
    rejection: RelationRejection


@dataclass(frozen=True, slots=True)
class DraftGoldRelation:
    """A gold relation between the gold spans with these keys (found when applied)."""

    document_id: int
    head: Key
    tail: Key
    type: str
    directed: bool
    provenance: RelationProvenance


@dataclass(frozen=True, slots=True)
class DraftGoldDetail:
    """An attribute value (`name`) or entity link (`name` None: `value` is the entity id)
    for the gold span with this key, which has none yet."""

    document_id: int
    key: Key
    name: str | None
    value: AttributeValue


ReviewRelationOp = (
    CreateGoldRelation
    | DeleteGoldRelation
    | CreateRelationRejection
    | DeleteRelationRejection
    | DraftGoldRelation
    | DraftGoldDetail
)
REVIEW_RELATION_OPS = (CreateGoldRelation, DeleteGoldRelation, CreateRelationRejection, DeleteRelationRejection)
DRAFT_OPS = (DraftGoldRelation, DraftGoldDetail)


def invert_review_relation_op(op: ReviewRelationOp) -> ReviewRelationOp:
    match op:
        case CreateGoldRelation(relation, provenance):
            return DeleteGoldRelation(relation, provenance)
        case DeleteGoldRelation(relation, provenance):
            return CreateGoldRelation(relation, provenance)
        case CreateRelationRejection(rejection):
            return DeleteRelationRejection(rejection)
        case DeleteRelationRejection(rejection):
            return CreateRelationRejection(rejection)
    raise TypeError(f"a draft is resolved when applied and never inverted: {op!r}")


def review_relation_op_documents(op: ReviewRelationOp) -> set[int]:
    match op:
        case CreateGoldRelation(relation) | DeleteGoldRelation(relation):
            return {relation.document_id}
        case CreateRelationRejection(rejection) | DeleteRelationRejection(rejection):
            return {rejection.document_id}
        case DraftGoldRelation(document_id=doc) | DraftGoldDetail(document_id=doc):
            return {doc}
    return set()
