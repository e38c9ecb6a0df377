"""Relations in review: the layers' relation candidates and the decisions on them.

The rule for accepting a relation into gold: each end must be, or become in the
same step, a gold span. An end is in gold when gold holds a span with its
offsets and label, or a span the reviewer accepted from it with another label or
boundary (its provenance names the end); otherwise its span candidate is
accepted too, as A would accept it (its rivals rejected, its agreed details
carried). An end whose span the reviewer rejected is refused: accept it first.
The type must allow the two gold spans' labels. Pending candidates between the
same two spans drawn by no layer that drew the accepted one are rejected in the
same step; every decision is one undoable step with provenance, like a span's.
Reading the candidates and the checks live in relation_steps.py.
"""

from __future__ import annotations

from desktop.core.clock import now
from desktop.core.errors import InputError
from desktop.core.ids import stored_id
from desktop.core.model import Span
from desktop.core.relations import Relation
from desktop.core.review import Decision, Key, Method
from desktop.core.review_relation_ops import CreateGoldRelation, DeleteGoldRelation, DraftGoldRelation
from desktop.core.review_relations import (
    RelationCandidate,
    RelationKind,
    RelationProvenance,
    oriented,
    relation_key,
    rivals,
    span_key,
)
from desktop.core.undo import Op
from desktop.workspace.changes import Changes
from desktop.workspace.review.relation_steps import RelationSteps, unique_ops


class RelationReview(RelationSteps):
    """The reviewer's decisions on relations, over a `Review` (same layers, same gold)."""

    # --- deciding -----------------------------------------------------------------------

    def accept(self, candidate: RelationCandidate) -> Changes:
        """Put a relation candidate into gold, with any end not yet there (see the module)."""
        doc = candidate.document_id
        fresh = self._fresh(candidate)
        if fresh.decision is Decision.ACCEPTED:
            return Changes()
        rtype = self._type(candidate.type)
        units, gold = self.review.units(doc), self.review.gold(doc)
        head, head_ops = self._end(doc, candidate.head, units, gold)
        tail, tail_ops = self._end(doc, candidate.tail, units, gold)
        self._check(rtype, head, tail, doc)
        method = Method.ACCEPTED if (head, tail) == (candidate.head, candidate.tail) else Method.EDITED
        provenance = RelationProvenance(
            method, self._reviewer(), now(), stored_id(candidate.relations[0]), candidate.layers, candidate.key
        )
        ops = head_ops + tail_ops + self._unreject(doc, candidate.key)
        ops.append(DraftGoldRelation(doc, head, tail, rtype.key, rtype.directed, provenance))
        ops += self._rejections(rivals(self.candidates(doc), fresh))
        return self.review._decide(doc, f"Accept relation {rtype.key}", unique_ops(ops))

    def reject(self, candidate: RelationCandidate) -> Changes:
        """Gold must not have this relation: drop what gold took from it, record the rejection."""
        doc = candidate.document_id
        spans, directed = {stored_id(s): s for s in self.repo.spans(doc)}, self._directed()
        ops: list[Op] = [
            DeleteGoldRelation(r, p)
            for r, p in self.gold(doc)
            if relation_key(r, spans, directed.get(r.type, True)) == candidate.key or (p and p.source == candidate.key)
        ]
        if candidate.key not in {r.key for r in self.repo.relation_rejections(doc)}:
            ops += self._rejections([candidate])
        return self.review._decide(doc, f"Reject relation {candidate.type}", ops)

    def retract(self, relation_id: int) -> Changes:
        """Take a relation out of gold (its candidate becomes pending again)."""
        relation = self.repo.relation(relation_id)
        gold = self.repo.gold_annotator()
        if gold is None or relation.annotator_id != gold.id:
            raise InputError("review.relation_not_gold", relation=relation_id)
        provenance = self.repo.relation_provenance([relation_id]).get(relation_id)
        return self.review._decide(
            relation.document_id, "Retract gold relation", [DeleteGoldRelation(relation, provenance)]
        )

    def draw(self, head: int, tail: int, type_key: str) -> Changes:
        """Relate two gold spans directly (the reviewer's own relation)."""
        head_span, tail_span = self._gold_span(head), self._gold_span(tail)
        doc = head_span.document_id
        if tail_span.document_id != doc or head == tail:
            raise InputError("review.relation_spans")
        rtype = self._type(type_key)
        self._check(rtype, span_key(head_span), span_key(tail_span), doc)
        if not rtype.directed and tail < head:
            head, tail, head_span, tail_span = tail, head, tail_span, head_span
        relation = Relation(doc, head_span.annotator_id, head, tail, rtype.key)
        key = oriented(span_key(head_span), span_key(tail_span), rtype.key, rtype.directed)
        ops = self._unreject(doc, key)
        ops.append(CreateGoldRelation(relation, RelationProvenance(Method.DRAWN, self._reviewer(), now())))
        return self.review._decide(doc, f"Draw relation {rtype.key}", ops)

    def agreed_ops(self, document_id: int, ends: dict[Key, Key]) -> list[Op]:
        """Drafts accepting every pending relation all compared layers agree on whose two ends
        are (or become) gold spans: `ends` maps such an end's key to its gold span's key.
        What "accept every agreed span" adds."""
        types = self._types()
        ops: list[Op] = []
        for c in self.candidates(document_id):
            rtype, head, tail = types.get(c.type), ends.get(c.head), ends.get(c.tail)
            if c.kind is not RelationKind.AGREED or c.decision is not Decision.PENDING or not (head and tail):
                continue
            if rtype is not None and rtype.allows(head[2], tail[2]):
                method = Method.ACCEPTED if (head, tail) == (c.head, c.tail) else Method.EDITED
                provenance = RelationProvenance(
                    method, self._reviewer(), now(), stored_id(c.relations[0]), c.layers, c.key
                )
                ops.append(DraftGoldRelation(document_id, head, tail, c.type, rtype.directed, provenance))
        return ops

    def kept_ops(self, span: Span, target: Key) -> list[Op]:
        """Drafts bringing back, onto `target`, the gold relations of gold span `span` that a
        relabel removes (the types still allowing the new label), with their provenance."""
        relations = self.repo.relations_of_spans([stored_id(span)])
        ends = self.repo.spans_by_ids([r.head if r.tail == span.id else r.tail for r in relations])
        provenance, types = self.repo.relation_provenance([stored_id(r) for r in relations]), self._types()
        ops: list[Op] = []
        for r in relations:
            rtype, other = types.get(r.type), span_key(ends[r.head if r.tail == span.id else r.tail])
            head, tail = (target, other) if r.head == span.id else (other, target)
            made = provenance.get(stored_id(r)) or RelationProvenance(Method.DRAWN, self._reviewer(), now())
            if rtype is not None and rtype.allows(head[2], tail[2]):
                ops.append(DraftGoldRelation(span.document_id, head, tail, r.type, rtype.directed, made))
        return ops
