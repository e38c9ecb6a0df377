"""Writing review ops through to the repository, and keeping the gold layer review-only.

`Workspace._apply_one` hands gold and rejection ops here; the guards keep
the plain span use cases from writing the gold layer behind review's back
(a gold span without provenance, or provenance describing another span).
"""

from __future__ import annotations

from collections.abc import Callable

from desktop.core.errors import ConflictError, InputError, NotFound
from desktop.core.ids import stored_id
from desktop.core.model import Span
from desktop.core.relation_ops import DeleteRelation, LinkEntity, SetAttribute
from desktop.core.relations import Relation
from desktop.core.review import Key, Method
from desktop.core.review_relation_ops import (
    DRAFT_OPS,
    REVIEW_RELATION_OPS,
    CreateGoldRelation,
    CreateRelationRejection,
    DeleteGoldRelation,
    DeleteRelationRejection,
    DraftGoldDetail,
    DraftGoldRelation,
)
from desktop.core.undo import CreateGold, CreateRejection, DeleteGold, DeleteRejection, DeleteSpan, Op
from desktop.storage.contract import ProjectStore

REVIEW_OPS = (CreateGold, DeleteGold, CreateRejection, DeleteRejection, *REVIEW_RELATION_OPS, *DRAFT_OPS)


def apply_review_op(repo: ProjectStore, op: Op, verb: str | None) -> Op:
    """Write one review op (inside the caller's action); returns it as stored."""

    def action(base: str) -> str:
        return f"{verb}.{base}" if verb else base

    match op:
        case CreateGold(span, provenance):
            drawn = provenance is not None and provenance.method is Method.DRAWN
            base = "review.draw" if drawn else "review.accept"
            return CreateGold(repo.insert_gold(span, provenance, action=action(base)), provenance)
        case DeleteGold(span):
            stored, provenance = repo.delete_gold(stored_id(span), action=action("review.retract"))
            return DeleteGold(stored, provenance)
        case CreateRejection(rejection):
            return CreateRejection(repo.insert_rejection(rejection, action=action("review.reject")))
        case DeleteRejection(rejection):
            return DeleteRejection(repo.delete_rejection(stored_id(rejection), action=action("review.unreject")))
    return _apply_relation_review_op(repo, op, action)


def _apply_relation_review_op(repo: ProjectStore, op: Op, action: Callable[[str], str]) -> Op:
    match op:
        case CreateGoldRelation(relation, provenance):
            drawn = provenance is not None and provenance.method is Method.DRAWN
            base = "review.draw_relation" if drawn else "review.accept_relation"
            return CreateGoldRelation(repo.insert_gold_relation(relation, provenance, action=action(base)), provenance)
        case DeleteGoldRelation(relation):
            stored, provenance = repo.delete_gold_relation(
                stored_id(relation), action=action("review.retract_relation")
            )
            return DeleteGoldRelation(stored, provenance)
        case CreateRelationRejection(rejection):
            made = repo.insert_relation_rejection(rejection, action=action("review.reject_relation"))
            return CreateRelationRejection(made)
        case DeleteRelationRejection(rejection):
            gone = repo.delete_relation_rejection(stored_id(rejection), action=action("review.unreject_relation"))
            return DeleteRelationRejection(gone)
        case DraftGoldRelation(doc, head, tail, rtype, directed, provenance):
            ends = _gold_span_id(repo, doc, head), _gold_span_id(repo, doc, tail)
            if not directed and ends[1] < ends[0]:  # a symmetric relation is stored smaller id first
                ends = ends[1], ends[0]
            gold = repo.gold_annotator(create=True)
            relation = Relation(doc, gold.id, *ends, rtype)
            stored = repo.insert_gold_relation(relation, provenance, action=action("review.accept_relation"))
            return CreateGoldRelation(stored, provenance)
        case DraftGoldDetail(doc, key, None, value) if isinstance(value, int):
            span_id = _gold_span_id(repo, doc, key)
            repo.link_span(span_id, value, action=action("review.link"))
            return LinkEntity(doc, span_id, None, value)
        case DraftGoldDetail(doc, key, str(name), value):
            span_id = _gold_span_id(repo, doc, key)
            repo.set_span_attribute(span_id, name, value, action=action("review.attribute"))
            return SetAttribute(doc, span_id, name, None, value)
    raise TypeError(f"not a review op: {op!r}")


def _gold_span_id(repo: ProjectStore, document_id: int, key: Key) -> int:
    """The gold span with these offsets and label (a draft's end, made earlier in its step)."""
    gold = repo.gold_annotator()
    found = None if gold is None else repo.span_at(document_id, gold.id, *key)
    if found is None:
        raise NotFound(f"the gold layer has no {key[2]} [{key[0]}, {key[1]})")
    return found


def relation_removal_ops(repo: ProjectStore, relations: list[Relation]) -> list[Op]:
    """How to delete each relation: a gold relation takes its provenance with it."""
    if not relations:
        return []
    gold = repo.gold_annotator()
    in_gold = {stored_id(r) for r in relations if gold is not None and r.annotator_id == gold.id}
    provenance = repo.relation_provenance(sorted(in_gold)) if in_gold else {}
    return [
        DeleteGoldRelation(r, provenance.get(stored_id(r))) if r.id in in_gold else DeleteRelation(r) for r in relations
    ]


def is_gold(repo: ProjectStore, span: Span) -> bool:
    return repo.annotator_by_id(span.annotator_id).kind == "gold"


def removal_op(repo: ProjectStore, span: Span) -> Op:
    """How to delete a span: a gold span takes its provenance with it."""
    if not is_gold(repo, span):
        return DeleteSpan(span)
    return DeleteGold(span, repo.provenance([stored_id(span)]).get(stored_id(span)))


def refuse_gold_edit(repo: ProjectStore, span: Span) -> None:
    if is_gold(repo, span):
        raise ConflictError("a gold span changes only through review: retract it, then accept or draw the right one")


def refuse_gold_annotator(repo: ProjectStore, name: str) -> None:
    found = repo.find_annotator(name)
    if found is not None and found.kind == "gold":
        raise InputError("review.gold_written", name=name)
