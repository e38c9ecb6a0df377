"""What a use case changed, so views redraw only what they must."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.core.undo import (
    CreateGold,
    CreateRejection,
    CreateSpan,
    DeleteGold,
    DeleteRejection,
    DeleteSpan,
    EditGazetteer,
    Op,
    SaveGazetteer,
    SaveLabel,
    SetStatus,
    UpdateSpan,
    documents_of,
)


@dataclass
class Changes:
    """The summary every workspace mutation returns (and announces)."""

    documents: set[int] = field(default_factory=set)  # documents touched
    spans_added: list[int] = field(default_factory=list)
    spans_removed: list[int] = field(default_factory=list)
    spans_updated: list[int] = field(default_factory=list)
    status_changed: set[int] = field(default_factory=set)  # documents
    documents_added: list[int] = field(default_factory=list)
    labels_changed: bool = False
    suggestions_changed: set[int] = field(default_factory=set)  # documents
    gazetteers_changed: bool = False
    review_changed: set[int] = field(default_factory=set)  # documents: gold or rejections
    description: str = ""

    @classmethod
    def from_ops(cls, ops: tuple[Op, ...] | list[Op], description: str = "") -> Changes:
        changes = cls(description=description)
        for op in ops:
            changes.add(op)
        return changes

    def add(self, op: Op) -> None:
        match op:
            case CreateSpan(span):
                self.spans_added.append(span.id)
                self.documents.add(span.document_id)
            case DeleteSpan(span):
                self.spans_removed.append(span.id)
                self.documents.add(span.document_id)
            case UpdateSpan(_, after):
                self.spans_updated.append(after.id)
                self.documents.add(after.document_id)
            case SetStatus(document_id=doc):
                self.status_changed.add(doc)
                self.documents.add(doc)
            case SaveGazetteer() | EditGazetteer():
                self.gazetteers_changed = True
            case SaveLabel():
                self.labels_changed = True
            case CreateGold(span):
                self.spans_added.append(span.id)
                self.review_changed.add(span.document_id)
                self.documents.add(span.document_id)
            case DeleteGold(span):
                self.spans_removed.append(span.id)
                self.review_changed.add(span.document_id)
                self.documents.add(span.document_id)
            case CreateRejection(rejection) | DeleteRejection(rejection):
                self.documents.add(rejection.document_id)
                self.review_changed.add(rejection.document_id)
            case _:  # suggestion ops: their documents' suggestions, not their spans
                self.suggestions_changed |= documents_of(op)

    def __bool__(self) -> bool:
        return bool(
            self.documents
            or self.documents_added
            or self.labels_changed
            or self.suggestions_changed
            or self.gazetteers_changed
        )
