"""Hearing other people's actions as they commit: LISTEN on a connection of its own.

A trigger on `history` (schema.py `LIVE`) NOTIFYs the channel with the batch
id of every statement that journals; PostgreSQL delivers a notification when
its transaction commits, in commit order. Counting the notifications of other
connections is therefore a correct change token, where the highest history id
seen is not: a slower transaction can commit lower ids after a look.

The listening connection is separate from the store's (which is busy inside
actions) and never in a transaction; a window waits on its socket
(`fileno`), so a change arrives within a moment of its commit. When the
connection is lost it is made again on the next look, and that look counts
as a change: what was said meanwhile was not heard.

In a blind team project an annotator's and a curator's commits are not said
on the common channel but on secret ones (roles_sql.py `barchasb_notify`):
an annotator hears their own layer, the text and the scheme, never that
someone else is working.
"""

from __future__ import annotations

import select
from collections.abc import Callable

import psycopg
from psycopg import sql

from desktop.core.errors import ProjectError
from desktop.storage.postgres.adapter import Row

CHANNEL = "barchasb"
_READS = 64  # reads of what has arrived, at most, per look


class Listener:
    """LISTENs to the project's channel; `heard(own_pid)` says whether someone else committed."""

    def __init__(self, connect: Callable[[], psycopg.Connection[Row]]) -> None:
        self._connect = connect
        self._conn: psycopg.Connection[Row] | None = None
        self._received: list[int] = []  # senders of notifications read while a statement ran
        self._open()

    def _open(self) -> bool:
        try:
            conn = self._connect()
            conn.add_notify_handler(lambda note: self._received.append(note.pid))
            for channel in channels(conn):
                conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))
        except (psycopg.Error, ProjectError):
            self._conn = None
            return False
        self._conn = conn
        return True

    def fileno(self) -> int | None:
        """The socket to wait on for notifications (None while the server is away)."""
        if self._conn is None or self._conn.closed:
            return None
        return self._conn.fileno()

    def heard(self, own_pid: int | None) -> bool | None:
        """Whether another connection committed since the last look (True after a reconnect: what
        was said meanwhile was lost); None when the server cannot be reached."""
        if self._conn is None or self._conn.closed or self._conn.broken:
            self.close()
            return True if self._open() else None
        try:
            if self._other(_senders(self._conn), own_pid):
                return True
            # Nothing has arrived yet: one round trip makes sure. The server sends what was
            # committed before it before answering, so a commit that returned is always heard.
            self._conn.execute("SELECT 1")
            return self._other([], own_pid)
        except psycopg.Error:
            self.close()
            return True if self._open() else None

    def _other(self, senders: list[int], own_pid: int | None) -> bool:
        senders += self._received
        self._received.clear()
        return any(pid != own_pid for pid in senders)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def channels(conn: psycopg.Connection[Row]) -> list[str]:
    """The channels this login hears: everyone's, and in a team the ones it may read (roles_sql.py:
    a blind annotator's own layer's, never the every-layer one, whose name it cannot read)."""
    found = [CHANNEL]
    row = conn.execute("SELECT to_regclass('team_channels') IS NOT NULL").fetchone()
    if row is not None and row[0]:
        mine = conn.execute(
            "SELECT channel FROM team_channels WHERE annotator_id IS NULL OR annotator_id = barchasb_me()"
        )
        found += [str(r[0]) for r in mine]
    return found


def _senders(conn: psycopg.Connection[Row]) -> list[int]:
    """The server processes whose notifications have arrived, read without waiting (libpq's
    own calls: `notifies(timeout=0)` would not read a socket the server has closed)."""
    pgconn = conn.pgconn
    for _ in range(_READS):  # until nothing is left: a closing server sends a message, then EOF
        pgconn.consume_input()  # raises on a connection the server has closed
        if not select.select([pgconn.socket], [], [], 0)[0]:
            break
    found = []
    while (note := pgconn.notifies()) is not None:
        found.append(note.be_pid)
    return found
