"""Suggestions through the workspace: run, accept, reject, undo, re-run."""

import pytest

from desktop.core.errors import ConflictError, InputError, NotFound
from desktop.core.model import Origin, Status
from desktop.core.suggestion import SuggestionState
from desktop.workspace.suggestions.decisions import Suggestions


def texts(workspace, doc, items):
    text = workspace.repo.document_text(doc)
    return [(text[s.start : s.end], s.label, s.source) for s in items]


def test_a_run_suggests_figures_dates_places_and_titles(workspace, news, suggestions):
    report = suggestions.run_suggesters()
    found = texts(workspace, news, suggestions.suggestions(news))
    assert ("یک میلیارد و ۸۰۰ میلیون دلار", "figure", "rule:figure") in found
    assert ("۵۰ درصد", "figure", "rule:figure") in found
    assert ("۲۱ رایزن", "figure", "rule:figure") in found
    assert ("روز سه‌شنبه ۱۲ آبان ۱۴۰۴", "date", "rule:date") in found
    assert ("استاندار آذربایجان شرقی", "title", "gazetteer:titles") in found
    assert ("باکو", "place", "gazetteer:places") in found
    assert ("وزیر صمت", "title", "gazetteer:titles") in found
    assert report.changes.suggestions_changed == {news} and not report.changes.spans_added
    assert report.added["rule:figure"] == 3 and workspace.repo.span_count() == 0


def test_accepting_makes_a_suggested_span_and_undo_puts_it_back(workspace, news, suggestions):
    suggestions.run_suggesters(sources=["rules"])
    item = next(s for s in suggestions.suggestions(news) if s.label == "date")
    changes = suggestions.accept_suggestion(item.id)
    (span,) = workspace.spans(news)
    assert (span.start, span.end, span.label, span.origin) == (item.start, item.end, "date", Origin.SUGGESTED)
    assert changes.spans_added == [span.id] and changes.suggestions_changed == {news}
    assert workspace.status(news) == Status.IN_PROGRESS  # same step as labelling by hand
    assert item.id not in {s.id for s in suggestions.suggestions(news)}
    workspace.undo()
    assert workspace.spans(news) == [] and workspace.status(news) == Status.NEW
    assert workspace.repo.suggestion(item.id).state == SuggestionState.PENDING
    workspace.redo()
    assert [s.id for s in workspace.spans(news)] == [span.id]
    assert workspace.repo.suggestion(item.id).state == SuggestionState.ACCEPTED
    with pytest.raises(ConflictError, match="already accepted"):
        suggestions.accept_suggestion(item.id)


def test_rejected_and_accepted_keys_do_not_come_back(workspace, news, suggestions):
    suggestions.run_suggesters(sources=["rules"])
    first, second = suggestions.suggestions(news)[:2]
    suggestions.reject_suggestion(first.id)
    suggestions.accept_suggestion(second.id)
    report = suggestions.run_suggesters(sources=["rules"])
    assert not report.added and report.decided == 2
    states = {s.id: s.state for s in workspace.repo.find_suggestions(workspace.annotator.id)}
    assert states[first.id] == "rejected" and states[second.id] == "accepted"
    assert first.id not in [s.id for s in suggestions.suggestions(news)]
    suggestions.reopen_suggestions([first.id])
    assert first.id in [s.id for s in suggestions.suggestions(news)]


def test_bulk_decisions_by_label_and_source_are_one_step(workspace, news, suggestions):
    suggestions.run_suggesters(sources=["rules", "gazetteer:places"])
    changes = suggestions.accept_suggestions(labels=["figure"])
    assert len(changes.spans_added) == 3
    assert {s.label for s in workspace.spans(news)} == {"figure"}
    suggestions.reject_suggestions(sources=["gazetteer:places"])
    left = suggestions.suggestions(news)
    assert {s.source for s in left} == {"rule:date"}
    workspace.undo()
    assert "gazetteer:places" in {s.source for s in suggestions.suggestions(news)}
    workspace.undo()
    assert workspace.spans(news) == []


def test_min_score_and_ids_select(workspace, news, suggestions):
    suggestions.run_suggesters(sources=["rule:figure"])
    suggestions.accept_suggestions(min_score=0.9)
    assert sorted(workspace.repo.document_text(news)[s.start : s.end] for s in workspace.spans(news)) == [
        "یک میلیارد و ۸۰۰ میلیون دلار",
        "۵۰ درصد",
    ]


def test_a_span_drawn_by_hand_hides_the_suggestion_and_blocks_it_next_run(workspace, news, suggestions):
    suggestions.run_suggesters(sources=["rule:figure"])
    item = next(s for s in suggestions.suggestions(news) if s.detail == "percent")
    workspace.add_span(news, item.start, item.end, "figure")
    assert item.id not in [s.id for s in suggestions.suggestions(news)]
    report = suggestions.run_suggesters(sources=["rule:figure"])
    assert report.labelled == 1 and report.removed == 1  # the stale pending one goes
    suggestions.accept_suggestions()  # the others; no duplicate span for the drawn one
    assert len(workspace.spans(news)) == 3


def test_a_rerun_drops_what_its_sources_no_longer_propose(workspace, news, suggestions):
    from desktop.workspace.suggestions.gazetteers import Gazetteers

    suggestions.run_suggesters(sources=["gazetteer:places"])
    assert "باکو" in [t for t, *_ in texts(workspace, news, suggestions.suggestions(news))]
    Gazetteers(workspace).remove_entries("places", ["باکو"])
    report = suggestions.run_suggesters(sources=["gazetteer:places"])
    assert report.removed == 1
    assert "باکو" not in [t for t, *_ in texts(workspace, news, suggestions.suggestions(news))]
    workspace.undo()  # the run
    assert "باکو" in [t for t, *_ in texts(workspace, news, suggestions.suggestions(news))]


def test_suggestions_belong_to_one_layer(workspace, news, suggestions):
    suggestions.run_suggesters(sources=["rules"])
    item = suggestions.suggestions(news)[0]
    workspace.set_annotator("ali")
    other = Suggestions(workspace)
    assert other.suggestions(news) == []
    with pytest.raises(NotFound):
        other.accept_suggestion(item.id)


def test_propagation_after_labelling(workspace, news, suggestions):
    from helpers import add_document

    second = add_document(workspace, "سفر هیئت به باکو و تفلیس", "two.txt")
    at = workspace.repo.document_text(news).index("باکو")
    span = workspace.add_span(news, at, at + 4, "place")
    report = suggestions.propagate_span(span.id)
    found = suggestions.suggestions(second)
    assert texts(workspace, second, found) == [("باکو", "place", "propagation")]
    assert report.changes.suggestions_changed == {second}
    assert suggestions.suggestions(news) == []  # the span itself is not suggested


def test_rule_labels_can_be_remapped_or_switched_off(workspace, news, suggestions):
    suggestions.set_rule_labels({"quantity": None, "date": "event"})
    suggestions.run_suggesters(sources=["rules"])
    found = texts(workspace, news, suggestions.suggestions(news))
    assert ("۲۱ رایزن", "figure", "rule:figure") not in found
    assert ("روز سه‌شنبه ۱۲ آبان ۱۴۰۴", "event", "rule:date") in found
    with pytest.raises(NotFound):
        suggestions.set_rule_labels({"money": "nope"})


def test_unknown_sources_and_missing_model_are_user_errors(workspace, news, suggestions):
    with pytest.raises(InputError, match="unknown suggester"):
        suggestions.run_suggesters(sources=["astrology"])
    with pytest.raises(NotFound, match="train"):
        suggestions.run_suggesters(sources=["crf"])


def test_listeners_hear_about_suggestion_changes(workspace, news, suggestions):
    heard = []
    workspace.subscribe(heard.append)
    suggestions.run_suggesters(sources=["rule:date"])
    assert heard and heard[-1].suggestions_changed == {news}


def test_run_can_be_cancelled_before_anything_is_stored(workspace, news, suggestions):
    from desktop.workspace.suggestions.run import RunCancelled

    with pytest.raises(RunCancelled):
        suggestions.run_suggesters(cancel=lambda: True)
    assert workspace.repo.find_suggestions(workspace.annotator.id) == []
