"""The project repository: one SQLite file, all tables, every change journaled."""

from __future__ import annotations

from desktop.storage.assignments import AssignmentsMixin
from desktop.storage.bulk import BulkMixin
from desktop.storage.documents import DocumentEntry, DocumentListing, DocumentRow, DocumentsMixin, NewDocument
from desktop.storage.entities import EntitiesMixin
from desktop.storage.label_usage import LabelUsageMixin
from desktop.storage.labels import LabelsMixin
from desktop.storage.read_models import ReadModelsMixin
from desktop.storage.relations import RelationsMixin
from desktop.storage.review import ReviewMixin
from desktop.storage.review_relations import ReviewRelationsMixin
from desktop.storage.span_attributes import SpanAttributesMixin
from desktop.storage.spans import SpansMixin
from desktop.storage.stats import StatsMixin
from desktop.storage.suggestions import SuggestionsMixin
from desktop.storage.token_counts import TokenCountsMixin

__all__ = ["DocumentEntry", "DocumentListing", "DocumentRow", "NewDocument", "ProjectTables", "Repository"]


class ProjectTables(
    DocumentsMixin,
    SpansMixin,
    LabelsMixin,
    LabelUsageMixin,
    ReviewMixin,
    SuggestionsMixin,
    ReadModelsMixin,
    StatsMixin,
    RelationsMixin,
    SpanAttributesMixin,
    EntitiesMixin,
    ReviewRelationsMixin,
    AssignmentsMixin,
    BulkMixin,
    TokenCountsMixin,
):
    """The table mixins every backend shares: their SQL runs on SQLite as written and on
    PostgreSQL through its adapter (storage.postgres.adapter)."""


class Repository(ProjectTables):
    """Typed access to a project file (the SQLite `ProjectStore`). Mutations run inside `action()`."""
