"""`barchasb copy`: a whole project into a new one, losing nothing, or into nothing at all."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest
from formats.transfer_data import REZA, SARA, label_phrases

from desktop.cli import main
from desktop.core.model import Status
from desktop.storage.db import check_integrity
from desktop.storage.repository import Repository
from desktop.storage.tables import TABLES
from desktop.workspace import Workspace
from desktop.workspace.project import copy as copy_module
from desktop.workspace.project.assignment import assign_documents
from desktop.workspace.project.copy import copy_to


@pytest.fixture
def labelled(seeded):
    """The five sample documents, two layers, a status, a deleted span and assignments."""
    seeded.set_annotator("sara")
    label_phrases(seeded, SARA, [1, 2, 3])
    seeded.set_status(1, Status.DONE)
    seeded.delete_span(seeded.spans(1)[0].id)
    seeded.set_annotator("reza")
    label_phrases(seeded, REZA, [1, 2])
    assign_documents(seeded, ["sara", "reza"], [1, 2, 4], actor="lead")
    return seeded


def _export(project, out) -> bytes:
    assert main(["export", str(project), "-f", "jsonl", "-o", str(out)]) == 0
    return out.read_bytes()


def _counts(path) -> dict[str, int]:
    repo = Repository.open(path)
    try:
        with repo.dump() as dump:
            return {t.name: dump.count(t.name) for t in TABLES}
    finally:
        repo.close()


def test_a_copy_exports_byte_for_byte_as_its_source_and_keeps_its_history(labelled, tmp_path, capsys):
    copy = tmp_path / "copy.barchasb"
    assert main(["copy", str(labelled.path), str(copy)]) == 0
    out = capsys.readouterr()
    assert out.out.startswith(f"copied {labelled.path} to {copy}: 5 documents, ") and out.err == ""
    source = _export(labelled.path, tmp_path / "source.jsonl")
    assert len(source) > 1000 and source == _export(copy, tmp_path / "copy.jsonl")
    with Workspace.open(copy) as again:
        assert again.repo.history(limit=100_000) == labelled.repo.history(limit=100_000)
        assert again.repo.assignment_progress() == labelled.repo.assignment_progress()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left
    assert check_integrity(copy) is None
    with closing(sqlite3.connect(copy)) as conn:  # kept as every project file is
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_copy_refuses_a_target_that_holds_anything_and_names_it(labelled, tmp_path, capsys):
    taken = tmp_path / "taken.barchasb"
    Workspace.create(taken).close()  # a new project holds its label scheme already
    before = _counts(taken)
    notes = tmp_path / "notes.txt"
    notes.write_text("hello", encoding="utf-8")
    for target, words in (
        (taken, f"{taken}: already holds a project (3 settings, 8 labels, "),
        (notes, f"{notes}: not a Barchasb project"),
        (labelled.path, f"{labelled.path}: this is the project being copied"),
    ):
        assert main(["copy", str(labelled.path), str(target)]) == 1
        assert words in capsys.readouterr().err
    assert _counts(taken) == before and notes.read_text(encoding="utf-8") == "hello"


def test_copy_fills_an_empty_project_that_is_already_there(labelled, tmp_path):
    empty = tmp_path / "empty.barchasb"
    Repository.open(empty, create=True).close()
    report = copy_to(labelled, empty)
    assert report.rows["documents"] == 5 and report.target == str(empty)
    assert _export(empty, tmp_path / "b.jsonl") == _export(labelled.path, tmp_path / "a.jsonl")


def test_a_copy_that_fails_leaves_no_half_project(labelled, tmp_path, monkeypatch):
    def failing(real):
        def load(self, name, rows):
            if name == "spans":  # the documents, labels and layers are in by then
                raise OSError("disk on fire")
            return real(self, name, rows)

        return load

    # a file into a file goes through load_table (inside SQLite), anything else through load_rows
    monkeypatch.setattr(Repository, "load_rows", failing(Repository.load_rows))
    monkeypatch.setattr(Repository, "load_table", failing(Repository.load_table))
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(OSError, match="disk on fire"):
        copy_to(labelled, tmp_path / "copy.barchasb")
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    empty = tmp_path / "empty.barchasb"
    Repository.open(empty, create=True).close()
    with pytest.raises(OSError, match="disk on fire"):
        copy_to(labelled, empty)
    assert set(_counts(empty).values()) == {0}


def test_a_big_copy_says_how_far_it_has_got_on_stderr(labelled, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(copy_module, "PROGRESS_EVERY", 25)
    assert main(["copy", str(labelled.path), str(tmp_path / "copy.barchasb"), "--json"]) == 0
    out = capsys.readouterr()
    total = sum(_counts(labelled.path).values())
    lines = out.err.splitlines()
    assert lines and all(line.startswith("copying: ") and f" of {total} rows (" in line for line in lines)
    assert lines[0].startswith("copying: 25 of ") and len(lines) == total // 25
    assert '"documents": 5' in out.out
