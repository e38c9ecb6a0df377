"""Relabelling a gold span: one step that leaves gold as if that label had been chosen first."""

from __future__ import annotations

import pytest

from desktop.core.errors import ConflictError, InputError
from desktop.core.review import Decision, Method
from desktop.workspace.review.gold import Review

from helpers import TEXT, add_document

BAKU = (TEXT.index("باکو"), TEXT.index("باکو") + len("باکو"))


@pytest.fixture
def review(workspace):
    """sara says Baku is a place, reza an organisation; lead reviews."""
    doc = add_document(workspace)
    workspace.set_annotator("sara")
    workspace.add_span(doc, *BAKU, "place")
    workspace.set_annotator("reza")
    workspace.add_span(doc, *BAKU, "organisation")
    workspace.set_annotator("lead")
    return Review(workspace)


def gold(review):
    return [(s.start, s.end, s.label, p.method, p.source) for s, p in review.gold(1)]


def decisions(review):
    (unit,) = review.units(1)
    return {c.label: c.decision for c in unit.candidates}


def accepted_place(review):
    review.accept(review.units(1)[0].candidate((*BAKU, "place")))
    ((span, _),) = review.gold(1)
    return span.id


def test_relabelling_to_what_another_layer_proposed_accepts_that_candidate(review, workspace):
    span_id = accepted_place(review)
    assert decisions(review) == {"place": Decision.ACCEPTED, "organisation": Decision.REJECTED}
    changes = review.relabel(span_id, "organisation")
    assert changes.review_changed == {1}
    assert gold(review) == [(*BAKU, "organisation", Method.ACCEPTED, (*BAKU, "organisation"))]
    assert decisions(review) == {"place": Decision.REJECTED, "organisation": Decision.ACCEPTED}
    workspace.undo()  # one step back: place again, organisation rejected again
    assert gold(review) == [(*BAKU, "place", Method.ACCEPTED, (*BAKU, "place"))]
    assert decisions(review) == {"place": Decision.ACCEPTED, "organisation": Decision.REJECTED}
    workspace.undo()  # and the acceptance before it
    assert gold(review) == [] and review.repo.rejections(1) == []


def test_relabelling_to_a_label_nobody_proposed_is_an_edit_of_the_same_source(review):
    span_id = accepted_place(review)
    review.relabel(span_id, "event")
    assert gold(review) == [(*BAKU, "event", Method.EDITED, (*BAKU, "place"))]
    assert decisions(review) == {"place": Decision.ACCEPTED, "organisation": Decision.REJECTED}


def test_relabelling_to_the_same_label_is_no_step(review, workspace):
    span_id = accepted_place(review)
    assert not review.relabel(span_id, "place")
    assert gold(review) == [(*BAKU, "place", Method.ACCEPTED, (*BAKU, "place"))]
    workspace.undo()  # the one step there is: the acceptance
    assert gold(review) == [] and review.repo.rejections(1) == []


def test_a_drawn_span_stays_drawn(review, workspace):
    start = TEXT.index("رفت")
    review.draw(1, start, start + 3, "event")
    ((span, _),) = review.gold(1)
    review.relabel(span.id, "date")
    assert gold(review) == [(start, start + 3, "date", Method.DRAWN, None)]


def test_relabelling_onto_a_gold_span_already_there_or_a_layer_span_is_refused(review, workspace):
    span_id = accepted_place(review)
    review.draw(1, *BAKU, "event")
    with pytest.raises(ConflictError):
        review.relabel(span_id, "event")
    sara_span = next(s for s in review.repo.spans(1) if s.label == "place" and s.id != span_id)
    with pytest.raises(InputError):
        review.relabel(sara_span.id, "date")
