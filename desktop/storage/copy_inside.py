"""A whole project copied from one SQLite file into another inside SQLite.

`barchasb copy` between two files attaches the source to the new file and copies each
table with one INSERT ... SELECT, so no row goes through Python (project-100k: 56 s -> 36 s).
Use cases ask this module, never which backend they hold (tests/storage/test_boundary.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial

from desktop.storage.contract import ProjectStore
from desktop.storage.repository import Repository
from desktop.storage.tables import TABLES


def copy_inside(
    source: ProjectStore, target: ProjectStore, counted: Callable[..., None], sequences: Mapping[str, int]
) -> dict[str, int] | None:
    """Rows copied per table when both ends are SQLite files (in one transaction of the
    target; `counted(n, table=...)` told as rows pass), or None: copy row by row then."""
    if not (isinstance(source, Repository) and isinstance(target, Repository)):
        return None
    rows: dict[str, int] = {}
    with target.attached(source.path), target.action("system"):
        for t in TABLES:
            rows[t.name] = target.load_table(t.name, partial(counted, table=t.name))
        target.set_sequences(dict(sequences))
    return rows
