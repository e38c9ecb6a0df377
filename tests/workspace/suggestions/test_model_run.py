"""Suggesting with a local model (desktop/workspace/suggestions/model_run.py): pending suggestions
from source model:FOLDER with the model's score, the label map, one undoable step, and a cancelled
run that stores nothing."""

from __future__ import annotations

import pytest

from desktop.core.errors import InputError
from desktop.workspace.suggestions.model_run import RunCancelled, model_labels, plan_model_run, run_model

from helpers import add_document
from tinymodel import build, needs_torch

TEXT = "علی رضایی\r\nمی‌روم به تهران 😀 ۱۲۳، وزارت نفت، تهران."


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    needs_torch()
    return build(tmp_path_factory.mktemp("models") / "tiny-ner")


def _stored(workspace, doc):
    rows = workspace.repo.find_suggestions(workspace.annotator.id, document_ids=[doc])
    return sorted((TEXT[s.start : s.end], s.label, s.source, s.state.value) for s in rows)


def test_the_default_map_and_a_run_store_pending_suggestions(workspace, tiny):
    doc = add_document(workspace, TEXT, "news.txt")
    info, mapping = model_labels(workspace, tiny)
    assert info.types == ("PER", "LOC", "ORG", "MISC")
    assert mapping == {"PER": "official", "LOC": "place", "ORG": "organisation", "MISC": None}
    report = run_model(workspace, tiny)
    assert report.added == {"model:tiny-ner": 4}
    assert _stored(workspace, doc) == [
        ("تهران", "place", "model:tiny-ner", "pending"),
        ("تهران", "place", "model:tiny-ner", "pending"),
        ("علی رضایی", "official", "model:tiny-ner", "pending"),
        ("وزارت نفت", "organisation", "model:tiny-ner", "pending"),
    ]
    scores = [s.score for s in workspace.repo.find_suggestions(workspace.annotator.id, document_ids=[doc])]
    assert all(0.8 < score < 1.0 for score in scores)
    workspace.undo()  # one step
    assert _stored(workspace, doc) == []


def test_the_map_relabels_and_ignores_and_a_rerun_replaces_the_source(workspace, tiny):
    doc = add_document(workspace, TEXT, "news.txt")
    run_model(workspace, tiny)
    report = run_model(workspace, tiny, {"LOC": None, "MISC": "event", "PER": "title"})
    assert report.removed == 3  # the places, and the person as official
    assert _stored(workspace, doc) == [
        ("علی رضایی", "title", "model:tiny-ner", "pending"),
        ("وزارت نفت", "organisation", "model:tiny-ner", "pending"),
        ("😀", "event", "model:tiny-ner", "pending"),
    ]


def test_a_bad_map_is_refused_before_anything_runs(workspace, tiny):
    add_document(workspace, TEXT, "news.txt")
    with pytest.raises(InputError, match=r"the model has no entity type 'GPE' \(it has: PER, LOC, ORG, MISC\)"):
        plan_model_run(workspace, tiny, {"GPE": "place"})
    with pytest.raises(InputError, match="'city' is not a label of this project"):
        plan_model_run(workspace, tiny, {"LOC": "city"})
    with pytest.raises(InputError) as caught:
        plan_model_run(workspace, tiny, {"PER": None, "LOC": None, "ORG": None})
    assert caught.value.why.code == "model.nothing_mapped"


def test_a_run_cancelled_midway_stores_nothing(workspace, tiny):
    first = add_document(workspace, TEXT, "one.txt")
    second = add_document(workspace, TEXT * 30, "two.txt")  # long: cancelled between its windows
    run = plan_model_run(workspace, tiny, max_length=16)
    seen = []

    def progress(done, total, name):
        seen.append(name)

    with pytest.raises(RunCancelled):
        run.compute(progress, cancel=lambda: "two.txt" in seen)
    assert seen == ["one.txt", "two.txt"]  # the first document was tagged, then the run stopped
    assert _stored(workspace, first) == [] and _stored(workspace, second) == []
    ops, report = run.compute()  # the same plan, not cancelled, stores both
    assert report.documents == 2 and sum(report.added.values()) == 4 + 4 * 30
