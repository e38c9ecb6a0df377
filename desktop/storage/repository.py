"""The project repository: one SQLite file, all tables, every change journaled."""

from __future__ import annotations

from desktop.storage.documents import DocumentRow, DocumentsMixin, NewDocument
from desktop.storage.labels import LabelsMixin
from desktop.storage.spans import SpansMixin

__all__ = ["DocumentRow", "NewDocument", "Repository"]


class Repository(DocumentsMixin, SpansMixin, LabelsMixin):
    """Typed access to a project file. Mutations run inside `action()`."""
