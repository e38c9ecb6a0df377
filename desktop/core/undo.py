"""Undo and redo as data: each user action is a `Step` of invertible `Op`s.

The model owns undo, not the widget. Applying an op is the workspace's job
(it writes through to SQLite at once); this module only keeps the stacks and
knows how to invert.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.core.model import Label, Span, Status
from desktop.core.relation_ops import RELATION_OPS, RelationOp, invert_relation_op, relation_op_documents
from desktop.core.review import Provenance, Rejection
from desktop.core.review_relation_ops import (
    DRAFT_OPS,
    REVIEW_RELATION_OPS,
    ReviewRelationOp,
    invert_review_relation_op,
    review_relation_op_documents,
)
from desktop.core.suggestion import Gazetteer, Suggestion, SuggestionState


@dataclass(frozen=True, slots=True)
class CreateSpan:
    span: Span  # as stored, with its id


@dataclass(frozen=True, slots=True)
class DeleteSpan:
    span: Span  # as it was before deletion, with its id


@dataclass(frozen=True, slots=True)
class UpdateSpan:
    before: Span
    after: Span


@dataclass(frozen=True, slots=True)
class SetStatus:
    document_id: int
    annotator_id: int
    before: Status
    after: Status


@dataclass(frozen=True, slots=True)
class AddSuggestions:
    suggestions: tuple[Suggestion, ...]  # as stored, with their ids


@dataclass(frozen=True, slots=True)
class RemoveSuggestions:
    suggestions: tuple[Suggestion, ...]  # as they were, with their ids


@dataclass(frozen=True, slots=True)
class SetSuggestionState:
    suggestion: Suggestion  # identifies it; its state field is not relied on
    before: SuggestionState
    after: SuggestionState


@dataclass(frozen=True, slots=True)
class SaveGazetteer:
    """Create (before None), delete (after None) or change a gazetteer."""

    before: Gazetteer | None
    after: Gazetteer | None


@dataclass(frozen=True, slots=True)
class EditGazetteer:
    name: str
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SaveLabel:
    """Add (before None), delete (after None) or change one label of the scheme."""

    before: Label | None
    after: Label | None


@dataclass(frozen=True, slots=True)
class CreateGold:
    """A review decision put a span into the gold layer."""

    span: Span  # as stored, with its id
    provenance: Provenance | None


@dataclass(frozen=True, slots=True)
class DeleteGold:
    span: Span
    provenance: Provenance | None


@dataclass(frozen=True, slots=True)
class CreateRejection:
    rejection: Rejection  # as stored, with its id


@dataclass(frozen=True, slots=True)
class DeleteRejection:
    rejection: Rejection


Op = (
    CreateSpan
    | DeleteSpan
    | UpdateSpan
    | SetStatus
    | AddSuggestions
    | RemoveSuggestions
    | SetSuggestionState
    | SaveGazetteer
    | EditGazetteer
    | CreateGold
    | DeleteGold
    | CreateRejection
    | DeleteRejection
    | SaveLabel
    | RelationOp
    | ReviewRelationOp
)


def invert(op: Op) -> Op:
    match op:
        case CreateSpan(span):
            return DeleteSpan(span)
        case DeleteSpan(span):
            return CreateSpan(span)
        case UpdateSpan(before, after):
            return UpdateSpan(after, before)
        case SetStatus(doc, annotator, before, after):
            return SetStatus(doc, annotator, after, before)
        case AddSuggestions(items):
            return RemoveSuggestions(items)
        case RemoveSuggestions(items):
            return AddSuggestions(items)
        case SetSuggestionState(suggestion, before, after):
            return SetSuggestionState(suggestion, after, before)
        case SaveGazetteer(before, after):
            return SaveGazetteer(after, before)
        case EditGazetteer(name, added, removed):
            return EditGazetteer(name, removed, added)
        case CreateGold(span, provenance):
            return DeleteGold(span, provenance)
        case DeleteGold(span, provenance):
            return CreateGold(span, provenance)
        case CreateRejection(rejection):
            return DeleteRejection(rejection)
        case DeleteRejection(rejection):
            return CreateRejection(rejection)
        case SaveLabel(before, after):
            return SaveLabel(after, before)
        case _ if isinstance(op, RELATION_OPS):
            return invert_relation_op(op)
        case _ if isinstance(op, REVIEW_RELATION_OPS + DRAFT_OPS):
            return invert_review_relation_op(op)
    raise TypeError(f"not an undo op: {op!r}")


@dataclass(frozen=True, slots=True)
class Step:
    """One user action: what the menu calls it and the ops it made, in order."""

    description: str
    ops: tuple[Op, ...]

    def inverse(self) -> Step:
        return Step(self.description, tuple(invert(op) for op in reversed(self.ops)))

    @property
    def documents(self) -> set[int]:
        return {doc for op in self.ops for doc in documents_of(op)}


def documents_of(op: Op) -> set[int]:
    """The documents an op touches (none for gazetteer and label edits)."""
    match op:
        case SetStatus(document_id=doc):
            return {doc}
        case CreateSpan(span) | DeleteSpan(span) | UpdateSpan(after=span):
            return {span.document_id}
        case CreateGold(span) | DeleteGold(span):
            return {span.document_id}
        case CreateRejection(rejection) | DeleteRejection(rejection):
            return {rejection.document_id}
        case AddSuggestions(items) | RemoveSuggestions(items):
            return {item.document_id for item in items}
        case SetSuggestionState(suggestion=item):
            return {item.document_id}
        case _ if isinstance(op, RELATION_OPS):
            return relation_op_documents(op)
        case _ if isinstance(op, REVIEW_RELATION_OPS + DRAFT_OPS):
            return review_relation_op_documents(op)
    return set()


@dataclass
class UndoStack:
    """Two stacks of steps; a new step clears the redo side."""

    limit: int = 10_000
    _done: list[Step] = field(default_factory=list)
    _undone: list[Step] = field(default_factory=list)

    def push(self, step: Step) -> None:
        if not step.ops:
            return
        self._done.append(step)
        del self._done[: -self.limit]
        self._undone.clear()

    def can_undo(self) -> bool:
        return bool(self._done)

    def can_redo(self) -> bool:
        return bool(self._undone)

    def next_undo(self) -> Step | None:
        """The step Undo would take back (the menu describes it), or None."""
        return self._done[-1] if self._done else None

    def next_redo(self) -> Step | None:
        return self._undone[-1] if self._undone else None

    def undo_text(self) -> str:
        return self._done[-1].description if self._done else ""

    def redo_text(self) -> str:
        return self._undone[-1].description if self._undone else ""

    def pop_undo(self) -> Step:
        step = self._done.pop()
        self._undone.append(step)
        return step

    def pop_redo(self) -> Step:
        step = self._undone.pop()
        self._done.append(step)
        return step

    def restore_undo(self, step: Step) -> None:
        """Put a step back after applying it failed (nothing was written)."""
        self._undone.remove(step)
        self._done.append(step)

    def restore_redo(self, step: Step) -> None:
        self._done.remove(step)
        self._undone.append(step)

    def clear(self) -> None:
        self._done.clear()
        self._undone.clear()
