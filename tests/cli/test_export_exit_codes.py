"""`barchasb export` exit codes under `set -e`: a skip the user chose is the export they asked
for (0, the skipped spans listed on stderr); a span Barchasb left out on its own is a partial
export (3); spans waiting for a choice write nothing (1)."""

from __future__ import annotations

import sqlite3

import pytest
from formats.transfer_data import REZA, SARA, label_phrases

from desktop.cli import main


@pytest.fixture
def labelled(seeded):
    """sara's and reza's layers: reza's title overlaps sara's place inside it."""
    seeded.set_annotator("sara")
    label_phrases(seeded, SARA, [1, 2, 3, 4, 5])
    seeded.set_annotator("reza")
    label_phrases(seeded, REZA, [1, 2])
    seeded.set_annotator("sara")
    return seeded


def export(ws, tmp_path, *options: str) -> int:
    return main(["export", str(ws.path), "-f", "conll", "-o", str(tmp_path / "out.conll"), *options])


def inside_a_word(ws) -> None:
    """A span of four letters inside a word: no whole token in it."""
    start = ws.repo.document_text(3).index("بازرگانی") + 1
    ws.add_span(3, start, start + 4, "figure")


def test_overlapping_skip_asked_for_exits_0_and_lists_the_skipped_spans(labelled, tmp_path, capsys):
    assert export(labelled, tmp_path) == 1  # all layers: overlaps wait for a choice
    assert "choose --overlapping skip" in capsys.readouterr().err
    assert export(labelled, tmp_path, "--overlapping", "skip") == 0
    captured = capsys.readouterr()
    assert "spans needed attention: overlap skipped" in captured.err
    assert "exported 5 documents" in captured.out and (tmp_path / "out.conll").exists()


def test_misaligned_skip_asked_for_exits_0(labelled, tmp_path, capsys):
    inside_a_word(labelled)
    assert export(labelled, tmp_path, "--layer", "sara", "--misaligned", "skip") == 0
    assert "misaligned skipped 1" in capsys.readouterr().err


def test_contract_that_leaves_nothing_is_a_skip_not_asked_for(labelled, tmp_path, capsys):
    inside_a_word(labelled)
    assert export(labelled, tmp_path, "--layer", "sara", "--misaligned", "contract") == 3
    assert "misaligned skipped 1" in capsys.readouterr().err
    assert export(labelled, tmp_path, "--misaligned", "contract", "--overlapping", "skip") == 3


def test_a_span_out_of_range_is_partial_whatever_was_asked(labelled, tmp_path, capsys):
    db = sqlite3.connect(labelled.path)  # a damaged row: export checks every span
    with db:
        db.execute('UPDATE spans SET "end" = 100000 WHERE id = (SELECT min(id) FROM spans)')
    db.close()
    assert main(["export", str(labelled.path), "-o", str(tmp_path / "all.jsonl")]) == 3
    assert "out_of_range skipped 1" in capsys.readouterr().err
    assert export(labelled, tmp_path, "--misaligned", "skip", "--overlapping", "skip") == 3
    err = capsys.readouterr().err
    assert "out_of_range skipped 1" in err and "overlap skipped" in err
