"""`barchasb suggest --model FOLDER [--map MODEL=LABEL]`: a local model's suggestions stored from the
terminal; a folder that is no usable model is one clear line and exit code 1, never a traceback."""

from __future__ import annotations

import json

import pytest

from desktop.cli import main

from helpers import add_document
from tinymodel import build, needs_torch

TEXT = "علی رضایی\r\nمی‌روم به تهران 😀 ۱۲۳، وزارت نفت."


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    needs_torch()
    return build(tmp_path_factory.mktemp("models") / "parsbert-ner")


@pytest.fixture
def project(workspace):
    add_document(workspace, TEXT, "one.txt")
    add_document(workspace, "وزارت نفت در تهران.", "two.txt")
    return str(workspace.path)


def test_the_cli_stores_the_models_suggestions(project, tiny, capsys):
    args = ["suggest", project, "--annotator", "sara", "--model", str(tiny), "--map", "MISC=event,LOC=", "-q"]
    assert main([*args, "--documents", "1", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)["model"]
    assert (out["source"], out["documents"], out["added"]) == ("model:parsbert-ner", 1, {"model:parsbert-ner": 3})
    assert main(args) == 0
    assert capsys.readouterr().out == (
        "model:parsbert-ner suggested in 2 documents: new 1; removed 0 stale; "
        "skipped 0 decided and 0 already labelled\n"
    )
    assert main(["suggest", project, "--annotator", "sara", "--list", "--json"]) == 0
    pending = json.loads(capsys.readouterr().out)["pending"]
    assert sorted((p["document"], p["text"], p["label"], p["source"]) for p in pending) == [
        (1, "علی رضایی", "official", "model:parsbert-ner"),
        (1, "وزارت نفت", "organisation", "model:parsbert-ner"),
        (1, "😀", "event", "model:parsbert-ner"),
        (2, "وزارت نفت", "organisation", "model:parsbert-ner"),
    ]


@pytest.mark.parametrize(
    ("folder", "map_", "message"),
    [
        ("missing", None, "{folder}: not a folder (choose the folder that holds the model's config.json)"),
        (".", None, "{folder}: not a Hugging Face model folder: it has no config.json"),
        ("MODEL", "GPE=place", "{folder}: the model has no entity type 'GPE' (it has: PER, LOC, ORG, MISC)"),
        ("MODEL", "PER", "--map wants MODEL=LABEL (an empty LABEL ignores the type), got 'PER'"),
        ("MODEL", "PER=city", "'city' is not a label of this project (official, title, organisation, place, "),
    ],
)
def test_a_bad_folder_or_map_is_one_clear_line(project, tiny, tmp_path, capsys, folder, map_, message):
    path = tiny if folder == "MODEL" else tmp_path / folder if folder != "." else tmp_path
    args = ["suggest", project, "--model", str(path)] + (["--map", map_] if map_ else [])
    assert main(args) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith("barchasb: error: " + message.format(folder=path))
    assert "Traceback" not in captured.err and captured.out == ""
    assert len(captured.err.splitlines()) == 1


def test_map_without_a_model_says_what_is_missing(project, capsys):
    assert main(["suggest", project, "--map", "PER=official"]) == 1
    assert "name the model folder with --model" in capsys.readouterr().err
