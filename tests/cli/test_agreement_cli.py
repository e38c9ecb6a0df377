"""`barchasb merge`, `review`, `agreement` and `export --reviewed` from the command line."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from formats.transfer_data import read_jsonl

from desktop.cli import main
from desktop.workspace import Workspace
from desktop.workspace.agreement.project import project_agreement

from helpers import TEXT, add_document


def at(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


def annotator_file(path, name: str, phrases: list[tuple[str, str]]) -> None:
    ws = Workspace.create(path)
    doc = add_document(ws, TEXT)
    ws.set_annotator(name)
    for phrase, label in phrases:
        ws.add_span(doc, *at(phrase), label)
    ws.close()


@pytest.fixture
def files(tmp_path):
    annotator_file(tmp_path / "sara.barchasb", "sara", [("علی جهانگیری", "official"), ("باکو", "place")])
    annotator_file(
        tmp_path / "reza.barchasb", "reza", [("علی جهانگیری", "official"), ("باکو", "organisation"), ("معاون", "title")]
    )
    lead = tmp_path / "lead.barchasb"
    assert main(["init", str(lead)]) == 0
    return tmp_path


@pytest.fixture
def merged(files, capsys):
    lead = files / "lead.barchasb"
    others = [str(files / "sara.barchasb"), str(files / "reza.barchasb")]
    assert main(["merge", str(lead), *others]) == 0
    capsys.readouterr()
    return lead


def test_merge_prints_what_each_file_brought(files, capsys):
    lead = files / "lead.barchasb"
    assert main(["merge", str(lead), str(files / "sara.barchasb"), str(files / "reza.barchasb")]) == 0
    out = capsys.readouterr().out
    assert "sara.barchasb: 1 documents added, 0 matched, 2 spans added" in out
    assert "reza.barchasb: 0 documents added, 1 matched, 3 spans added" in out
    assert main(["merge", str(lead), str(files / "sara.barchasb"), "--json"]) == 0
    (again,) = json.loads(capsys.readouterr().out)["files"]
    assert again["spans_added"] == {} and again["documents_matched"] == 1


def test_merge_errors_are_one_line(files, capsys):
    assert main(["merge", str(files / "lead.barchasb"), str(files / "nope.barchasb")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no project there" in err


def test_agreement_prints_the_pair_matrices_alpha_and_labels(merged, capsys):
    assert main(["agreement", str(merged)]) == 0
    out = capsys.readouterr().out
    assert "layers     sara, reza" in out and "documents  1" in out
    # sara 2 spans, reza 3, one shared: F1 = 2 * 1 / 5
    assert "0.400 / 0.400" in out
    with Workspace.open(merged) as workspace:
        kappa = project_agreement(workspace).pair("sara", "reza").kappa
    assert f"{kappa:.3f}" in out.split("Cohen's kappa")[1].split("Krippendorff")[0]
    assert "Krippendorff's alpha (nominal, tokens, all layers):" in out
    label_rows = out.split("F1 per label")[1].splitlines()
    assert any(line.split()[:1] == ["official"] and "1.000 / 1.000" in line for line in label_rows)
    assert any(line.split()[:1] == ["place"] and "0.000 / 0.000" in line for line in label_rows)


def test_agreement_json_is_the_api_report(merged, capsys):
    assert (
        main(["agreement", str(merged), "--json", "--annotators", "reza,sara", "--document", "1", "--per-document"])
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    with Workspace.open(merged) as workspace:
        expected = project_agreement(workspace, ["reza", "sara"], documents=[1], per_document=True)
    assert data == json.loads(json.dumps(expected.as_dict()))
    assert data["layers"] == ["reza", "sara"] and data["per_document"][0]["document_id"] == 1
    assert data["pairs"][0]["exact"]["overall"]["tp"] == 1


@pytest.mark.parametrize(
    "args, words",
    [
        (["--annotators", "sara,nobody"], "no layer 'nobody'"),
        (["--annotators", "sara,sara"], "named twice"),
    ],
)
def test_agreement_bad_layers_are_one_line_errors(merged, capsys, args, words):
    assert main(["agreement", str(merged)] + args) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and words in err


def test_agreement_with_one_layer_says_so(files, capsys):
    assert main(["merge", str(files / "lead.barchasb"), str(files / "sara.barchasb")]) == 0
    capsys.readouterr()
    assert main(["agreement", str(files / "lead.barchasb")]) == 0
    assert "needs two layers or more (found: sara)" in capsys.readouterr().out


def test_review_lists_units_accepts_agreed_and_marks_reviewed(merged, capsys, monkeypatch):
    assert main(["review", str(merged), "--document", "1"]) == 0
    out = capsys.readouterr().out
    assert "#1      not_reviewed     3 units, 3 undecided" in out
    assert "label 1" in out and "agreed 1" in out and "partial 1" in out
    assert "«علی جهانگیری»" in out and "sara, reza: pending" in out
    listing = Workspace.open(merged)
    assert [a.name for a in listing.repo.annotators()] == ["sara", "reza"]  # no reviewer yet
    listing.close()
    assert main(["review", str(merged), "--accept-agreed", "--reviewer", "lead"]) == 0
    assert "accepted 1 agreed spans into gold" in capsys.readouterr().out
    assert main(["review", str(merged), "--document", "1", "--mark", "reviewed", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)["documents"]
    assert row["status"] == "reviewed" and row["units"]["undecided"] == 2
    assert row["unit_list"][0]["candidates"][0]["decision"] == "accepted"
    assert main(["review", str(merged), "--mark", "reviewed"]) == 1
    assert "--mark needs --document" in capsys.readouterr().err


def test_export_reviewed_writes_only_reviewed_gold_with_provenance(merged, tmp_path, capsys):
    out = tmp_path / "gold.jsonl"
    main(["review", str(merged), "--accept-agreed", "--reviewer", "lead"])
    assert main(["export", str(merged), "-o", str(out), "--reviewed"]) == 0
    assert read_jsonl(out) == []  # in review, not yet reviewed
    main(["review", str(merged), "--document", "1", "--mark", "reviewed"])
    assert main(["export", str(merged), "-o", str(out), "--layer", "gold", "--reviewed"]) == 0
    (record,) = read_jsonl(out)
    (span,) = record["spans"]
    assert (span["start"], span["end"], span["label"]) == (*at("علی جهانگیری"), "official")
    assert span["provenance"]["source"]["layers"] == ["sara", "reza"]
    assert span["provenance"]["decided_by"] == "lead"
    capsys.readouterr()
    for extra in (["--layer", "sara"], ["--status", "done"]):
        assert main(["export", str(merged), "-o", str(out), "--reviewed"] + extra) == 1
        assert "--reviewed exports the gold layer" in capsys.readouterr().err


def test_merge_and_agreement_load_no_qt(merged):
    code = (
        "import sys; from desktop.cli import main;"
        "rc = main(['agreement', sys.argv[1], '--json']) or main(['review', sys.argv[1]]);"
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt loaded';"
        "sys.exit(rc)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(merged)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
