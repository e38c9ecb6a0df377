"""Keeping a team's grants and policies in step with the schema and with this version of Barchasb.

A schema upgrade adds tables that no group role may touch yet, and a newer
`team init` may route or refuse differently (roles_sql.TEAM_VERSION). So
opening a team project checks both: its owner (who may run DDL and grant)
upgrades the schema and re-applies the team's grants and policies in the
same transaction; anyone else is refused, with the command to run, until
the owner has done it, rather than meeting "permission denied" half way.
"""

from __future__ import annotations

import psycopg
from psycopg import sql

from desktop.core.errors import ProjectError
from desktop.storage.postgres.adapter import Row
from desktop.storage.postgres.connect import check_schema, schema_version
from desktop.storage.postgres.roles_sql import (
    FUNCTIONS,
    MEMBER_CHANNELS,
    MEMBERS,
    ROLES,
    TEAM_VERSION,
    group_name,
    row_policies,
    table_grants,
)
from desktop.storage.postgres.schema import SCHEMA_VERSION
from desktop.storage.postgres.url import display


def apply_team(conn: psycopg.Connection[Row], db: str) -> None:
    """The grants, functions and policies of the team of database `db` (its group roles exist)."""
    conn.execute(MEMBERS)
    conn.execute(sql.SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC").format(sql.Identifier(db)))
    groups = sql.SQL(", ").join(sql.Identifier(group_name(db, role)) for role in ROLES)
    conn.execute(sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(db), groups))
    conn.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    conn.execute("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC")
    conn.execute(FUNCTIONS)
    conn.execute(MEMBER_CHANNELS)
    for statement in table_grants(db):
        conn.execute(statement.encode())
    for table, policies in row_policies().items():
        conn.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY".encode())
        for name in ("team_read", "team_insert", "team_update", "team_delete"):
            conn.execute(f"DROP POLICY IF EXISTS {name} ON {table}".encode())
        for policy in policies:
            conn.execute(policy.encode())


def check_project(conn: psycopg.Connection[Row], url: str) -> None:
    """A project of this version with its team (if any) set up by this version; brought up to date
    by its owner, refused to others with the command the owner runs."""
    version, team = schema_version(conn), team_version(conn)
    if version is None or version > SCHEMA_VERSION or (version == SCHEMA_VERSION and team in (None, TEAM_VERSION)):
        check_schema(conn, url)  # nothing to do, or its own refusal
        return
    if team is not None and not _owner(conn):
        raise ProjectError(
            f"{display(url)}: this project's team must be brought up to date by its owner first"
            f" (the owner runs: barchasb team init {display(url)})"
        )
    with conn.transaction():
        check_schema(conn, url)
        if team is not None:
            apply_team(conn, conn.info.dbname)


def team_version(conn: psycopg.Connection[Row]) -> int | None:
    """The version of `team init` that set the project's team up (None: no team; 1: before versions)."""
    row = conn.execute(
        "SELECT to_regclass('team_members') IS NOT NULL, to_regproc('barchasb_team_version') IS NOT NULL"
    ).fetchone()
    if row is None or not row[0]:
        return None
    if not row[1]:
        return 1
    found = conn.execute("SELECT barchasb_team_version()").fetchone()
    return None if found is None else int(found[0])


def _owner(conn: psycopg.Connection[Row]) -> bool:
    """Whether this login owns the project's tables (or is a superuser): may run DDL and grant."""
    row = conn.execute(
        "SELECT pg_has_role((SELECT relowner FROM pg_class WHERE oid = 'barchasb_project'::regclass), 'MEMBER')"
    ).fetchone()
    return bool(row and row[0])
