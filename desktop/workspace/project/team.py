"""A team on a PostgreSQL project: roles set up once, people added, the team listed (`barchasb team`).

What each role may do is enforced by the server (desktop/storage/postgres/
roles_sql.py); these use cases only set it up, as a login that may create
roles (the database's owner, as a rule). A file project has no team: one
person, one file; the commands say they need a server project.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.core.errors import InputError
from desktop.storage.locate import display_location, is_server_url

if TYPE_CHECKING:
    from desktop.storage.postgres.roles import Member

ROLES = ("manager", "curator", "annotator")


def init_team(location: str | Path, *, blind: bool | None = None) -> None:
    """Make the project's group roles, grants and row-level security (again after an upgrade)."""
    from desktop.storage.postgres import roles

    with _admin(location) as (conn, db):
        roles.init_team(conn, db, blind=blind)


def add_user(location: str | Path, name: str, role: str, password: str) -> Member:
    """Add `name` (a login of its own, with its own annotator and layer) to the team as `role`."""
    from desktop.storage.postgres import roles

    with _admin(location) as (conn, db):
        return roles.add_member(conn, db, name, role, password)


def list_users(location: str | Path) -> list[Member]:
    """The team, by login."""
    from desktop.storage.postgres import roles

    with _admin(location) as (conn, _db):
        return roles.members(conn)


@contextmanager
def _admin(location: str | Path) -> Iterator[tuple[Any, str]]:
    if not is_server_url(location):
        raise InputError("team.needs_server", project=display_location(location))
    from desktop.storage.postgres.roles import open_admin  # loads psycopg: servers only

    conn, db = open_admin(str(location))
    try:
        yield conn, db
    finally:
        conn.close()
