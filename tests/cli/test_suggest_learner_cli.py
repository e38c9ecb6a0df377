"""`barchasb suggest --train` says which learner won and why (stand-in learners: fixed F1s)."""

from __future__ import annotations

import json

import pytest

from desktop.cli import main
from desktop.workspace.suggestions import learners

from fake_learners import fake_learners
from helpers import add_document

CITIES = ["تبریز", "شیراز", "مشهد"]


@pytest.fixture
def project(workspace) -> str:
    """Twelve documents with a place labelled in sara's layer."""
    for i in range(12):
        city = CITIES[i % 3]
        text = f"خبر {i}: سفر به {city} آغاز شد ."
        doc = add_document(workspace, text, f"d{i}.txt")
        workspace.add_span(doc, text.index(city), text.index(city) + len(city), "place")
    return str(workspace.path)


def test_train_prints_which_learner_won_and_why(project, monkeypatch, capsys):
    monkeypatch.setattr(learners, "LEARNERS", fake_learners("spacy"))
    assert main(["suggest", project, "--train", "--layer", "sara", "-q"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "trained spacy on layer sara: 12 documents, labels place",
        "learner in use: spacy won: held-out F1 1.000 against crf 0.000 on 2 documents",
    ]
    assert main(["suggest", project, "--train", "--layer", "sara", "--seed", "1", "-q", "--json"]) == 0
    trained = json.loads(capsys.readouterr().out)["train"]
    assert trained["learner"] == "spacy" and trained["f1"] == {"crf": 0.0, "spacy": 1.0} and trained["seed"] == 1


def test_one_learner_asked_for_and_spacy_missing(project, monkeypatch, capsys):
    monkeypatch.setattr(learners, "LEARNERS", fake_learners("spacy", spacy_missing="pip install 'barchasb[spacy]'"))
    assert main(["suggest", project, "--train", "--layer", "sara", "-q"]) == 0
    out = capsys.readouterr().out
    assert "trained crf" in out and "crf without a comparison: spacy: pip install 'barchasb[spacy]'" in out
    assert main(["suggest", project, "--train", "--layer", "sara", "--learner", "spacy", "-q"]) == 1
    err = capsys.readouterr().err
    assert "pip install 'barchasb[spacy]'" in err and "Traceback" not in err
    assert main(["suggest", project, "--train", "--layer", "sara", "--learner", "crf", "-q"]) == 0
    assert "crf without a comparison: the only learner asked for" in capsys.readouterr().out
