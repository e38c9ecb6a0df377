"""Trust in suggestions: per-source precision from the stored decisions, muting, weak sources."""

import pytest

from desktop.core.errors import InputError
from desktop.core.suggestion import Suggestion
from desktop.core.undo import AddSuggestions
from desktop.workspace.suggestions.sources import resolve_sources
from desktop.workspace.suggestions.trust import MIN_DECISIONS, set_threshold


def add(workspace, doc, source, count, label="place", first=0):
    """`count` pending suggestions of `source`, one character each, from offset `first`."""
    me = workspace.annotator.id
    items = [Suggestion(doc, me, i, i + 1, label, source, 0.5) for i in range(first, first + count)]
    workspace.apply_ops("add", [AddSuggestions(tuple(items))])
    return [s for s in workspace.repo.find_suggestions(me, sources=[source]) if first <= s.start < first + count]


def record(suggestions, source):
    return next(r for r in suggestions.source_records() if r.source == source)


def test_the_counter_follows_the_stored_decisions_and_their_undo(workspace, news, suggestions):
    suggestions.run_suggesters(sources=["rules", "gazetteers"])
    figures = [s for s in suggestions.suggestions(news) if s.source == "rule:figure"]
    assert len(figures) == 3
    suggestions.accept_suggestion(figures[0].id)
    suggestions.accept_suggestion(figures[1].id)
    suggestions.reject_suggestion(figures[2].id)
    figure = record(suggestions, "rule:figure")
    assert (figure.accepted, figure.rejected, figure.pending) == (2, 1, 0)
    assert figure.precision == pytest.approx(2 / 3) and not figure.weak
    workspace.undo()  # the rejection: pending again, out of the counter
    figure = record(suggestions, "rule:figure")
    assert (figure.accepted, figure.rejected, figure.pending, figure.precision) == (2, 0, 1, 1.0)
    # A source that can run but was never decided is listed, with no precision yet.
    assert record(suggestions, "propagation").precision is None


def test_muting_hides_a_source_everywhere_and_unmuting_brings_it_back(workspace, news, suggestions):
    suggestions.run_suggesters(sources=["rules", "gazetteers"])
    places = {s.id for s in suggestions.suggestions(news) if s.source == "gazetteer:places"}
    assert places
    changes = suggestions.set_muted(["gazetteer:places"])
    assert changes.suggestions_decided == {news}
    assert workspace.repo.setting("suggestions.muted") == ["gazetteer:places"]
    assert not places & {s.id for s in suggestions.suggestions(news)}
    assert places <= {s.id for s in suggestions.suggestions(news, with_muted=True)}
    # Accepting everything here leaves the hidden ones alone; a run naming no sources skips them.
    suggestions.accept_suggestions(document_ids=[news])
    assert all(workspace.repo.suggestion(i).state == "pending" for i in places)
    assert "gazetteer:places" not in suggestions.run_suggesters().sources
    assert "gazetteer:places" not in suggestions.run_suggesters(sources=["gazetteers"]).sources
    assert suggestions.run_suggesters(sources=["gazetteer:places"]).sources == ["gazetteer:places"]  # named
    assert "gazetteer:places" in resolve_sources(workspace.repo, None)  # an evaluation still measures it
    assert record(suggestions, "gazetteer:places").muted
    suggestions.set_muted(["gazetteer:places"], False)
    assert places <= {s.id for s in suggestions.suggestions(news)}
    assert not record(suggestions, "gazetteer:places").muted


def test_a_source_is_weak_only_with_enough_decisions_under_the_threshold(workspace, news, suggestions):
    crf = add(workspace, news, "crf", MIN_DECISIONS)
    suggestions.accept_suggestions([s.id for s in crf[:4]])
    suggestions.reject_suggestions([s.id for s in crf[4 : MIN_DECISIONS - 1]])
    assert not record(suggestions, "crf").weak  # 19 decisions: too few to judge
    suggestions.reject_suggestions([crf[-1].id])
    assert record(suggestions, "crf").weak  # 4 of 20 right, under 50%
    set_threshold(workspace, 0.2)
    assert not record(suggestions, "crf").weak  # exactly 20% is not under 20%
    set_threshold(workspace, 0.5)
    changes = suggestions.mute_weak()
    assert "crf" in changes.description and suggestions.muted() == {"crf"}
    assert not suggestions.mute_weak()  # nothing weak left unmuted
    with pytest.raises(InputError):
        set_threshold(workspace, 1.5)
