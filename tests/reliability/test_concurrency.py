"""Two windows, or a window and a CLI command, on one project.

Nothing is corrupted, each sees the other's committed changes when it looks
again (and `external_change_token` says when to look), and a write that
cannot get the lock in time fails with a clear "busy" error, leaving no trace
and nothing on the undo stack, so it can be retried and is never lost
silently.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest
from reliability.checks import ROOT, integrity, row_counts

from desktop.cli import main
from desktop.core.errors import ProjectError
from desktop.storage import db as db_module
from desktop.workspace import Workspace
from desktop.workspace.export.project import ExportOptions, export_project

from helpers import add_document


@pytest.fixture
def project(tmp_path):
    path = tmp_path / "shared.barchasb"
    ws = Workspace.create(path)
    ws.set_annotator("sara")
    add_document(ws)
    ws.close()
    return path


@pytest.fixture
def short_busy_timeout(monkeypatch):
    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_MS", 300)


def test_two_windows_see_each_others_changes(project):
    sara, reza = Workspace.open(project, "sara"), Workspace.open(project, "reza")
    token = sara.external_change_token()
    mine = sara.add_span(1, 2, 5, "figure")
    assert sara.external_change_token() == token  # own changes do not call for a refresh
    theirs = reza.add_span(1, 10, 15, "place")
    assert sara.external_change_token() != token  # another window's do
    assert {s.id for s in sara.spans(1, all_layers=True)} == {mine.id, theirs.id}
    token = reza.external_change_token()
    sara.delete_span(mine.id)
    assert reza.external_change_token() != token
    assert [s.id for s in reza.spans(1, all_layers=True)] == [theirs.id]
    sara.close()
    reza.close()
    assert integrity(project) == "ok"


def test_the_token_stays_put_while_nobody_writes(project):
    ws = Workspace.open(project, "sara")
    other = Workspace.open(project, "reza")
    token = ws.external_change_token()
    other.spans(1)  # reading is not a change
    assert [ws.external_change_token() for _ in range(5)] == [token] * 5
    other.close()
    ws.close()


def hold_write_lock(path, release: threading.Event, started: threading.Event) -> threading.Thread:
    """Another window, in the middle of a long write (uncommitted until released)."""

    def run():
        ws = Workspace.open(path, "reza")
        with ws.repo.action("reza"):
            ws.repo.set_setting("long_write", True)
            started.set()
            release.wait(30)
        ws.close()

    thread = threading.Thread(target=run)
    thread.start()
    started.wait(10)
    return thread


def test_a_write_that_cannot_get_the_lock_fails_clearly_and_leaves_no_trace(project, short_busy_timeout):
    ws = Workspace.open(project, "sara")
    release = threading.Event()
    holder = hold_write_lock(project, release, threading.Event())
    before = row_counts(project)
    began = time.monotonic()
    with pytest.raises(ProjectError, match="busy in another window or command; try again"):
        ws.add_span(1, 2, 5, "figure")
    assert 0.25 < time.monotonic() - began < 3  # the busy timeout, not forever
    assert not ws.undo_stack.can_undo()  # nothing to undo: nothing happened
    assert row_counts(project) == before
    release.set()
    holder.join()
    span = ws.add_span(1, 2, 5, "figure")  # the retry goes through
    assert ws.repo.span(span.id).label == "figure"
    assert ws.repo.setting("long_write") is True  # and the other write is intact
    ws.close()


def test_a_cli_import_during_a_long_write_is_refused_in_one_line(project, tmp_path, capsys, short_busy_timeout):
    text = tmp_path / "news.txt"
    text.write_text("وزیر امور خارجه به مسکو رفت.", encoding="utf-8")
    release = threading.Event()
    holder = hold_write_lock(project, release, threading.Event())
    before = row_counts(project)
    try:
        code = main(["import", str(project), str(text), "--no-normalize"])
    finally:
        release.set()
        holder.join()
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and "busy" in err and str(project) in err
    assert row_counts(project)["documents"] == before["documents"]


def test_an_export_reads_committed_data_only(project, tmp_path):
    ws = Workspace.open(project, "sara")
    ws.add_span(1, 2, 5, "figure")
    other = Workspace.open(project, "reza")
    with other.repo.action("reza"):  # uncommitted while the export runs
        other.repo.db.execute("UPDATE spans SET label = 'place'")
        report = export_project(ws, ExportOptions("jsonl"), tmp_path / "out.jsonl")
    assert report.spans == 1
    assert '"label":"figure"' in (tmp_path / "out.jsonl").read_text(encoding="utf-8")
    other.close()
    ws.close()


WRITER = """
import sys, time
from desktop.cli import main
from desktop.core.errors import ProjectError
from desktop.workspace import Workspace
path, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
ws = Workspace.open(path, name)
offset = 0 if name == "sara" else 1
done = retries = 0
while done < count:
    try:
        span = ws.add_span(1, 2 * done + offset, 2 * done + offset + 1, "place")
    except ProjectError as exc:
        assert "busy" in str(exc), exc
        retries += 1
        continue
    print(span.id, flush=True)
    done += 1
print("retries", retries, flush=True)
ws.close()
"""


def test_two_processes_writing_at_once_lose_nothing(project):
    count = 25
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(project), name, str(count)],
            cwd=ROOT,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for name in ("sara", "reza")
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    ids = [int(line) for out, _ in outputs for line in out.split("\n") if line and not line.startswith("retries")]
    assert len(ids) == len(set(ids)) == 2 * count
    ws = Workspace.open(project, "sara")
    stored = {s.id for s in ws.spans(1, all_layers=True)}
    assert set(ids) <= stored
    created = ws.repo.scalar("SELECT count(*) FROM history WHERE action = 'span.create'")
    assert created == 2 * count
    ws.close()
    assert integrity(project) == "ok"
