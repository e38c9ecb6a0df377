"""`barchasb suggest` and `barchasb gazetteer`: run, decide, train, evaluate, edit lists."""

from __future__ import annotations

import json

import pytest

from desktop.cli import main


def run_json(capsys, *args) -> dict:
    assert main([*args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_apply_list_accept_and_export_only_decided_spans(seeded, tmp_path, capsys):
    project = str(seeded.path)
    out = run_json(capsys, "suggest", project, "--apply", "--annotator", "sara", "-q")
    assert out["apply"]["added"]["rule:figure"] >= 10 and out["apply"]["documents"] == 5
    pending = run_json(capsys, "suggest", project, "--list", "--annotator", "sara", "--labels", "figure")["pending"]
    assert "یک میلیارد و 800 میلیون دلار" in {row["text"] for row in pending}  # digits as the file has them
    decided = run_json(
        capsys, "suggest", project, "--accept", "--annotator", "sara", "--labels", "figure", "--min-score", "0.9"
    )["decided"]
    assert decided["spans_added"] == 2
    exported = tmp_path / "out.jsonl"
    assert main(["export", project, "-f", "jsonl", "-o", str(exported), "--layer", "sara"]) == 0
    spans = [s for line in exported.read_text(encoding="utf-8").splitlines() for s in json.loads(line)["spans"]]
    assert len(spans) == 2  # hundreds of pending suggestions stay out of exports
    assert {s["label"] for s in spans} == {"figure"}


def test_reject_by_source_keeps_them_rejected_on_the_next_run(seeded, capsys):
    project = str(seeded.path)
    main(["suggest", project, "--apply", "--annotator", "sara", "-q", "--sources", "gazetteers"])
    capsys.readouterr()
    main(["suggest", project, "--reject", "--annotator", "sara", "--sources", "gazetteer:places"])
    assert capsys.readouterr().out.startswith("Reject ")
    again = run_json(
        capsys, "suggest", project, "--apply", "--annotator", "sara", "-q", "--sources", "gazetteer:places"
    )
    assert again["apply"]["added"] == {} and again["apply"]["decided"] > 0


def test_train_then_evaluate_against_a_layer(seeded, capsys):
    from formats.transfer_data import SARA, label_phrases

    label_phrases(seeded, SARA, [1, 2, 3, 4, 5])
    project = str(seeded.path)
    trained = run_json(capsys, "suggest", project, "--train", "--layer", "sara", "--iterations", "20", "-q")["train"]
    assert trained["documents"] == 5 and trained["iterations"] <= 20
    assert main(["suggest", project, "--evaluate", "--layer", "sara", "--sources", "crf,rules", "-q"]) == 0
    text = capsys.readouterr().out
    assert "layer sara: 5 documents evaluated" in text and "precision" in text
    report = run_json(
        capsys, "suggest", project, "--evaluate", "--layer", "sara", "--holdout", "0.4", "--iterations", "10", "-q"
    )["evaluate"]
    assert report["documents"] == 2 and report["trained_on"] == 3
    assert "crf" in report["sources"] and "propagation" in report["sources"]


def test_rule_labels_and_user_errors(seeded, capsys):
    project = str(seeded.path)
    out = run_json(capsys, "suggest", project, "--rule-labels", "quantity=,date=event")
    assert out["rule_labels"] == {"money": "figure", "percent": "figure", "quantity": None, "date": "event"}
    assert main(["suggest", project]) == 1
    assert "say what to do" in capsys.readouterr().err
    assert main(["suggest", project, "--apply", "--sources", "tarot"]) == 1
    assert "unknown suggester 'tarot'" in capsys.readouterr().err
    assert main(["suggest", project, "--train", "--layer", "gold"]) == 1
    assert "no gold layer" in capsys.readouterr().err


def test_gazetteer_commands(seeded, tmp_path, capsys):
    project = str(seeded.path)
    assert main(["gazetteer", project]) == 0
    listed = capsys.readouterr().out
    assert "places" in listed and "titles" in listed
    assert main(["gazetteer", project, "add", "places", "شوشا", "لاچین"]) == 0
    assert main(["gazetteer", project, "remove", "places", "لاچین"]) == 0
    assert main(["gazetteer", project, "create", "fairs", "event", "نمایشگاه صنعت باکو"]) == 0
    capsys.readouterr()
    assert main(["gazetteer", project, "show", "places"]) == 0
    shown = capsys.readouterr().out.splitlines()
    assert "شوشا" in shown and "لاچین" not in shown
    out = tmp_path / "fairs.txt"
    assert main(["gazetteer", project, "export", "fairs", str(out)]) == 0
    assert "# label: event" in out.read_text(encoding="utf-8")
    assert main(["gazetteer", project, "show"]) == 1
    assert "wrong number of arguments" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["suggest", "gazetteer"])
def test_commands_are_documented(command, capsys):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    assert "PROJECT" in capsys.readouterr().out


def test_the_crf_without_a_trained_model_says_how_to_train_one(seeded, capsys):
    project = str(seeded.path)
    assert main(["suggest", project, "--apply", "--annotator", "sara", "--sources", "crf", "-q"]) == 1
    err = capsys.readouterr().err
    assert "no trained model: train one first with `barchasb suggest PROJECT --train`" in err
    assert "internal error" not in err and "Traceback" not in err
    # sara has labelled nothing: no documents to hold out, and no stored model to fall back on
    assert main(["suggest", project, "--evaluate", "--layer", "sara", "--annotator", "sara", "--holdout", "0.5"]) == 1
    err = capsys.readouterr().err
    assert "needs at least 2 documents with spans in the layer; it has 0" in err and "internal error" not in err


def test_building_the_crf_suggester_with_no_model_stored_is_a_clear_error(seeded):
    from desktop.core.errors import NotFound
    from desktop.workspace.suggestions.sources import build_suggesters

    with pytest.raises(NotFound, match="no trained model: train one first"):
        build_suggesters(seeded.repo, seeded.annotator.id, ["crf"])


def test_source_report_mute_and_unmute(seeded, capsys):
    project = str(seeded.path)
    main(["suggest", project, "--apply", "--annotator", "sara", "-q", "--sources", "rules,gazetteers"])
    main(["suggest", project, "--reject", "--annotator", "sara", "--sources", "gazetteer:places"])
    capsys.readouterr()
    assert main(["suggest", project, "--source-report", "--annotator", "sara"]) == 0
    lines = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()}
    assert "precision   0%" in lines["gazetteer:places"] and "pending     0" in lines["gazetteer:places"]
    assert "precision    -" in lines["rule:figure"]  # nothing decided yet
    out = run_json(capsys, "suggest", project, "--mute", "rule:figure", "--annotator", "sara")
    figure = next(r for r in out["sources"] if r["source"] == "rule:figure")
    assert figure["muted"] and figure["pending"] > 0
    listed = run_json(capsys, "suggest", project, "--list", "--annotator", "sara")["pending"]
    assert listed and all(row["source"] != "rule:figure" for row in listed)
    run_json(capsys, "suggest", project, "--unmute", "rule:figure", "--annotator", "sara")
    listed = run_json(capsys, "suggest", project, "--list", "--annotator", "sara")["pending"]
    assert any(row["source"] == "rule:figure" for row in listed)
    assert main(["suggest", project, "--mute", "tarot"]) == 1
    assert "--mute/--unmute" in capsys.readouterr().err
    assert main(["suggest", project, "--weak-below", "2"]) == 1
    assert "between 0 and 1" in capsys.readouterr().err
