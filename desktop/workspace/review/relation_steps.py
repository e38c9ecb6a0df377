"""The building blocks of a relation decision in review: where a relation's ends land in
gold (accepting an end's span candidate when it is not there yet), the checks a gold
relation must pass (its type allows the two labels; gold has no such relation yet),
and the rejection ops. `RelationReview` (relations.py) decides with them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.core.clock import now
from desktop.core.errors import ConflictError, InputError, NotFound
from desktop.core.ids import stored_id
from desktop.core.model import Span
from desktop.core.relations import Relation, RelationType
from desktop.core.review import Decision, Key, Provenance, Unit
from desktop.core.review_relation_ops import CreateRelationRejection, DeleteRelationRejection
from desktop.core.review_relations import (
    RelationCandidate,
    RelationKey,
    RelationProvenance,
    RelationRejection,
    build_relation_candidates,
    oriented,
    relation_key,
    span_key,
)
from desktop.core.undo import CreateRejection, Op

if TYPE_CHECKING:
    from desktop.workspace.review.gold import Review

GoldSpans = list[tuple[Span, Provenance | None]]


class RelationSteps:
    """Reading the relation candidates and the steps deciding them, over a `Review`."""

    def __init__(self, review: Review) -> None:
        self.review = review
        self.repo = review.repo

    def candidates(self, document_id: int) -> list[RelationCandidate]:
        """The compared layers' relations, one candidate per key, in text order."""
        names = {a.id: a.name for a in self.review.compared(document_id)}
        by_layer: dict[str, list[Relation]] = {name: [] for name in names.values()}
        for relation in self.repo.relations(document_id):
            if relation.annotator_id in names:
                by_layer[names[relation.annotator_id]].append(relation)
        spans = {stored_id(s): s for s in self.repo.spans(document_id)}
        directed = self._directed()
        accepted = set()
        for relation, provenance in self.repo.gold_relations(document_id):
            key = relation_key(relation, spans, directed.get(relation.type, True))
            accepted |= {key} if key else set()
            accepted |= {provenance.source} if provenance and provenance.source else set()
        rejections = self.repo.relation_rejections(document_id)
        return build_relation_candidates(document_id, by_layer, spans, directed, accepted, rejections)

    def gold(self, document_id: int) -> list[tuple[Relation, RelationProvenance | None]]:
        return self.repo.gold_relations(document_id)

    def types(self) -> dict[str, RelationType]:
        """The project's relation types by key (what the window draws and offers)."""
        return {t.key: t for t in self.repo.relation_types()}

    def _end(self, doc: int, key: Key, units: list[Unit], gold: GoldSpans) -> tuple[Key, list[Op]]:
        """The gold key a relation end lands on, and the ops accepting its span when it is not gold."""
        exact = next((span_key(s) for s, _ in gold if span_key(s) == key), None)
        edited = next((span_key(s) for s, p in gold if p is not None and p.source == key), None)
        if exact or edited:
            return exact or edited, []  # type: ignore[return-value]
        candidate = next((c for u in units if (c := u.candidate(key))), None)
        start, end, label = key
        if candidate is None:
            raise NotFound(f"no {label} [{start}, {end}) in the compared layers")
        if candidate.decision is Decision.REJECTED:
            words = self.repo.document_text(doc)[start:end]
            raise ConflictError(f"the {label} «{words}» at this relation's end was rejected: accept it first")
        return key, self.review._accept_ops(candidate, key, units)

    def _check(self, rtype: RelationType, head: Key, tail: Key, doc: int) -> None:
        if not rtype.allows(head[2], tail[2]):
            raise InputError("review.relation_not_allowed", type=rtype.key, head=head[2], tail=tail[2])
        spans = {stored_id(s): s for s, _ in self.review.gold(doc)}
        key = oriented(head, tail, rtype.key, rtype.directed)
        for relation, _ in self.gold(doc):
            if relation_key(relation, spans, self._directed().get(relation.type, True)) == key:
                raise ConflictError(f"the gold layer already has this {rtype.key} relation")

    def _fresh(self, candidate: RelationCandidate) -> RelationCandidate:
        found = next((c for c in self.candidates(candidate.document_id) if c.key == candidate.key), None)
        if found is None:
            raise NotFound(f"no {candidate.type} relation there in the compared layers")
        return found

    def _gold_span(self, span_id: int) -> Span:
        span = self.repo.span(span_id)
        gold = self.repo.gold_annotator()
        if gold is None or span.annotator_id != gold.id:
            raise InputError("review.not_gold", span=span_id)
        return span

    def _rejections(self, candidates: list[RelationCandidate]) -> list[Op]:
        return [
            CreateRelationRejection(
                RelationRejection(c.document_id, c.head, c.tail, c.type, c.layers, self._reviewer(), now())
            )
            for c in candidates
        ]

    def _unreject(self, doc: int, key: RelationKey) -> list[Op]:
        return [DeleteRelationRejection(r) for r in self.repo.relation_rejections(doc) if r.key == key]

    def _type(self, key: str) -> RelationType:
        try:
            return self.repo.relation_type(key)
        except NotFound:
            raise NotFound(f"no relation type {key!r} in this project") from None

    def _types(self) -> dict[str, RelationType]:
        return self.types()

    def _directed(self) -> dict[str, bool]:
        return {t.key: t.directed for t in self.repo.relation_types()}

    def _reviewer(self) -> str:
        return self.review.workspace.annotator.name


def unique_ops(ops: list[Op]) -> list[Op]:
    """Ops without a second rejection of the same candidate (two ends may share a rival)."""
    seen: set[tuple[str, object]] = set()
    out: list[Op] = []
    for op in ops:
        if isinstance(op, CreateRejection | CreateRelationRejection):
            mark = (type(op).__name__, op.rejection.key)
            if mark in seen:
                continue
            seen.add(mark)
        out.append(op)
    return out
