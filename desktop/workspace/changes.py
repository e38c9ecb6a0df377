"""What a use case changed, so views redraw only what they must."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.core.ids import stored_id
from desktop.core.relation_ops import (
    CreateRelation,
    DeleteRelation,
    LinkEntity,
    SaveAttributeField,
    SaveEntity,
    SaveRelationType,
    SetAttribute,
    UpdateRelation,
)
from desktop.core.review_relation_ops import (
    CreateGoldRelation,
    CreateRelationRejection,
    DeleteGoldRelation,
    DeleteRelationRejection,
)
from desktop.core.suggestion import Suggestion
from desktop.core.undo import (
    AddSuggestions,
    CreateGold,
    CreateRejection,
    CreateSpan,
    DeleteGold,
    DeleteRejection,
    DeleteSpan,
    EditGazetteer,
    Op,
    RemoveSuggestions,
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
    # What was added and removed (as stored, with ids), so a view can follow without a re-read; a
    # document whose suggestions changed otherwise (a decision) is in `suggestions_decided` too.
    suggestions_added: list[Suggestion] = field(default_factory=list)
    suggestions_removed: list[Suggestion] = field(default_factory=list)
    suggestions_decided: set[int] = field(default_factory=set)  # documents
    gazetteers_changed: bool = False
    review_changed: set[int] = field(default_factory=set)  # documents: gold or rejections
    relations_changed: set[int] = field(default_factory=set)  # documents: relations added, removed, edited
    relations_added: list[int] = field(default_factory=list)
    relations_removed: list[int] = field(default_factory=list)
    span_details_changed: list[int] = field(default_factory=list)  # spans: attributes or entity link
    entities_changed: bool = False  # the entity registry
    entities_added: list[int] = field(default_factory=list)
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
                self.spans_added.append(stored_id(span))
                self.documents.add(span.document_id)
            case DeleteSpan(span):
                self.spans_removed.append(stored_id(span))
                self.documents.add(span.document_id)
            case UpdateSpan(_, after):
                self.spans_updated.append(stored_id(after))
                self.documents.add(after.document_id)
            case SetStatus(document_id=doc):
                self.status_changed.add(doc)
                self.documents.add(doc)
            case SaveGazetteer() | EditGazetteer():
                self.gazetteers_changed = True
            case SaveLabel() | SaveRelationType() | SaveAttributeField():
                self.labels_changed = True  # the scheme
            case CreateGold(span):
                self.spans_added.append(stored_id(span))
                self.review_changed.add(span.document_id)
                self.documents.add(span.document_id)
            case DeleteGold(span):
                self.spans_removed.append(stored_id(span))
                self.review_changed.add(span.document_id)
                self.documents.add(span.document_id)
            case CreateRejection(rejection) | DeleteRejection(rejection):
                self.documents.add(rejection.document_id)
                self.review_changed.add(rejection.document_id)
            case CreateGoldRelation(relation) | DeleteGoldRelation(relation):
                self.review_changed.add(relation.document_id)
                self.add(CreateRelation(relation) if isinstance(op, CreateGoldRelation) else DeleteRelation(relation))
            case CreateRelationRejection(rejection) | DeleteRelationRejection(rejection):
                self.documents.add(rejection.document_id)
                self.review_changed.add(rejection.document_id)
            case CreateRelation(relation) | DeleteRelation(relation) | UpdateRelation(after=relation):
                self.relations_changed.add(relation.document_id)
                self.documents.add(relation.document_id)
                added = self.relations_added if isinstance(op, CreateRelation) else None
                listed = self.relations_removed if isinstance(op, DeleteRelation) else added
                if listed is not None and relation.id is not None:
                    listed.append(relation.id)
            case SetAttribute(document_id=doc, span_id=span_id) | LinkEntity(document_id=doc, span_id=span_id):
                self.span_details_changed.append(span_id)
                self.documents.add(doc)
            case SaveEntity(before, after):
                self.entities_changed = True
                if before is None and after is not None and after.id is not None:
                    self.entities_added.append(after.id)
            case AddSuggestions(items) | RemoveSuggestions(items):
                (self.suggestions_added if isinstance(op, AddSuggestions) else self.suggestions_removed).extend(items)
                self.suggestions_changed |= documents_of(op)
            case _:  # other suggestion ops (decisions): their documents' suggestions, not their spans
                self.suggestions_changed |= documents_of(op)
                self.suggestions_decided |= documents_of(op)

    def __bool__(self) -> bool:
        return bool(
            self.documents
            or self.documents_added
            or self.labels_changed
            or self.suggestions_changed
            or self.gazetteers_changed
            or self.entities_changed
        )
