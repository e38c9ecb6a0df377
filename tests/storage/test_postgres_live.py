"""Live server projects: another person's commit reaches an open store at once, and the change
token never misses one (a slow transaction committing lower history ids after a look)."""

from __future__ import annotations

import select
import time

import pytest

from desktop.workspace import Workspace

from helpers import add_document

pytestmark = pytest.mark.postgres

TEXT = "بانک مرکزی در تهران نرخ را اعلام کرد."


@pytest.fixture
def project(postgres_url):
    workspace = Workspace.create(postgres_url)
    add_document(workspace, TEXT)
    workspace.close()
    return postgres_url


def _readable_within(fd: int, seconds: float) -> float | None:
    began = time.monotonic()
    ready, _, _ = select.select([fd], [], [], seconds)
    return time.monotonic() - began if ready else None


def test_another_annotators_span_reaches_an_open_store_within_a_second(project):
    with Workspace.open(project, "sara") as sara, Workspace.open(project, "reza") as reza:
        token = reza.external_change_token()
        fd = reza.listen_fd()
        assert fd is not None
        sara.add_span(1, 0, 4, "organisation")
        assert _readable_within(fd, 1.0) is not None  # the socket wakes the window: no poll to wait for
        assert reza.external_change_token() != token
        assert [(s.start, s.end) for s in reza.spans(1, all_layers=True)] == [(0, 4)]


def test_a_stores_own_actions_do_not_move_its_token(project):
    with Workspace.open(project, "sara") as sara:
        token = sara.external_change_token()
        sara.add_span(1, 0, 4, "organisation")
        sara.undo()
        time.sleep(0.2)  # the notifications of its own commits have arrived by now
        assert sara.external_change_token() == token


def test_a_slow_transaction_committing_lower_history_ids_still_moves_the_token(project):
    """Sara's action journals first (lower history id) but commits after Reza's: a token made of
    the highest history id seen misses it; the notifications of commits do not."""
    with (
        Workspace.open(project, "sara") as sara,
        Workspace.open(project, "reza") as reza,
        Workspace.open(project, "mina") as mina,
    ):
        first = mina.external_change_token()
        with sara.repo.action("sara"):
            sara.repo.record("test.slow", "note", 1, None, None, {"n": 1})
            reza.add_span(1, 0, 4, "organisation")
            time.sleep(0.2)
            second = mina.external_change_token()
            assert second != first
        time.sleep(0.2)
        assert mina.external_change_token() != second  # sara's commit, heard though its id is lower


def test_a_rolled_back_action_moves_no_token(project):
    with Workspace.open(project, "sara") as sara, Workspace.open(project, "reza") as reza:
        token = reza.external_change_token()
        with pytest.raises(RuntimeError), sara.repo.action("sara"):
            sara.repo.record("test.gone", "note", 1, None, None, {"n": 1})
            raise RuntimeError("the action fails")
        time.sleep(0.2)
        assert reza.external_change_token() == token
