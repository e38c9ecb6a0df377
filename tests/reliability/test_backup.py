"""Rotating backups and `barchasb restore`."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest
from reliability.checks import ROOT, content_digest, corrupt_table, integrity, row_counts

from desktop.cli import main
from desktop.core.errors import NotFound, ProjectError
from desktop.storage.backup import (
    backup_folder,
    backup_now,
    find_backup,
    list_backups,
    maybe_backup,
    restore_backup,
    rotate,
)
from desktop.storage.migrations import SCHEMA_VERSION
from desktop.workspace import Workspace

from helpers import add_document


@pytest.fixture
def project(tmp_path) -> Path:
    path = tmp_path / "news.barchasb"
    ws = Workspace.create(path)
    ws.set_annotator("sara")
    doc = add_document(ws)
    ws.add_span(doc, 2, 5, "figure")
    ws.close()
    return path


def add_span(path: Path, start: int) -> None:
    ws = Workspace.open(path, "sara")
    ws.add_span(1, start, start + 1, "place")
    ws.close()


def test_a_backup_is_a_sound_copy_named_by_its_last_change(project):
    backup = backup_now(project)
    folder = project.with_name("news.barchasb.backups")
    assert backup.path.parent == backup_folder(project) == folder
    assert integrity(backup.path) == "ok"
    assert content_digest(backup.path) == content_digest(project)
    with closing(sqlite3.connect(project)) as conn:
        last = conn.execute("SELECT max(id) FROM history").fetchone()[0]
    assert backup.marker.startswith(f"{last}-")
    assert not backup.path.with_name(backup.path.name + "-wal").exists()  # one file
    assert list_backups(project) == [backup]


def test_maybe_backup_takes_one_when_changed_and_the_last_is_old_enough(project):
    ws = Workspace.open(project, "sara")
    first = maybe_backup(ws.repo)
    assert first is not None and first.kind == "auto"  # none yet
    assert maybe_backup(ws.repo) is None  # nothing changed since
    ws.add_span(1, 10, 12, "place")
    assert maybe_backup(ws.repo) is None  # changed, but the last backup is too recent
    later = first.taken_at + timedelta(minutes=11)
    second = maybe_backup(ws.repo, now=later)
    assert second is not None and second.marker != first.marker
    assert [b.path for b in list_backups(project)] == [second.path, first.path]
    ws.close()


def test_maybe_backup_notices_a_change_made_by_another_window(project):
    ws = Workspace.open(project, "sara")
    first = maybe_backup(ws.repo)
    add_span(project, 20)  # another connection
    assert maybe_backup(ws.repo, interval=timedelta(0)).marker != first.marker
    ws.close()


def test_rotation_keeps_the_newest(project):
    taken = []
    for start in range(6):
        add_span(project, 20 + start)
        taken.append(backup_now(project, keep=4))
    kept = list_backups(project)
    assert [b.path for b in kept] == [b.path for b in reversed(taken[-4:])]
    assert not any(b.path.exists() for b in taken[:2])
    assert rotate(project, 1) == [b.path for b in kept[1:]]


def test_a_backup_holds_committed_data_only_and_does_not_wait_for_a_writer(project):
    writer = sqlite3.connect(project, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO settings (key, value) VALUES ('uncommitted', '1')")
    started = time.monotonic()
    backup = backup_now(project)
    assert time.monotonic() - started < 3
    writer.execute("ROLLBACK")
    writer.close()
    with closing(sqlite3.connect(backup.path)) as conn:
        keys = conn.execute("SELECT key FROM settings").fetchall()
    assert ("uncommitted",) not in keys


def test_restore_puts_the_backup_in_place_and_keeps_what_it_replaced(project):
    backup = backup_now(project)
    before = content_digest(project)
    add_span(project, 30)
    changed = content_digest(project)
    assert changed != before
    saved = restore_backup(project, backup)
    assert content_digest(project) == before
    assert saved.kind == "replaced" and content_digest(saved.path) == changed
    assert integrity(project) == "ok"
    assert not list(project.parent.glob(".*.part"))  # no temporary left behind
    ws = Workspace.open(project, "sara")  # and it is a working project
    ws.add_span(1, 40, 41, "date")
    ws.close()


def test_restore_refuses_while_another_process_has_the_project_open(project):
    backup = backup_now(project)
    add_span(project, 30)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from desktop.workspace import Workspace;"
            "ws = Workspace.open(sys.argv[1], 'reza'); print('open', flush=True); time.sleep(30)",
            str(project),
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        before = content_digest(project)
        with pytest.raises(ProjectError, match="open in another window"):
            restore_backup(project, backup)
        assert content_digest(project) == before
        assert [b.kind for b in list_backups(project)] == ["manual"]  # nothing saved either
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    restore_backup(project, backup)  # once it is closed, it works


def test_restore_saves_a_damaged_project_as_it_lies(project):
    backup = backup_now(project)
    damaged = b"SQLite format 3\x00" + bytes(range(256)) * 64
    project.write_bytes(damaged)
    saved = restore_backup(project, backup)
    assert saved.kind == "damaged" and saved.path.read_bytes() == damaged
    assert content_digest(project) == content_digest(backup.path)


def test_restore_refuses_a_damaged_backup_and_leaves_the_project(project):
    backup = backup_now(project)
    data = bytearray(backup.path.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 4096] = b"\xff" * 4096
    backup.path.write_bytes(bytes(data))
    before = project.read_bytes()
    with pytest.raises(ProjectError, match="backup is damaged"):
        restore_backup(project, backup)
    assert project.read_bytes() == before


def test_a_damaged_project_is_not_backed_up_over_good_backups(project):
    good = [backup_now(project, keep=2) for _ in range(2)]
    corrupt_table(project, "spans")
    with pytest.raises(ProjectError, match="damaged"):
        backup_now(project, keep=2)
    assert [b.path for b in list_backups(project)] == [g.path for g in reversed(good)]


def test_find_backup_by_number_name_or_path(project):
    first = backup_now(project)
    add_span(project, 30)
    second = backup_now(project)
    assert find_backup(project, "1") == second
    assert find_backup(project, first.path.name) == first
    assert find_backup(project, str(first.path)) == first
    with pytest.raises(NotFound, match="no backup '7'"):
        find_backup(project, "7")


def test_the_cli_lists_backs_up_and_restores(project, capsys):
    assert main(["restore", str(project), "--list"]) == 0
    assert "no backups" in capsys.readouterr().out
    assert main(["backup", str(project)]) == 0
    assert "backed up" in capsys.readouterr().out
    before = content_digest(project)
    add_span(project, 30)
    assert main(["restore", str(project)]) == 0
    listing = capsys.readouterr().out
    assert "   1  " in listing and "manual" in listing
    assert main(["restore", str(project), "1"]) == 0
    out = capsys.readouterr().out
    assert "restored" in out and "as it was is kept" in out
    assert content_digest(project) == before
    assert main(["restore", str(project), "99"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no backup '99'" in err


def test_a_pre_upgrade_copy_restores_by_path(tmp_path):
    from reliability.checks import FIXTURES

    project = tmp_path / "old.barchasb"
    project.write_bytes((FIXTURES / "schema-1.barchasb").read_bytes())
    counts = row_counts(project)
    Workspace.open(project).close()  # upgraded (when the schema has moved on)
    if SCHEMA_VERSION == 1:
        pytest.skip("no upgrade yet: schema 1 is current")
    bak = project.with_name("old.barchasb.pre-upgrade-v1.bak")
    assert main(["restore", str(project), str(bak)]) == 0
    assert row_counts(project) == counts
