"""An action's transaction on a connection that may be lost: never an action shown as saved that is not.

- Lost before the action began (a server restart while the window sat idle):
  BEGIN fails, nothing was written; the connection is made again and BEGIN
  tried once more, so the analyst's next action simply works.
- Lost inside the action: the server rolls the transaction back; the action
  fails with "nothing was changed" (the adapter's words).
- Lost during COMMIT: the outcome is unknown. The batch id is looked up in the
  history on a new connection: there, the action was saved and goes on as
  saved; not there, it was not saved; no server to ask, the user is told
  exactly that and nothing is claimed.
- A serialization failure or a deadlock rolls the whole action back; it is
  raised as `Retryable` so the workspace runs the operation again (a bounded
  number of times: desktop/workspace/session.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

import psycopg
from psycopg import errors as pg_errors

from desktop.core.errors import ProjectError
from desktop.storage.faults import Retryable, ServerFault
from desktop.storage.postgres.adapter import PgDatabase, one_line, server_error

_LOST = (psycopg.OperationalError, psycopg.InterfaceError)
_CONFLICT = (pg_errors.SerializationFailure, pg_errors.DeadlockDetected)


@contextmanager
def durable_transaction(pg: PgDatabase, reconnect: Callable[[], bool], batch: str) -> Iterator[None]:
    """One transaction on `pg`: begun (again, on a new connection, when the old one was lost),
    committed, and settled by the history when the connection is lost during COMMIT."""
    transaction = _begin(pg, reconnect)
    try:
        yield
    except BaseException as exc:
        try:
            transaction.__exit__(type(exc), exc, exc.__traceback__)
        except psycopg.Error:
            pass  # a lost connection: the server rolls the transaction back itself
        if isinstance(exc, ProjectError) and isinstance(exc.__cause__, _CONFLICT):
            raise Retryable("server.conflict", where=pg.where, detail=one_line(str(exc.__cause__))) from exc
        raise
    try:
        transaction.__exit__(None, None, None)
    except _CONFLICT as exc:
        raise Retryable("server.conflict", where=pg.where, detail=one_line(str(exc))) from exc
    except _LOST as exc:
        if not pg.raw.broken and not pg.raw.closed:
            raise server_error(pg.where, exc) from exc
        _settle(pg, reconnect, batch, exc)
    except psycopg.Error as exc:
        raise server_error(pg.where, exc) from exc


def _begin(pg: PgDatabase, reconnect: Callable[[], bool]) -> AbstractContextManager[object]:
    for attempt in range(2):
        transaction = pg.raw.transaction()
        try:
            transaction.__enter__()
            return transaction
        except _LOST as exc:
            if attempt or not reconnect():
                raise server_error(pg.where, exc) from exc
        except psycopg.Error as exc:
            raise server_error(pg.where, exc) from exc
    raise AssertionError("unreachable")


def _settle(pg: PgDatabase, reconnect: Callable[[], bool], batch: str, exc: BaseException) -> None:
    """The connection was lost during COMMIT: saved only if the batch is in the history."""
    reason = one_line(str(exc))
    if reconnect():
        try:
            row = pg.raw.execute("SELECT EXISTS (SELECT 1 FROM history WHERE batch = %s)", [batch]).fetchone()
        except psycopg.Error:
            row = None
        if row is not None:
            if row[0]:
                return  # committed before the connection went: saved
            raise ServerFault("server.commit_lost", where=pg.where, detail=reason)
    raise ServerFault("server.commit_unknown", where=pg.where, detail=reason)


def alive(pg: PgDatabase) -> bool:
    """Whether the store's connection still answers (asked once the server was away)."""
    if pg.in_transaction:
        return True  # an action is running on it: it answers, or the action finds out itself
    try:
        pg.raw.execute("SELECT 1")
    except psycopg.Error:
        return False
    return True
