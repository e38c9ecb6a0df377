"""Writing review ops through to the repository, and keeping the gold layer review-only.

`Workspace._apply_one` hands gold and rejection ops here; the guards keep
the plain span use cases from writing the gold layer behind review's back
(a gold span without provenance, or provenance describing another span).
"""

from __future__ import annotations

from desktop.core.errors import ConflictError, InputError
from desktop.core.ids import stored_id
from desktop.core.model import Span
from desktop.core.review import Method
from desktop.core.undo import CreateGold, CreateRejection, DeleteGold, DeleteRejection, DeleteSpan, Op
from desktop.storage.contract import ProjectStore

REVIEW_OPS = (CreateGold, DeleteGold, CreateRejection, DeleteRejection)


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
    raise TypeError(f"not a review op: {op!r}")


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
        raise InputError(f"{name!r} is the gold layer: only review decisions write it")
