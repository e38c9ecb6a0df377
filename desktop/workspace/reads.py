"""What the window and the commands read of an open project, through the workspace.

They never hold the storage: `Workspace` (which builds on this) keeps it
private, so what a client may read is listed here, each in plain values.
Use cases inside desktop.workspace reach the storage through `Workspace.repo`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.core.model import Annotator, DocumentInfo, Label, Span
from desktop.storage.contract import ProjectStore
from desktop.storage.documents import DocumentListing
from desktop.storage.listing import PagedListing


class WorkspaceReads:
    """Read-only questions about the open project (no Changes, no undo)."""

    def __init__(self, repo: ProjectStore) -> None:
        self._repo = repo

    @property
    def repo(self) -> ProjectStore:
        """The project's storage, for the use cases in desktop.workspace only: the window
        and the commands ask the workspace (tests/storage/test_boundary.py holds them to it)."""
        return self._repo

    @property
    def path(self) -> Path:
        return self._repo.path

    def external_change_token(self) -> int:
        """Moves when another window or command changed the project (see ProjectStore)."""
        return self._repo.external_change_token()

    def journal_mark(self) -> tuple[object, ...]:
        """What moves with every change a window shows, never with derived data (a file's
        history and ids handed out; () on a server): see desktop/workspace/own_writes.py."""
        from desktop.storage.search_index import journal_mark

        return journal_mark(self._repo)

    def listen_fd(self) -> int | None:
        """A socket that becomes readable when someone else commits (a server project's
        LISTEN connection), so a window hears at once; None for a file, or while offline."""
        listen = getattr(self._repo, "listen_fd", None)
        return None if listen is None else listen()

    def backup_due(self) -> bool:
        """Whether an automatic backup should be taken now (cheap; see storage.backup)."""
        from desktop.storage.backup import backup_due  # only a window takes automatic backups

        return backup_due(self._repo)

    def document_infos(self) -> list[DocumentInfo]:
        return self._repo.document_infos()

    def document_text(self, document_id: int) -> str:
        return self._repo.document_text(document_id)

    def document_name(self, document_id: int) -> str:
        return self._repo.document_name(document_id)

    def document_listing(self, annotator_id: int, ids: list[int] | None = None) -> DocumentListing:
        """The document list as `annotator_id` sees it (status, span counts), all or these ids."""
        return self._repo.document_listing(annotator_id, ids)

    def document_pages(self, annotator_id: int) -> PagedListing:
        """The whole document list as `annotator_id` sees it, read a page at a time as it is shown."""
        return self._repo.document_pages(annotator_id)

    def plain_text_defaults(self) -> dict[str, bool]:
        """The project's defaults for plain-text import: `normalize_text`, `unify_digits`."""
        from desktop.workspace.imports.plain import plain_text_defaults

        return plain_text_defaults(self._repo)

    def annotators(self) -> list[Annotator]:
        return self._repo.annotators()

    def label(self, key: str) -> Label:
        """The stored label (NotFound for an unknown key)."""
        return self._repo.label(key)

    def spans_by_ids(self, span_ids: list[int]) -> dict[int, Span]:
        return self._repo.spans_by_ids(span_ids)

    def history(self, *, document_id: int | None = None, limit: int = 1000) -> list[dict[str, Any]]:
        """Changes, newest first: who, when, before and after."""
        return self._repo.history(document_id=document_id, limit=limit)
