"""Noticing a network that went silent: a statement left without an answer is looked into, not waited on forever.

A network that drops packets without a reset (a dead Wi-Fi, a NAT that forgot
us, a proxy that stalls) leaves a socket that never answers. Keepalives only
help an idle connection, and a proxy or NAT in the way answers them itself;
libpq would wait for minutes. So every wait of a project connection for the
server is watched: after `PATIENCE_S` without an answer, a fresh connection
asks the server about ours.

- Our server process is still running the statement (a long query, a lock
  wait): wait on, and look again later.
- It is idle, gone, or no fresh connection can be made: the answer is lost.
  Our old server process is ended (its locks go, and a COMMIT's outcome,
  asked about later, is final) and our end of the socket is shut down, so the
  wait fails at once as a lost connection; durable.py takes it from there.

One thread watches every connection of the process; a wait costs a lock and
a heap entry, not a thread, and the thread wakes about once per `PATIENCE_S`
while statements run, not once per statement.
"""

from __future__ import annotations

import heapq
import itertools
import os
import socket
import threading
import time
from collections.abc import Callable, Generator
from typing import Any

import psycopg
from psycopg.abc import RV, PQGen

from desktop.core.errors import ProjectError

PATIENCE_S = 5.0  # without an answer for this long, the connection is looked into
Probe = Callable[[], psycopg.Connection[Any]]


class WatchedConnection(psycopg.Connection[Any]):
    """A connection whose waits for the server the watchdog looks into (once `probe` is set)."""

    probe: Probe | None = None

    def wait(self, gen: PQGen[RV], interval: float = 0.1, timeout: float | None = None) -> RV:
        if self.probe is None:
            return super().wait(gen, interval, timeout)
        ticket = WATCHDOG.watch(self)
        try:
            return super().wait(gen, interval, timeout)
        finally:
            WATCHDOG.release(ticket)


class _Watchdog:
    """The one thread that looks into waits that lasted `PATIENCE_S`."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._due: list[tuple[float, int, WatchedConnection]] = []
        self._open: set[int] = set()
        self._tickets = itertools.count()
        self._thread: threading.Thread | None = None

    def watch(self, conn: WatchedConnection) -> int:
        ticket = next(self._tickets)
        with self._lock:
            idle = not self._due  # the thread waits without a deadline: wake it (else it wakes on time)
            heapq.heappush(self._due, (time.monotonic() + PATIENCE_S, ticket, conn))
            self._open.add(ticket)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="barchasb-pg-watchdog", daemon=True)
                self._thread.start()
            if idle:
                self._lock.notify()
        return ticket

    def release(self, ticket: int) -> None:
        with self._lock:
            self._open.discard(ticket)

    def _run(self) -> None:
        for ticket, conn in self._expired():
            if _answer_lost(conn):
                _cut(conn)
            else:
                with self._lock:  # still working: look again later
                    if ticket in self._open:
                        heapq.heappush(self._due, (time.monotonic() + PATIENCE_S, ticket, conn))

    def _expired(self) -> Generator[tuple[int, WatchedConnection]]:
        while True:
            with self._lock:
                while self._due and self._due[0][1] not in self._open:
                    heapq.heappop(self._due)  # answered in time: forgotten
                if not self._due:
                    self._lock.wait()
                    continue
                due, ticket, conn = self._due[0]
                if due > time.monotonic():
                    self._lock.wait(due - time.monotonic())
                    continue
                heapq.heappop(self._due)
            yield ticket, conn


WATCHDOG = _Watchdog()


def _answer_lost(conn: WatchedConnection) -> bool:
    """Whether our server process is no longer working on what we wait for (ended, if so)."""
    pid, probe = conn.info.backend_pid, conn.probe
    if probe is None or conn.closed:
        return False
    try:
        with probe() as fresh:
            row = fresh.execute("SELECT state FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone()
            if row is not None and row[0] == "active":
                return False
            fresh.execute("SELECT pg_terminate_backend(%s)", [pid])
    except (psycopg.Error, ProjectError):
        pass  # no fresh connection either: the network is away
    return True


def _cut(conn: WatchedConnection) -> None:
    """Shut our end of the socket down: the waiting thread sees the connection lost at once."""
    try:
        fd = os.dup(conn.pgconn.socket)
    except (OSError, psycopg.Error):
        return  # closed meanwhile
    with socket.socket(fileno=fd) as sock:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
