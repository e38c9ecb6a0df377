"""A network that goes silent under an open server project: no reset, no error, just no answer.

The project is reached through a proxy (tests/stallproxy.py) that stops
forwarding without closing anything. The workspace must notice within
seconds (desktop/storage/postgres/watchdog.py), say so, never count an
action as saved that the server does not hold, and work again once the
network is back. Patience and connect timeout are shortened for the test.
"""

from __future__ import annotations

import threading
import time
import uuid

import pytest

from desktop.core.errors import ProjectError
from desktop.storage.postgres import connect, watchdog
from desktop.workspace import Workspace

from helpers import add_document
from stallproxy import StallProxy

pytestmark = pytest.mark.postgres

TEXT = "بانک مرکزی در تهران نرخ را اعلام کرد."


@pytest.fixture
def through_proxy(postgres_cluster, monkeypatch):
    """A project owned by a login with a password, and its URL through a proxy that can stall."""
    role, secret = f"sara_{uuid.uuid4().hex[:8]}", f"Pw-{uuid.uuid4().hex}"
    postgres_cluster.sql(f"CREATE ROLE {role} LOGIN PASSWORD '{secret}'")
    db = postgres_cluster.fresh_database(owner=role)
    monkeypatch.setenv("PGPASSWORD", secret)
    monkeypatch.setattr(watchdog, "PATIENCE_S", 1.0)
    monkeypatch.setattr(connect, "CONNECT_TIMEOUT_S", 2)
    proxy = StallProxy(postgres_cluster.port)
    url = f"postgresql://{role}@127.0.0.1:{proxy.port}/{db}"
    workspace = Workspace.create(url)
    add_document(workspace, TEXT)
    workspace.close()
    yield proxy, url, postgres_cluster.url(db)
    proxy.close()


def _stored(url: str) -> list[tuple[int, int]]:
    with Workspace.open(url, "owner") as workspace:
        return [(s.start, s.end) for s in workspace.repo.spans(1)]


def test_a_silent_network_is_noticed_in_seconds_and_nothing_shown_as_saved_is_lost(through_proxy):
    proxy, url, direct = through_proxy
    with Workspace.open(url, "sara") as sara:
        sara.add_span(1, 0, 4, "organisation")
        proxy.stall()
        rescue = threading.Timer(20, proxy.resume)  # without the watchdog: a failed assertion, not a hung run
        rescue.start()
        began = time.monotonic()
        with pytest.raises(ProjectError, match="PostgreSQL server"):
            sara.add_span(1, 14, 19, "place")
        assert time.monotonic() - began < 10  # libpq alone waits for minutes
        began = time.monotonic()
        with pytest.raises(ProjectError, match="cannot be reached"):
            sara.external_change_token()  # what a window asks: it shows the server away
        assert time.monotonic() - began < 10
        assert _stored(direct) == [(0, 4)]  # the failed action left nothing behind
        rescue.cancel()
        proxy.resume()
        sara.external_change_token()  # back: a fresh connection
        sara.add_span(1, 20, 25, "place")
    assert _stored(direct) == [(0, 4), (20, 25)]


def test_a_long_statement_is_not_taken_for_silence(through_proxy):
    _proxy, url, _direct = through_proxy
    with Workspace.open(url, "sara") as sara:
        began = time.monotonic()
        assert sara.repo.scalar("SELECT 7 FROM pg_sleep(2.5)") == 7  # longer than the patience: still answered
        assert time.monotonic() - began >= 2.5
