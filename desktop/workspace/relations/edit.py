"""Relations between spans: add, delete, retype and reverse, one undoable step each.

Both ends must be spans of the current annotator's layer in one document (a
relation may cross sentences); the type must exist and allow the two spans'
labels. A symmetric type stores the smaller span id as head, so «A —x— B» and
«B —x— A» are one relation.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from typing import TYPE_CHECKING

from desktop.core.errors import ConflictError, InputError, NotFound
from desktop.core.model import Origin, Span
from desktop.core.reasons import plain
from desktop.core.relation_ops import CreateRelation, DeleteRelation, UpdateRelation
from desktop.core.relations import Relation, RelationType, check_relation
from desktop.workspace.changes import Changes

if TYPE_CHECKING:
    from desktop.workspace.session import Workspace


class Relations:
    """The relations of the workspace's annotator, edited as use cases."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.repo = workspace.repo

    def types(self) -> list[RelationType]:
        return self.repo.relation_types()

    def of_document(self, document_id: int, *, all_layers: bool = False) -> list[Relation]:
        layer = None if all_layers else self.workspace.annotator.id
        return self.repo.relations(document_id, layer)

    def get(self, relation_id: int) -> Relation:
        """One relation by id, in any layer (NotFound when there is none)."""
        return self.repo.relation(relation_id)

    def counts(self, document_id: int | None = None) -> Counter[str]:
        """Relations per type: of one document in this layer, or of the whole project."""
        if document_id is None:
            return Counter(self.repo.relation_counts())
        return Counter(r.type for r in self.of_document(document_id))

    def add(self, head: int, tail: int, type_key: str, *, note: str = "", origin: Origin = Origin.MANUAL) -> Changes:
        """Relate span `head` to span `tail`; the new relation's id is in `relations_added`."""
        head_span, tail_span = self._end(head), self._end(tail)
        if head_span.document_id != tail_span.document_id:
            raise InputError("relation.two_documents")
        try:
            draft = Relation(head_span.document_id, head_span.annotator_id, head, tail, type_key, origin, note)
        except ValueError as exc:
            raise InputError(plain(str(exc))) from None
        relation = self._checked(draft, head_span, tail_span)
        self._refuse_duplicate(relation)
        return self.workspace.apply_ops(f"Add relation {type_key}", [CreateRelation(relation)])

    def delete(self, relation_id: int) -> Changes:
        relation = self._mine(relation_id)
        return self.workspace.apply_ops(f"Delete relation {relation.type}", [DeleteRelation(relation)])

    def retype(self, relation_id: int, type_key: str) -> Changes:
        before = self._mine(relation_id)
        if before.type == type_key:
            return Changes()
        after = self._checked(dataclasses.replace(before, type=type_key), *self._ends(before))
        self._refuse_duplicate(after)
        return self.workspace.apply_ops(f"Retype relation to {type_key}", [UpdateRelation(before, after)])

    def reverse(self, relation_id: int) -> Changes:
        """Swap head and tail (nothing to do for a symmetric type)."""
        before = self._mine(relation_id)
        if not self._type(before.type).directed:
            return Changes()
        head_span, tail_span = self._ends(before)
        after = self._checked(before.reversed(), tail_span, head_span)
        self._refuse_duplicate(after)
        return self.workspace.apply_ops(f"Reverse relation {before.type}", [UpdateRelation(before, after)])

    # --- checks -----------------------------------------------------------------------

    def _type(self, key: str) -> RelationType:
        try:
            return self.repo.relation_type(key)
        except NotFound:
            raise NotFound(f"no relation type {key!r} in this project") from None

    def _checked(self, relation: Relation, head: Span, tail: Span) -> Relation:
        return check_relation(self._type(relation.type), relation, head.label, tail.label)

    def _end(self, span_id: int) -> Span:
        span = self.repo.span(span_id)
        if span.annotator_id != self.workspace.annotator.id:
            raise ConflictError(f"span #{span_id} is in another annotator's layer")
        return span

    def _ends(self, relation: Relation) -> tuple[Span, Span]:
        return self._end(relation.head), self._end(relation.tail)

    def _mine(self, relation_id: int) -> Relation:
        relation = self.repo.relation(relation_id)
        if relation.annotator_id != self.workspace.annotator.id:
            raise ConflictError(f"relation #{relation_id} is in another annotator's layer")
        return relation

    def _refuse_duplicate(self, relation: Relation) -> None:
        for other in self.repo.relations_of_spans([relation.head]):
            if other.id != relation.id and other.same_fact(relation):
                raise ConflictError(f"these spans already have a {relation.type} relation")
