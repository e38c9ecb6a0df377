"""Where a project lives decides its backend: a file path is SQLite, a `postgresql://` URL a server.

The one place that decides: the workspace opens every project through
`open_store` (a command's PROJECT argument keeps a URL as text:
desktop/commands/_common.py `project_location`).
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.storage.contract import ProjectStore
from desktop.storage.postgres.url import display, is_server_url

if TYPE_CHECKING:  # agreement's read model loads when agreement runs, not when a project opens
    from desktop.storage.agreement_input import AgreementInput

__all__ = ["agreement_snapshot", "display_location", "is_server_url", "open_store", "project_file"]


def display_location(location: str | Path) -> str:
    """How a project's location is shown: the path, or the URL without secrets."""
    return display(location) if isinstance(location, str) and is_server_url(location) else str(location)


def open_store(location: str | Path, *, create: bool = False) -> ProjectStore:
    """Open (or with `create`, make) the project at a path or URL."""
    if is_server_url(location):
        from desktop.storage.postgres.store import PostgresStore  # loads psycopg: servers only

        server: ProjectStore = PostgresStore.open(str(location), create=create)
        return server
    from desktop.storage.repository import Repository

    repo: ProjectStore = Repository.open(location, create=create)
    return repo


def open_again(store: ProjectStore) -> ProjectStore:
    """Another store on the project `store` has open, for a worker thread (a connection is never
    shared across threads): a file opened again at its path; a server database reached through the
    same `Server`, so a password typed at the prompt serves again (the store's `path` is only the
    database's name, which no URL can be made from)."""
    from desktop.storage.repository import Repository

    if isinstance(store, Repository):
        repo: ProjectStore = Repository.open(store.path)
        return repo
    from desktop.storage.postgres.store import PostgresStore

    if not isinstance(store, PostgresStore):
        raise TypeError(f"cannot open {type(store).__name__} again")
    server: ProjectStore = PostgresStore.through(store.server)
    return server


def agreement_snapshot(store: ProjectStore) -> AbstractContextManager[AgreementInput]:
    """The agreement input from a snapshot of its own, safe in a worker thread: a file's
    read-only connection, or a server store's own (its `agreement_input` reads through one)."""
    from desktop.storage.agreement_input import snapshot_agreement_input
    from desktop.storage.repository import Repository

    if isinstance(store, Repository):
        return snapshot_agreement_input(store.path)
    return store.agreement_input()


def project_file(store: ProjectStore) -> Path | None:
    """The SQLite file a store reads, which another process may open too; None for a server."""
    from desktop.storage.repository import Repository

    return store.path if isinstance(store, Repository) else None
