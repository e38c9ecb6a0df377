"""Review: comparing layers and the decisions that make the gold layer.

Words (docs/review.md has the glossary): a *layer* is one annotator's spans;
the *gold* layer is written only by review decisions. A *unit* is a maximal
run of overlapping spans across the compared layers; a *candidate* is one
distinct (start, end, label) in a unit, with the layers that proposed it.
A candidate is accepted when gold holds it (or a gold span records it as its
source), rejected when a rejection names it, and pending otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from desktop.core.model import Span, Status

Key = tuple[int, int, str]  # start, end, label


class ReviewStatus(StrEnum):
    """A document's review progress: the gold layer's document status."""

    NOT_REVIEWED = "not_reviewed"
    IN_REVIEW = "in_review"
    REVIEWED = "reviewed"

    @classmethod
    def from_status(cls, status: Status) -> ReviewStatus:
        return _FROM_STATUS[Status(status)]

    def as_status(self) -> Status:
        return {v: k for k, v in _FROM_STATUS.items()}[self]


_FROM_STATUS = {
    Status.NEW: ReviewStatus.NOT_REVIEWED,
    Status.IN_PROGRESS: ReviewStatus.IN_REVIEW,
    Status.DONE: ReviewStatus.REVIEWED,
}


class UnitKind(StrEnum):
    AGREED = "agreed"  # every layer has exactly the same spans here
    LABEL = "label"  # the same offsets, different labels
    BOUNDARY = "boundary"  # the same labels, different offsets
    LABEL_BOUNDARY = "label_boundary"  # both differ
    PARTIAL = "partial"  # some layers have nothing here


class Decision(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class UnitState(StrEnum):
    PENDING = "pending"  # no candidate decided
    PARTLY = "partly"  # some decided
    DECIDED = "decided"  # every candidate accepted or rejected


class Method(StrEnum):
    """How a gold span came to be."""

    ACCEPTED = "accepted"  # a candidate taken as it was
    EDITED = "edited"  # a candidate taken with another label or boundary
    DRAWN = "drawn"  # drawn by the reviewer


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a gold span came from and who decided, when."""

    method: Method
    decided_by: str
    decided_at: str = ""
    source_span_id: int | None = None  # the layer span chosen (None when drawn)
    source_layers: tuple[str, ...] = ()  # every layer that proposed the source
    source: Key | None = None  # the candidate's (start, end, label)

    def __post_init__(self) -> None:
        object.__setattr__(self, "method", Method(self.method))
        if (self.source is None) != (self.method is Method.DRAWN):
            raise ValueError("a drawn gold span has no source, any other has one")

    def as_dict(self) -> dict[str, Any]:
        source = None
        if self.source is not None:
            start, end, label = self.source
            source = {
                "start": start,
                "end": end,
                "label": label,
                "layers": list(self.source_layers),
                "span_id": self.source_span_id,
            }
        return {
            "method": str(self.method),
            "source": source,
            "decided_by": self.decided_by,
            "decided_at": self.decided_at,
        }


@dataclass(frozen=True, slots=True)
class Rejection:
    """A candidate the reviewer decided gold must not have."""

    document_id: int
    start: int
    end: int
    label: str
    layers: tuple[str, ...] = ()
    decided_by: str = ""
    decided_at: str = ""
    id: int | None = None

    @property
    def key(self) -> Key:
        return self.start, self.end, self.label


@dataclass(frozen=True, slots=True)
class Candidate:
    document_id: int
    start: int
    end: int
    label: str
    spans: tuple[Span, ...]  # the layer spans proposing it, in layer order
    layers: tuple[str, ...]
    decision: Decision = Decision.PENDING

    @property
    def key(self) -> Key:
        return self.start, self.end, self.label

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end


@dataclass(frozen=True, slots=True)
class Unit:
    """One place where the compared layers have spans, and what review made of it."""

    document_id: int
    index: int  # position in the document's unit list
    start: int
    end: int
    kind: UnitKind
    candidates: tuple[Candidate, ...]
    missing: tuple[str, ...]  # compared layers with no span here
    gold: tuple[Span, ...]  # gold spans overlapping the unit

    @property
    def state(self) -> UnitState:
        decided = sum(c.decision is not Decision.PENDING for c in self.candidates)
        if decided == len(self.candidates):
            return UnitState.DECIDED
        return UnitState.PARTLY if decided else UnitState.PENDING

    @property
    def decided(self) -> bool:
        return self.state is UnitState.DECIDED

    def candidate(self, key: Key) -> Candidate | None:
        return next((c for c in self.candidates if c.key == key), None)
