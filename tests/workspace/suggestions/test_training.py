"""Training the CRF on a layer, storing it, running it, measuring it."""

import pytest

from desktop.commands.suggest import format_evaluation
from desktop.core.errors import NotFound
from desktop.suggest.crf_model import MAGIC, unpack
from desktop.workspace.suggestions.decisions import Suggestions
from desktop.workspace.suggestions.evaluation import evaluate_suggesters, split
from desktop.workspace.suggestions.training import train_suggester, training_job

from helpers import add_document

NAMES = ["علی رضایی", "مریم احمدی", "حسن کریمی", "زهرا نوری", "رضا موسوی", "سارا امینی", "مهدی صادقی", "لیلا کاظمی"]
CITIES = ["تبریز", "شیراز", "مشهد", "اهواز", "کرمان", "رشت", "یزد"]


@pytest.fixture
def labelled(workspace):
    """Sixteen small documents with people and places labelled in sara's layer."""
    docs = []
    for i in range(16):
        name, city = NAMES[i % 8], CITIES[(i * 3) % 7]
        text = f"آقای {name} امروز در {city} گفت که کار ادامه دارد ."
        doc = add_document(workspace, text, f"d{i}.txt")
        workspace.add_span(doc, text.index(name), text.index(name) + len(name), "official")
        workspace.add_span(doc, text.index(city), text.index(city) + len(city), "place")
        docs.append(doc)
    return docs


def test_train_store_and_run(workspace, labelled):
    model = train_suggester(workspace, "sara", params={"max_iterations": 40})
    assert model.labels == ("official", "place")
    meta = workspace.repo.suggester_model_meta("crf")
    assert meta["layer"] == "sara" and meta["meta"]["documents"] == 16
    assert workspace.repo.history(entity="model")[0]["action"] == "model.save"
    fresh = add_document(workspace, "آقای حسن کریمی دیروز در یزد گفت", "new.txt")
    suggestions = Suggestions(workspace)
    assert "crf" in suggestions.sources()
    suggestions.run_suggesters([fresh], ["crf"])
    text = workspace.repo.document_text(fresh)
    found = {(text[s.start : s.end], s.label) for s in suggestions.suggestions(fresh)}
    assert found == {("حسن کریمی", "official"), ("یزد", "place")}


def test_a_training_job_is_detached_from_the_project(workspace, labelled):
    unlabelled = add_document(workspace, "خبر دیگری بدون برچسب از اصفهان .", "other.txt")
    job = training_job(workspace, "sara")
    assert len(job.documents) == 16 and job.layer == "sara"
    # Clusters read every text of the project, labelled or not; gazetteers are features.
    assert job.unlabelled == [workspace.repo.document_text(unlabelled)]
    assert {"places", "officials", "organisations", "titles"} <= set(job.lists) and "تبریز" in job.lists["places"]
    workspace.close()  # a worker needs nothing from the database
    model = job.run()
    assert model.model.startswith(MAGIC) and unpack(model.model).crfsuite[:4] == b"lCRF"
    assert model.labels == ("official", "place") and model.meta["lists"] == sorted(job.lists)


def test_layers_are_resolved_by_name_or_gold(workspace, labelled):
    with pytest.raises(NotFound, match="gold"):
        training_job(workspace, "gold")
    with pytest.raises(NotFound, match="nobody"):
        training_job(workspace, "nobody")


def test_evaluation_with_a_held_out_share(workspace, labelled):
    report = evaluate_suggesters(
        workspace, "sara", ["crf", "rules"], holdout=0.25, seed=1, crf_params={"max_iterations": 40}
    )
    assert (report.documents, report.trained_on) == (4, 12)
    crf = report.by_source["crf"]
    assert crf.micro().f1 == 1.0 and crf.micro().tp == 8
    assert report.labels["rule:date"] == ["date"]
    assert report.by_source["rule:date"].micro().fp == 4  # «امروز», not labelled in this layer
    assert workspace.repo.suggester_model_meta("crf") is None  # nothing stored
    assert "crf" in format_evaluation(report) and report.as_dict()["trained_on"] == 12


def test_split_is_seeded_and_disjoint():
    a = split(list(range(100)), 0.2, 7)
    assert a == split(list(range(100)), 0.2, 7) and a != split(list(range(100)), 0.2, 8)
    train, test = a
    assert len(test) == 20 and not set(train) & set(test) and len(train) == 80
