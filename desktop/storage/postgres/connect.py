"""Connecting to a server project: the password, one-line errors, creating and upgrading the schema.

libpq finds the password itself (PGPASSWORD, ~/.pgpass, PGSERVICE); when the
server asks for one it has not got and we are on a terminal, the user is asked
once (never echoed, never kept). A server that is down, a wrong password or a
missing database is a `ProjectError` of one line, never a traceback.
"""

from __future__ import annotations

import getpass
import re
import sys
from collections.abc import Callable
from typing import Any

import psycopg
from psycopg import errors as pg_errors
from psycopg import sql

from desktop.core.errors import ProjectError
from desktop.storage.db import APPLICATION_ID
from desktop.storage.postgres.adapter import Row, one_line
from desktop.storage.postgres.schema import PREAMBLE, SCHEMA_VERSION, STEPS
from desktop.storage.postgres.url import check_url, database_name, display
from desktop.storage.postgres.watchdog import WatchedConnection

CONNECT_TIMEOUT_S = 5
# A network that drops silently (no reset) is noticed in about 20 s, not after the kernel's two hours
# (keepalives, while idle) or its fifteen minutes of retransmissions (tcp_user_timeout, data unanswered).
KEEPALIVES: dict[str, Any] = {
    "keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5, "keepalives_count": 2, "tcp_user_timeout": 20000,
}  # fmt: skip
_prompt: Callable[[str], str | None] | None = None
CREATE_DATABASE = "CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'"
_NEEDS_PASSWORD = ("no password supplied", "password authentication failed", "password is required")


class Server:
    """How to reach one project database; a password typed at the prompt is kept in memory
    only, for the store's further connections (export and agreement read on their own)."""

    def __init__(self, url: str) -> None:
        self.url = check_url(url)
        self.where = display(url)
        self._password: str | None = None

    def connect(self, *, create_database: bool = False) -> WatchedConnection:
        """An autocommit connection to the project's database (made first, with `create_database`, if missing)."""
        while True:
            try:
                conn = _connect(self.url, self._password)
            except psycopg.OperationalError as exc:
                message = one_line(str(exc))
                if _no_database(exc, message):
                    if not create_database:
                        raise ProjectError(f"{self.where}: no such database ({message})") from None
                    _create_database(self.url, self._password, _missing_name(message) or database_name(self.url))
                    create_database = False
                    continue
                if self._password is None and any(words in message for words in _NEEDS_PASSWORD):
                    self._password = _ask_password(self.where)
                    if self._password is not None:
                        continue
                raise ProjectError(f"{self.where}: cannot connect to the PostgreSQL server ({message})") from None
            conn.probe = self._probe  # a wait left without an answer is looked into (watchdog.py)
            return conn

    def _probe(self) -> psycopg.Connection[Row]:
        return _connect(self.url, self._password)


def _no_database(exc: psycopg.OperationalError, message: str) -> bool:
    """Whether the server said the database does not exist (libpq reports it as text at connection)."""
    return isinstance(exc, pg_errors.InvalidCatalogName) or ('database "' in message and "does not exist" in message)


def _connect(url: str, password: str | None, **params: Any) -> WatchedConnection:
    if password is not None:
        params["password"] = password
    return WatchedConnection.connect(
        url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S, application_name="barchasb", **KEEPALIVES, **params
    )


def _can_ask() -> bool:
    return sys.stdin is not None and sys.stdin.isatty() and sys.stderr.isatty()


def set_password_prompt(prompt: Callable[[str], str | None] | None) -> None:
    """Who asks for a password when there is no terminal: the window installs a dialog
    (given the project as shown, it returns the password, or None when the person cancels)."""
    global _prompt
    _prompt = prompt


def _ask_password(where: str) -> str | None:
    """The password, asked on the terminal, else through the installed prompt; None when nobody can ask."""
    if _can_ask():
        return getpass.getpass(f"Password for {where}: ")
    return _prompt(where) if _prompt is not None else None


def _missing_name(message: str) -> str | None:
    """The database the server was asked for (a service URL names it in the service file, not the URL)."""
    found = re.search(r'database "(.+)" does not exist', message)
    return found.group(1) if found else None


def _create_database(url: str, password: str | None, name: str) -> None:
    """CREATE DATABASE `name`, through a maintenance database (needs the CREATEDB privilege); without
    the privilege, one line saying what an administrator runs."""
    error: psycopg.Error | None = None
    for maintenance in ("postgres", "template1"):  # given as a keyword: it wins over the URL and a service
        try:
            conn = _connect(url, password, dbname=maintenance)
        except psycopg.OperationalError as exc:
            error = exc
            continue
        with conn:
            try:
                conn.execute(sql.SQL(CREATE_DATABASE).format(sql.Identifier(name)))
                return
            except pg_errors.InsufficientPrivilege:
                user = conn.info.user
                raise ProjectError(
                    f"{display(url)}: the database {name} does not exist and the role {user} may not create it;"
                    f" ask an administrator to run: createdb --owner={user} --encoding=UTF8 --template=template0"
                    f" {name} (or give {user} CREATEDB), then run barchasb init again"
                ) from None
            except psycopg.Error as exc:
                error = exc
                break
    reason = one_line(str(error))
    raise ProjectError(f"{display(url)}: the database {name} does not exist and cannot be made ({reason})") from None


def create_schema(conn: psycopg.Connection[Row], url: str) -> None:
    """Mark the database as a project and make every table, in one transaction: all of it or nothing."""
    if schema_version(conn) is not None:
        raise ProjectError(f"{display(url)}: already holds a Barchasb project")
    encoding = conn.execute("SHOW server_encoding").fetchone()
    if encoding is None or encoding[0] != "UTF8":
        raise ProjectError(f"{display(url)}: the database's encoding is not UTF8; make one with ENCODING 'UTF8'")
    with conn.transaction():
        conn.execute(PREAMBLE)
        for _name, ddl in STEPS:
            conn.execute(ddl)
        conn.execute(
            "INSERT INTO barchasb_project (application_id, schema_version) VALUES (%s, %s)",
            [APPLICATION_ID, SCHEMA_VERSION],
        )


def check_schema(conn: psycopg.Connection[Row], url: str) -> None:
    """A project of this version: an older one is upgraded (in one transaction), a newer one refused."""
    version = schema_version(conn)
    if version is None:
        raise ProjectError(f"{display(url)}: no Barchasb project there (create one with: barchasb init URL)")
    if version > SCHEMA_VERSION:
        raise ProjectError(
            f"{display(url)}: made by a newer version of Barchasb (schema {version}, "
            f"this version knows up to {SCHEMA_VERSION}); please upgrade"
        )
    if version == SCHEMA_VERSION:
        return
    with conn.transaction():
        # The table lock first: of two clients opening an old project, one upgrades.
        conn.execute("LOCK TABLE barchasb_project IN ACCESS EXCLUSIVE MODE")
        row = conn.execute("SELECT schema_version FROM barchasb_project").fetchone()
        current = SCHEMA_VERSION if row is None else int(row[0])
        for _name, ddl in STEPS[current:]:
            conn.execute(ddl)
        conn.execute("UPDATE barchasb_project SET schema_version = %s", [SCHEMA_VERSION])


def schema_version(conn: psycopg.Connection[Row]) -> int | None:
    """The project's schema version (None: no Barchasb project in this database)."""
    found = conn.execute("SELECT to_regclass('barchasb_project') IS NOT NULL").fetchone()
    if not found or not found[0]:
        return None
    row = conn.execute("SELECT application_id, schema_version FROM barchasb_project").fetchone()
    if row is None or row[0] != APPLICATION_ID:
        return None
    return int(row[1])
