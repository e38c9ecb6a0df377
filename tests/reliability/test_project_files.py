"""Project files that are not projects, are broken, read-only, too new, or on a full disk.

Every command says what is wrong in one line on stderr (no traceback, no
"internal error") and touches nothing: the file's bytes, and the folder's
listing, are as they were.
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from reliability.checks import FIXTURES, ROOT, integrity, row_counts

from desktop.cli import main
from desktop.core.errors import ProjectError
from desktop.storage.migrations import SCHEMA_VERSION
from desktop.workspace import Workspace
from desktop.workspace.imports.plain import import_files

from helpers import add_document

CORRUPTION_TRIALS = 40


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def listing(folder: Path) -> dict[str, bytes | None]:
    return {p.name: (p.read_bytes() if p.is_file() else None) for p in folder.iterdir()}


@pytest.fixture
def sources(tmp_path_factory) -> dict[str, Path]:
    """An input file and an output path, in a folder of their own."""
    folder = tmp_path_factory.mktemp("sources")
    text = folder / "news.txt"
    text.write_text("وزیر امور خارجه به مسکو رفت.", encoding="utf-8")
    return {"text": text, "out": folder / "out.jsonl"}


def commands(project: Path, sources: dict[str, Path]) -> list[list[str]]:
    return [
        ["stats", str(project)],
        ["stats", str(project), "--json"],
        ["import", str(project), str(sources["text"])],
        ["export", str(project), "-o", str(sources["out"])],
        ["history", str(project)],
        ["backup", str(project)],
    ]


def assert_refused(argv: list[str], path: Path, *words: str) -> None:
    folder = path.parent if path.parent.exists() else None
    before = listing(folder) if folder else None
    code, out, err = run(*argv)
    assert code == 1, (argv, out, err)
    assert err.startswith("barchasb: error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err and "internal error" not in err, err
    assert all(word in err for word in words), err
    if folder:
        assert listing(folder) == before, f"{argv[0]} touched {folder}"


# --- not a project ----------------------------------------------------------------------


def other_sqlite(path: Path) -> None:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE notes (x)")
        conn.commit()


NOT_PROJECTS = {
    "text": (lambda p: p.write_text("سلام، این یک پروژه نیست\n" * 200), "not a Barchasb project"),
    "random": (lambda p: p.write_bytes(random.Random(1).randbytes(50_000)), "not a Barchasb"),
    "empty": (lambda p: p.write_bytes(b""), "an empty file"),
    "header only": (lambda p: p.write_bytes(b"SQLite format 3\x00" + b"\x00" * 84), ""),
    "header and garbage": (lambda p: p.write_bytes(b"SQLite format 3\x00" + b"\xff" * 9000), "not a Barchasb project"),
    "another program's": (other_sqlite, "an SQLite file, but not a Barchasb project"),
    "a folder": (lambda p: p.mkdir(), "no project there"),
    "missing": (lambda p: None, "no project there"),
}


@pytest.mark.parametrize("kind", sorted(NOT_PROJECTS))
def test_a_file_that_is_not_a_project_is_refused_untouched(kind, tmp_path, sources):
    path = tmp_path / "thing.barchasb"
    make, words = NOT_PROJECTS[kind]
    make(path)
    for argv in commands(path, sources):
        assert_refused(argv, path, str(path), words)


def test_a_project_from_a_newer_version_is_refused_untouched(tmp_path, sources, make_project):
    path = make_project()
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    for argv in commands(path, sources):
        assert_refused(argv, path, "made by a newer version", "please upgrade")


@pytest.fixture
def full_project(tmp_path) -> Path:
    """A project with some pages to cut: the sample documents and spans."""
    path = tmp_path / "full.barchasb"
    ws = Workspace.create(path)
    import_files(ws, "tester", [ROOT / "seeds"], normalize_text=False)
    ws.set_annotator("sara")
    for doc in range(1, 6):
        for start in range(0, 600, 20):
            ws.add_span(doc, start, start + 5, "place")
    ws.close()
    return path


def test_a_truncated_project_is_refused_untouched(full_project, tmp_path, sources):
    data = full_project.read_bytes()
    page = 4096
    cuts = sorted({*range(page, len(data), page), *random.Random(2).sample(range(len(data)), 12)})
    folder = tmp_path / "cut"
    folder.mkdir()
    for cut in cuts:
        path = folder / "cut.barchasb"
        path.write_bytes(data[:cut])
        for argv in commands(path, sources):
            assert_refused(argv, path, str(path))
        assert path.read_bytes() == data[:cut]
        path.unlink()
    assert len(cuts) > 20


def test_a_damaged_project_never_causes_an_internal_error(full_project, tmp_path, sources):
    """Bit rot anywhere: each command works, or says the file is damaged."""
    data = full_project.read_bytes()
    rng = random.Random(3)
    damaged_said = 0
    for trial in range(CORRUPTION_TRIALS):
        bad = bytearray(data)
        at = rng.randrange(4096, len(data))
        for i in range(rng.choice([1, 16, 256])):
            if at + i < len(bad):
                bad[at + i] = rng.randrange(256)
        for argv in commands(full_project, sources)[:2] + commands(full_project, sources)[3:5]:
            full_project.write_bytes(bad)
            code, out, err = run(*argv)
            assert code in (0, 1), (trial, argv, err)
            assert "internal error" not in err and "Traceback" not in err, (trial, err)
            assert code == 0 or err.count("\n") == 1
            damaged_said += "damaged" in err
    assert damaged_said > 0


# --- read-only --------------------------------------------------------------------------


@contextmanager
def read_only(path: Path):
    """Make a file or a folder read-only, even for root (a read-only bind mount)."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(mode & ~0o222)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    mounted = subprocess.run(["mount", "--bind", str(path), str(path)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot make a read-only mount here: {mounted.stderr.decode().strip()}")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(path)], check=True, capture_output=True)
        yield
    finally:  # lazily if a file is still open in it: never leave a mount behind
        if subprocess.run(["umount", str(path)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(path)], check=True, capture_output=True)


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_project_can_be_read_but_refuses_changes(what, tmp_path, sources):
    folder = tmp_path / "shelf"
    folder.mkdir()
    path = folder / "p.barchasb"
    ws = Workspace.create(path)
    ws.set_annotator("sara")
    ws.add_span(add_document(ws), 2, 5, "figure")
    ws.close()
    data = path.read_bytes()
    with read_only(path if what == "file" else folder):
        before = listing(folder)  # (in-process runs: each command closes what it opened)
        assert run("stats", str(path))[0] == 0
        assert run("history", str(path))[0] == 0
        code, _, err = run("import", str(path), str(sources["text"]))
        assert code == 1 and err.count("\n") == 1
        assert "read-only; nothing was changed" in err
        if what == "folder":
            code, _, err = run("backup", str(path))
            assert code == 1 and "cannot keep backups there" in err and err.count("\n") == 1
            assert listing(folder) == before  # not even a -wal or -shm
        else:  # SQLite's own read-only WAL access may leave an empty -wal and the -shm
            extra = set(listing(folder)) - set(before)
            assert extra <= {"p.barchasb-wal", "p.barchasb-shm"}
            assert not (folder / "p.barchasb-wal").exists() or (folder / "p.barchasb-wal").stat().st_size == 0
        assert path.read_bytes() == data


def test_a_project_in_a_read_only_folder_can_be_exported(tmp_path, sources):
    folder = tmp_path / "shelf"
    folder.mkdir()
    path = folder / "p.barchasb"
    Workspace.create(path).close()
    with read_only(folder):  # in a process of its own: whatever it leaves open dies with it
        out = subprocess.run(
            [sys.executable, "-m", "desktop", "export", str(path), "-o", str(sources["out"])],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
    assert out.returncode == 0, out.stderr


# --- a full disk ----------------------------------------------------------------------------


@pytest.fixture
def tiny_disk(tmp_path):
    """A 1 MB file system (root only: tmpfs)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tiny tmpfs needs root (the max_page_count test still runs)")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(disk)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {mounted.stderr.decode().strip()}")
    try:
        yield disk
    finally:
        if subprocess.run(["umount", str(disk)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(disk)], check=True, capture_output=True)


def fill(disk: Path, leave: int) -> None:
    """Fill the disk but for about `leave` bytes."""
    free = shutil.disk_usage(disk).free
    (disk / "filler").write_bytes(b"\0" * max(0, free - leave))


def big_text(path: Path, mb: float = 2) -> Path:
    words = ["وزیر", "امور", "خارجه", "ایران", "در", "تهران", "با", "سفیر", "چین", "دیدار", "کرد"]
    path.write_text(" ".join(words[i % len(words)] for i in range(int(mb * 1e6 / 8))), encoding="utf-8")
    return path


def test_an_import_onto_a_full_disk_changes_nothing(tiny_disk, tmp_path, make_project):
    project = make_project(folder=tiny_disk)
    before = project.read_bytes()
    code, _, err = run("import", str(project), str(big_text(tmp_path / "big.txt")), "--no-normalize")
    assert code == 1 and "the disk is full; nothing was changed" in err and err.count("\n") == 1
    assert project.read_bytes() == before
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["project.barchasb"]


def test_an_export_onto_a_full_disk_leaves_the_old_file(tiny_disk, full_project):
    target = tiny_disk / "out.jsonl"
    target.write_text("the old export\n")
    fill(tiny_disk, 20_000)
    code, _, err = run("export", str(full_project), "-o", str(target))
    assert code == 1 and "cannot write the export" in err and err.count("\n") == 1
    assert target.read_text() == "the old export\n"


def test_a_failed_export_leaves_no_temporary_file(tiny_disk, full_project):
    fill(tiny_disk, 20_000)
    run("export", str(full_project), "-o", str(tiny_disk / "out.jsonl"))
    assert not list(tiny_disk.glob(".out.jsonl.*"))


def test_a_backup_onto_a_full_disk_fails_cleanly(tiny_disk, full_project):
    project = tiny_disk / "p.barchasb"
    shutil.copyfile(ROOT / "tests" / "fixtures" / "schema-1.barchasb", project)
    Workspace.open(project).close()  # upgraded now, so no copy is needed when opened later
    for bak in tiny_disk.glob("*.bak"):
        bak.unlink()
    fill(tiny_disk, 60_000)
    data = project.read_bytes()
    code, _, err = run("backup", str(project))
    assert code == 1 and err.count("\n") == 1 and "nothing was changed" in err, err
    assert project.read_bytes() == data
    assert not [p for p in (tiny_disk / "p.barchasb.backups").iterdir()]  # no half backup


def test_an_upgrade_on_a_full_disk_leaves_the_old_file(tiny_disk):
    if SCHEMA_VERSION == 1:
        pytest.skip("schema 1 is current")
    project = tiny_disk / "old.barchasb"
    shutil.copyfile(FIXTURES / "schema-1.barchasb", project)
    fill(tiny_disk, 60_000)  # not room for the copy saved before upgrading
    data = project.read_bytes()
    code, _, err = run("stats", str(project))
    assert code == 1 and err.count("\n") == 1 and "nothing was changed" in err, err
    assert project.read_bytes() == data
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["filler", "old.barchasb"]


def test_a_full_database_refuses_writes_and_keeps_what_it_had(full_project, tmp_path):
    """The same through SQLite's own limit (any user, any machine)."""
    ws = Workspace.open(full_project, "sara")
    pages = ws.repo.scalar("PRAGMA page_count")
    ws.repo.db.execute(f"PRAGMA max_page_count = {pages}")
    before = row_counts(full_project)
    with pytest.raises(ProjectError, match="the disk is full; nothing was changed"):
        import_files(ws, "tester", [big_text(tmp_path / "big.txt", 0.5)], normalize_text=False)
    assert row_counts(full_project) == before
    assert not ws.undo_stack.can_undo()
    ws.repo.db.execute(f"PRAGMA max_page_count = {pages * 100}")
    span = ws.add_span(1, 700, 705, "date")  # room again: it works, nothing was lost
    assert ws.repo.span(span.id).label == "date"
    ws.close()
    assert integrity(full_project) == "ok"
