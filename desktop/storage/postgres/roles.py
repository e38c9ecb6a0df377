"""Team set-up on the server: group roles, grants and policies once, then one login per person.

`init_team` (run by a role that may create roles, as a rule the database's
owner) applies desktop/storage/postgres/roles_sql.py (idempotent; after an
upgrade the owner's next open applies it again: team_upgrade.py).
`add_member` makes (or reuses) a person's login role, puts it in one group
and maps it to an annotator. A password reaches the
server only as a SCRAM verifier computed here (libpq's PQencryptPasswordConn):
the clear text is in no statement, server log, table or history row.
`member` tells an opened store who its login is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg
from psycopg import sql

from desktop.core.clock import now
from desktop.core.errors import InputError, ProjectError
from desktop.storage.postgres.adapter import Row, one_line
from desktop.storage.postgres.connect import Server
from desktop.storage.postgres.roles_sql import MEMBER_CHANNELS, ROLES, group_name
from desktop.storage.postgres.team_upgrade import apply_team, check_project

BLIND_SETTING = "team.blind"


@dataclass(frozen=True, slots=True)
class Member:
    """A person of the team: their login role, annotator and project role."""

    login: str
    annotator: str
    role: str


def init_team(conn: psycopg.Connection[Row], db: str, *, blind: bool | None = None) -> None:
    """Make the group roles, grants and policies of project database `db` (in one transaction)."""
    with _refused(db, "set up the team"), conn.transaction():
        for role in ROLES:
            name = group_name(db, role)
            if not _role_exists(conn, name):
                conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(name)))
        apply_team(conn, db)
        if blind is not None:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (%s, %s)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [BLIND_SETTING, "true" if blind else "false"],
            )


def add_member(conn: psycopg.Connection[Row], db: str, name: str, role: str, password: str) -> Member:
    """Make login `name` (or reuse it) a `role` of project `db`, with its own annotator and layer."""
    if role not in ROLES:
        raise InputError("team.unknown_role", role=role)
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.-]{0,62}", name):
        raise InputError("team.login_name", name=name)
    if not password:
        raise InputError("team.empty_password", name=name)
    if not _team_ready(conn):
        raise ProjectError("the team is not set up here: run barchasb team init URL first")
    with _refused(db, f"add {name}"), conn.transaction():
        found = conn.execute("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = %s", [name]).fetchone()
        if found is not None and found[0]:
            raise ProjectError(f"{name}: an administrative role of the server; choose another name")
        verifier = _verifier(conn, name, password)
        verb = "ALTER" if found is not None else "CREATE"
        conn.execute(sql.SQL(verb + " ROLE {} LOGIN PASSWORD {}").format(sql.Identifier(name), sql.Literal(verifier)))
        for other in ROLES:  # one role per person: a new role replaces the old
            if other != role and _member_of(conn, name, group_name(db, other)):
                conn.execute(
                    sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(group_name(db, other)), sql.Identifier(name))
                )
        conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(group_name(db, role)), sql.Identifier(name)))
        annotator = _annotator(conn, name)
        conn.execute(
            "INSERT INTO team_members (db_role, annotator_id, role, added_at) VALUES (%s, %s, %s, %s)"
            " ON CONFLICT (db_role) DO UPDATE SET role = excluded.role",
            [name, annotator, role, now()],
        )
        if _team_ready(conn, "team_channels"):  # a set-up older than channels gets them at its upgrade
            conn.execute(MEMBER_CHANNELS)
        conn.execute(  # who was added, as whom: never the password
            "INSERT INTO history (at, actor, action, entity, entity_id, after)"
            " VALUES (%s, current_user, %s, %s, %s, %s)",
            [now(), "team.add_user", "annotator", str(annotator), json.dumps({"login": name, "role": role})],
        )
    return Member(name, name, role)


def members(conn: psycopg.Connection[Row]) -> list[Member]:
    """The team, by login."""
    if not _team_ready(conn):
        raise ProjectError("the team is not set up here: run barchasb team init URL first")
    rows = conn.execute(
        "SELECT t.db_role, a.name, t.role FROM team_members t JOIN annotators a ON a.id = t.annotator_id"
        " ORDER BY t.db_role"
    ).fetchall()
    return [Member(*row) for row in rows]


def member(conn: psycopg.Connection[Row]) -> Member | None:
    """Who this connection's login is in the team (None: not a member, e.g. the owner, or no team)."""
    if not _team_ready(conn):
        return None
    row = conn.execute(
        "SELECT t.db_role, a.name, t.role FROM team_members t JOIN annotators a ON a.id = t.annotator_id"
        " WHERE t.db_role = current_user"
    ).fetchone()
    return None if row is None else Member(*row)


def _verifier(conn: psycopg.Connection[Row], name: str, password: str) -> str:
    return conn.pgconn.encrypt_password(password.encode(), name.encode(), b"scram-sha-256").decode()


def _annotator(conn: psycopg.Connection[Row], name: str) -> int:
    row = conn.execute("SELECT id FROM annotators WHERE name = %s", [name]).fetchone()
    if row is None:
        row = conn.execute(
            "INSERT INTO annotators (name, kind, created_at) VALUES (%s, 'human', %s) RETURNING id", [name, now()]
        ).fetchone()
    assert row is not None
    return int(row[0])


def _role_exists(conn: psycopg.Connection[Row], name: str) -> bool:
    return conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name]).fetchone() is not None


def _member_of(conn: psycopg.Connection[Row], name: str, group: str) -> bool:
    row = conn.execute(
        "SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member"
        " WHERE g.rolname = %s AND u.rolname = %s",
        [group, name],
    ).fetchone()
    return row is not None


def _team_ready(conn: psycopg.Connection[Row], table: str = "team_members") -> bool:
    row = conn.execute("SELECT to_regclass(%s) IS NOT NULL", [table]).fetchone()
    return bool(row and row[0])


@contextmanager
def _refused(db: str, what: str) -> Iterator[None]:
    """The server's refusal (not the owner, no CREATEROLE) as one line; nothing was changed."""
    try:
        yield
    except psycopg.Error as exc:
        raise ProjectError(f"{db}: cannot {what} ({one_line(str(exc))}); nothing was changed") from None


def open_admin(url: str) -> tuple[psycopg.Connection[Row], str]:
    """A connection to the project at `url` for the team commands, and its database's name."""
    server = Server(url)
    conn = server.connect()
    try:
        check_project(conn, server.url)
    except BaseException:
        conn.close()
        raise
    return conn, conn.info.dbname  # the database connected to: a service URL names none
