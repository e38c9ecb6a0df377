"""The learner choice: both learners trained on the same seeded part, the better held-out F1
wins and is trained again on everything, the choice is stored and decides the learned source."""

from __future__ import annotations

import pytest

from desktop.core.errors import BarchasbError
from desktop.core.suggestion import Suggestion
from desktop.core.undo import AddSuggestions
from desktop.suggest.crf import TrainingDocument
from desktop.workspace.suggestions import learners
from desktop.workspace.suggestions.decisions import Suggestions
from desktop.workspace.suggestions.learners import choose_learner, learner_in_use, train_and_choose
from desktop.workspace.suggestions.sources import learned_source

from fake_learners import fake_learners
from helpers import add_document

CITIES = ["تبریز", "شیراز", "مشهد"]


def documents(n: int) -> list[TrainingDocument]:
    out = []
    for i in range(n):
        city = CITIES[i % 3]
        text = f"خبر {i}: سفر به {city} آغاز شد ."
        out.append(TrainingDocument(text, ((text.index(city), text.index(city) + len(city), "place"),)))
    return out


def test_the_better_learner_wins_and_learns_again_from_every_document():
    choice = choose_learner(documents(12), fake_learners("spacy"), seed=3)
    assert choice.learner == "spacy" and choice.f1 == {"crf": 0.0, "spacy": 1.0} and choice.held_out == 2
    assert choice.reason == "spacy won: held-out F1 1.000 against crf 0.000 on 2 documents"
    # the winner again on all 12; the CRF kept from the comparison (10) for the uncertainty queue
    assert {k: m.meta["documents"] for k, m in choice.models.items()} == {"spacy": 12, "crf": 10}
    assert choice.as_dict() == {
        "learner": "spacy",
        "reason": choice.reason,
        "f1": {"crf": 0.0, "spacy": 1.0},
        "held_out": 2,
        "seed": 3,
    }


def test_a_tie_goes_to_the_crf_and_the_losing_spacy_model_is_dropped():
    choice = choose_learner(documents(12), fake_learners(None))
    assert choice.learner == "crf" and choice.f1 == {"crf": 1.0, "spacy": 1.0}
    assert list(choice.models) == ["crf"] and choice.models["crf"].meta["documents"] == 12


def test_no_comparison_without_spacy_or_with_too_few_documents():
    missing = choose_learner(documents(12), fake_learners(spacy_missing="pip install 'barchasb[spacy]'"))
    assert missing.learner == "crf" and missing.f1 == {} and "spacy: pip install" in missing.reason
    few = choose_learner(documents(4), fake_learners("spacy"))
    assert few.learner == "crf" and "4 documents are too few to compare" in few.reason
    with pytest.raises(BarchasbError, match="barchasb\\[spacy\\]"):
        choose_learner(documents(12), fake_learners(spacy_missing="pip install 'barchasb[spacy]'")[1:])


@pytest.fixture
def labelled(workspace):
    for i in range(12):
        text = documents(12)[i].text
        doc = add_document(workspace, text, f"d{i}.txt")
        start, end, _ = documents(12)[i].spans[0]
        workspace.add_span(doc, start, end, "place")
    return workspace


def test_the_choice_is_stored_and_the_winner_suggests(labelled, monkeypatch):
    monkeypatch.setattr(learners, "LEARNERS", fake_learners("spacy"))
    assert learner_in_use(labelled) is None
    choice = train_and_choose(labelled, "sara")
    repo = labelled.repo
    assert repo.suggester_model_meta("spacy")["meta"]["documents"] == 12
    crf = repo.suggester_model_meta("crf")["meta"]
    assert crf["documents"] == 10 and crf["unlabelled"] == 2  # the held-out texts, as unlabelled text only
    assert learned_source(repo) == "spacy" and learner_in_use(labelled) == choice.as_dict()
    sources = Suggestions(labelled).sources()
    assert "spacy" in sources and "crf" not in sources  # the loser does not suggest


def test_the_trust_counters_count_the_spacy_source(labelled):
    doc = labelled.document_infos()[0].id
    me = labelled.annotator.id
    labelled.apply_ops("Suggest", [AddSuggestions((Suggestion(doc, me, 0, 3, "place", "spacy", 0.8),))])
    api = Suggestions(labelled)
    pending = api.suggestions(doc, sources=["spacy"])
    api.accept_suggestion(pending[0].id)
    record = api.source_record("spacy")
    assert (record.accepted, record.rejected, record.precision) == (1, 0, 1.0)


def test_without_spacy_the_crf_is_trained_and_the_reason_given(monkeypatch):
    import sys

    from desktop.suggest.spacy_ner import MISSING, SpacyTagger, spacy_missing

    monkeypatch.setitem(sys.modules, "spacy", None)  # as if the extra were not installed: import fails
    assert spacy_missing() == MISSING
    choice = choose_learner(documents(12))  # the real learners
    assert choice.learner == "crf" and choice.reason == f"crf without a comparison: spacy: {MISSING}"
    assert list(choice.models) == ["crf"]
    with pytest.raises(BarchasbError, match="needs spaCy"):
        SpacyTagger(b"")
