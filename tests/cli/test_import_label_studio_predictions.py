"""Label Studio predictions: counted by default, pending suggestions with `--predictions suggestions`.

The task is shaped like Label Studio's JSON export with predictions expanded
(as the tasks API and `export?download_all_tasks=true` give them): `model_version`,
a prediction-level `score`, and regions of type `labels`, one with its own `score`.
"""

from __future__ import annotations

import json

import pytest

from desktop.cli import main
from tests.cli.test_import_label_studio import rows

TEXT = "😀 علی جهانگیری به باکو رفت."
ALI, BAKU = TEXT.index("علی"), TEXT.index("باکو")


def region(start, end, label, **extra):
    value = {"start": start, "end": end, "text": TEXT[start:end], "labels": [label]}
    return {"id": f"r{start}", "from_name": "label", "to_name": "text", "type": "labels", "value": value, **extra}


def task_file(tmp_path, score=0.87):
    prediction = {
        "id": 9,
        "model_version": "ner-v2",
        "score": score,
        "result": [region(ALI, ALI + 12, "PER"), region(BAKU, BAKU + 4, "LOC", score=0.6)],
    }
    annotation = {"id": 1, "completed_by": 1, "result": [region(BAKU, BAKU + 4, "LOC")]}
    task = {"id": 41, "data": {"text": TEXT}, "annotations": [annotation], "predictions": [prediction]}
    path = tmp_path / "ls.json"
    path.write_text(json.dumps([task], ensure_ascii=False), encoding="utf-8")
    return path


def suggestions(project):
    return [
        (TEXT[start:end], label, source, score, state, name)
        for start, end, label, source, score, state, name in rows(
            project,
            'SELECT s.start, s."end", s.label, s.source, s.score, s.state, a.name FROM suggestions s'
            " JOIN annotators a ON a.id = s.annotator_id ORDER BY s.start",
        )
    ]


@pytest.fixture
def project(tmp_path):
    path = tmp_path / "p.barchasb"
    assert main(["init", str(path)]) == 0
    return path


def test_by_default_predictions_are_counted_not_imported(project, tmp_path, capsys):
    assert main(["import", str(project), str(task_file(tmp_path))]) == 0
    assert "not imported: predictions 1" in capsys.readouterr().out
    assert suggestions(project) == []


def test_predictions_become_pending_suggestions_in_the_importing_users_layer(project, tmp_path, capsys):
    path = task_file(tmp_path)
    assert main(["import", str(project), str(path), "--predictions", "suggestions"]) == 0
    out = capsys.readouterr().out
    assert "predictions: 2 pending suggestions added" in out
    assert "not imported: predictions" not in out
    # the user's annotation is ls-1's layer; the predictions are the importing user's to decide
    assert suggestions(project) == [
        ("علی جهانگیری", "PER", "label-studio:ner-v2", 0.87, "pending", "tester"),
        ("باکو", "LOC", "label-studio:ner-v2", 0.6, "pending", "tester"),  # the region's own score
    ]
    assert main(["import", str(project), str(path), "--predictions", "suggestions"]) == 0
    assert len(suggestions(project)) == 2  # importing again adds nothing


def test_a_prediction_the_layer_already_has_as_a_span_is_not_proposed(project, tmp_path):
    path = task_file(tmp_path)
    # --annotator puts the annotation's LOC span in mina's layer: only PER is left to propose
    assert main(["import", str(project), str(path), "--predictions", "suggestions", "--annotator", "mina"]) == 0
    assert suggestions(project) == [("علی جهانگیری", "PER", "label-studio:ner-v2", 0.87, "pending", "mina")]


def test_a_score_out_of_range_refuses_the_file_with_its_line(project, tmp_path, capsys):
    path = task_file(tmp_path, score=87)
    assert main(["import", str(project), str(path), "--predictions", "suggestions"]) == 3
    err = capsys.readouterr().err
    assert f"skipped {path}: line 1: a prediction's score should be a number from 0 to 1, got 87" in err
    assert rows(project, "SELECT count(*) FROM documents") == [(0,)]
    assert suggestions(project) == []
