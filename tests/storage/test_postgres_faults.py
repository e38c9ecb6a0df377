"""Faults on a server project: a restart or a lost connection mid-session, a connection lost
during COMMIT, a client killed inside an action, an action rolled back for meeting another."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from psycopg import errors as pg_errors

from desktop.core.errors import ProjectError
from desktop.workspace import Workspace

from helpers import add_document

pytestmark = pytest.mark.postgres

TEXT = "بانک مرکزی در تهران نرخ را اعلام کرد."
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def project(postgres_url):
    workspace = Workspace.create(postgres_url)
    add_document(workspace, TEXT)
    workspace.close()
    return postgres_url


def _spans(url: str) -> list[tuple[int, int, str]]:
    with Workspace.open(url) as workspace:
        return [(s.start, s.end, s.label) for s in workspace.repo.spans(1)]


def test_a_server_restart_mid_session_loses_nothing_and_the_next_action_works(project, postgres_cluster):
    with Workspace.open(project, "sara") as sara:
        sara.add_span(1, 0, 4, "organisation")
        token = sara.external_change_token()
        postgres_cluster.restart()
        assert sara.external_change_token() != token  # back: what was said meanwhile is read again
        sara.add_span(1, 14, 19, "place")  # on a new connection, without a word to the user
        assert sara.undo_stack.can_undo()
    assert _spans(project) == [(0, 4, "organisation"), (14, 19, "place")]


def test_while_the_server_is_away_an_action_fails_whole_and_says_so(project, postgres_cluster):
    with Workspace.open(project, "sara") as sara:
        sara.add_span(1, 0, 4, "organisation")
        postgres_cluster.stop_server()
        try:
            with pytest.raises(ProjectError, match="PostgreSQL server"):
                sara.add_span(1, 14, 19, "place")
            with pytest.raises(ProjectError, match="cannot be reached"):
                sara.external_change_token()
            assert len(sara.undo_stack._done) == 1  # the failed action is not on the stack
        finally:
            postgres_cluster.start_server()
        sara.external_change_token()
        sara.add_span(1, 14, 19, "place")
    assert _spans(project) == [(0, 4, "organisation"), (14, 19, "place")]


def _cut_during_commit(monkeypatch, cluster, *, commit: bool) -> None:
    """The next COMMIT is lost on the way: it is made (or not), then the connection is cut."""
    original = psycopg.Transaction.__exit__

    def exit_(self, kind, value, traceback):
        if kind is not None or not self._outer_transaction:  # a savepoint: not the COMMIT
            return original(self, kind, value, traceback)
        monkeypatch.setattr(psycopg.Transaction, "__exit__", original)
        if commit:
            original(self, None, None, None)
        else:
            original(self, RuntimeError, RuntimeError("rolled back"), None)
        pid = self._conn.info.backend_pid
        with psycopg.connect(cluster.url(), autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", [pid])
        with pytest.raises(psycopg.OperationalError):
            self._conn.execute("SELECT 1")
        raise psycopg.OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(psycopg.Transaction, "__exit__", exit_)


def test_an_action_whose_commit_was_made_before_the_connection_went_counts_as_saved(
    project, postgres_cluster, monkeypatch
):
    with Workspace.open(project, "sara") as sara:
        _cut_during_commit(monkeypatch, postgres_cluster, commit=True)
        sara.add_span(1, 0, 4, "organisation")  # no error: the batch is in the history
        assert sara.undo_stack.can_undo()
    assert _spans(project) == [(0, 4, "organisation")]


def test_an_action_whose_commit_never_arrived_is_reported_not_saved(project, postgres_cluster, monkeypatch):
    with Workspace.open(project, "sara") as sara:
        _cut_during_commit(monkeypatch, postgres_cluster, commit=False)
        with pytest.raises(ProjectError, match="it was not saved"):
            sara.add_span(1, 0, 4, "organisation")
        assert not sara.undo_stack.can_undo()
        sara.add_span(1, 14, 19, "place")  # the store goes on, on a new connection
    assert _spans(project) == [(14, 19, "place")]


CHILD = """
import sys, time
from desktop.workspace import Workspace
workspace = Workspace.open(sys.argv[1], "killed")
with workspace.repo.action("killed"):
    workspace.add_span(1, 0, 4, "organisation")
    print("inside", flush=True)
    time.sleep(60)
"""


def test_a_client_killed_inside_an_action_leaves_the_server_consistent(project):
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, project], cwd=ROOT, stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "inside"
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
        if child.stdout is not None:
            child.stdout.close()
    with Workspace.open(project, "sara") as sara:
        for _ in range(50):  # the server notices the lost client and rolls its transaction back
            if not sara.repo.history(entity="span"):
                break
            time.sleep(0.1)
        assert _spans(project) == [] and sara.repo.history(entity="span") == []
        sara.add_span(1, 0, 4, "organisation")  # the row the killed client held is free again
    assert _spans(project) == [(0, 4, "organisation")]


def test_an_action_rolled_back_for_meeting_another_is_run_again(project):
    with Workspace.open(project, "sara") as sara:
        store = sara.repo
        original = store.insert_span
        failures = []

        def meets_another(span, **options):
            if not failures:
                failures.append(span)
                with store.pg.errors():
                    raise pg_errors.SerializationFailure("could not serialize access")
            return original(span, **options)

        store.insert_span = meets_another
        sara.add_span(1, 0, 4, "organisation")
        assert failures and len(sara.undo_stack._done) == 1
        assert len({row["batch"] for row in store.history(entity="span")}) == 1
    assert _spans(project) == [(0, 4, "organisation")]
