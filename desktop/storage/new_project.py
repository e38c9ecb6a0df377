"""A new, empty project at a location, which counts only once it is filled: where a copy goes.

A file is built under a temporary name beside its place and renamed onto it
when the filling succeeds, so a failure leaves nothing behind; a server
project gets its schema in an empty database (storage/locate.py decides
which), and is filled in one transaction there.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from desktop.core.errors import ProjectError
from desktop.storage.contract import ProjectStore
from desktop.storage.db import fsync_path
from desktop.storage.locate import is_server_url, open_store
from desktop.storage.repository import Repository
from desktop.storage.staging import staging_file

type Location = str | Path


def same_location(a: Location, b: Location) -> bool:
    """Whether two locations are one project (files compared by their real path)."""
    if is_server_url(a) or is_server_url(b):
        return str(a) == str(b)
    return Path(a).resolve() == Path(b).resolve()


def file_exists(location: Location) -> bool:
    """Whether a file location is taken already (a server URL is asked when opened)."""
    return not is_server_url(location) and Path(location).exists()


@contextmanager
def new_store(location: Location) -> Iterator[ProjectStore]:
    """A new, empty project at `location`, open for filling; closed on exit."""
    if is_server_url(location):
        store = open_store(location, create=True)
        try:
            yield store
        finally:
            store.close()
        return
    path = Path(location)
    if path.exists():
        raise ProjectError(f"{path}: already exists")
    with staging_file(path) as temp:
        repo = Repository.open(temp, create=True)
        try:
            # Nobody sees the file before the rename, and a failure throws it away: filling it
            # needs no journal (every page written once, not to the WAL and then again).
            repo.db.execute("PRAGMA journal_mode = OFF")
            repo.db.execute("PRAGMA synchronous = OFF")
            yield repo
            repo.db.execute("PRAGMA journal_mode = WAL")  # as every project file is kept
        finally:
            repo.close()
        fsync_path(temp)  # on disk before its name is
