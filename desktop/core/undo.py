"""Undo and redo as data: each user action is a `Step` of invertible `Op`s.

The model owns undo, not the widget. Applying an op is the workspace's job
(it writes through to SQLite at once); this module only keeps the stacks and
knows how to invert.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

from desktop.core.model import Span, Status


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


Op = Union[CreateSpan, DeleteSpan, UpdateSpan, SetStatus]


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
    raise TypeError(f"not an undo op: {op!r}")


@dataclass(frozen=True, slots=True)
class Step:
    """One user action: what the menu calls it and the ops it made, in order."""

    description: str
    ops: tuple[Op, ...]

    def inverse(self) -> "Step":
        return Step(self.description, tuple(invert(op) for op in reversed(self.ops)))

    @property
    def documents(self) -> set[int]:
        return {_document_of(op) for op in self.ops}


def _document_of(op: Op) -> int:
    if isinstance(op, SetStatus):
        return op.document_id
    return (op.span if isinstance(op, (CreateSpan, DeleteSpan)) else op.after).document_id


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
