"""`barchasb export`: flags, files, exit codes, the ask-first behaviour, the report."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from formats.transfer_data import REZA, SARA, label_phrases

from desktop.cli import main


@pytest.fixture
def labelled(seeded):
    seeded.set_annotator("sara")
    label_phrases(seeded, SARA, [1, 2, 3, 4, 5])
    seeded.set_annotator("reza")
    label_phrases(seeded, REZA, [1, 2])
    return seeded


def test_hf_split_writes_a_folder_with_the_label_list(labelled, tmp_path, capsys):
    out = tmp_path / "hf"
    code = main(
        [
            "export",
            str(labelled.path),
            "-f",
            "hf",
            "-o",
            str(out),
            "--layer",
            "sara",
            "--split",
            "60,20,20",
            "--seed",
            "3",
            "--scheme",
            "bioes",
        ]
    )
    assert code == 0
    assert {p.name for p in out.iterdir()} == {"train.jsonl", "dev.jsonl", "test.jsonl", "labels.json"}
    stdout = capsys.readouterr().out
    assert "exported 5 documents" in stdout and "split: " in stdout
    tags = json.loads((out / "labels.json").read_text(encoding="utf-8"))
    assert tags["scheme"] == "BIOES" and "S-place" in tags["ner_tags"]


def test_misaligned_spans_stop_with_a_list_until_a_policy_is_chosen(labelled, tmp_path, capsys):
    text = labelled.repo.document_text(3)
    start = text.index("بازرگانی") + 1  # inside a word no one labelled
    labelled.set_annotator("sara")
    labelled.add_span(3, start, start + 4, "figure")
    out, report = tmp_path / "t.conll", tmp_path / "report.json"
    args = ["export", str(labelled.path), "-f", "conll", "-o", str(out), "--layer", "sara"]
    assert main(args + ["--report", str(report)]) == 1
    err = capsys.readouterr().err
    assert "1 spans needed attention: misaligned unresolved 1" in err
    assert f"[{start}, {start + 4}) figure «{text[start : start + 4]}» (sara)" in err
    assert err.strip().endswith("choose --misaligned expand, contract or skip)")
    assert not out.exists()
    problems = json.loads(report.read_text(encoding="utf-8"))["problems"]
    assert [(p["start"], p["kind"], p["action"]) for p in problems] == [(start, "misaligned", "unresolved")]
    assert main(args + ["--misaligned", "skip"]) == 0  # the skip was asked for: not a partial export
    assert "misaligned skipped 1" in capsys.readouterr().err and out.exists()
    assert main(args + ["--misaligned", "expand", "-q"]) == 0
    assert "B-figure" in out.read_text(encoding="utf-8")


def test_labels_and_map_flags(labelled, tmp_path):
    out = tmp_path / "m.jsonl"
    assert (
        main(
            [
                "export",
                str(labelled.path),
                "-o",
                str(out),
                "--map",
                "place=LOC",
                "--map",
                "official=PER",
                "--labels",
                "LOC,PER",
            ]
        )
        == 0
    )
    labels = {s["label"] for line in out.read_text(encoding="utf-8").splitlines() for s in json.loads(line)["spans"]}
    assert labels == {"LOC", "PER"}


@pytest.mark.parametrize(
    "args, words",
    [
        (["--layer", "nobody"], "no annotator 'nobody'"),
        (["--map", "place"], "--map wants OLD=NEW"),
        (["--split", "80,x"], "--split wants weights"),
        (["--split", "1,2,3,4"], "two or three non-negative weights"),
    ],
)
def test_bad_options_are_one_line_errors(labelled, tmp_path, capsys, args, words):
    assert main(["export", str(labelled.path), "-o", str(tmp_path / "x")] + args) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and words in err


def test_export_loads_no_qt(labelled, tmp_path):
    code = (
        "import sys; from desktop.cli import main;"
        "rc = main(['export', sys.argv[1], '-f', 'conll', '-o', sys.argv[2], '--layer', 'sara']);"
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt loaded';"
        "sys.exit(rc)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(labelled.path), str(tmp_path / "o")], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
