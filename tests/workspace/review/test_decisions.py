"""Review decisions through the workspace: gold, provenance, rejections, status, undo."""

from __future__ import annotations

import pytest

from desktop.core.errors import ConflictError, InputError, NotFound
from desktop.core.review import Decision, Method, ReviewStatus, UnitKind, UnitState
from desktop.workspace.review.gold import Review

from helpers import TEXT, add_document


def at(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


NAME, TITLE, PLACE, BAKU = (at("علی جهانگیری"), at("استاندار آذربایجان شرقی"), at("آذربایجان شرقی"), at("باکو"))


@pytest.fixture
def review(workspace):
    """sara and reza agree on the name; reza says title where sara says place
    (overlapping); only sara labels Baku. The reviewer is lead."""
    doc = add_document(workspace)
    workspace.set_annotator("sara")
    for (start, end), label in ((NAME, "official"), (PLACE, "place"), (BAKU, "place")):
        workspace.add_span(doc, start, end, label)
    workspace.set_annotator("reza")
    for (start, end), label in ((NAME, "official"), (TITLE, "title")):
        workspace.add_span(doc, start, end, label)
    workspace.set_annotator("lead")
    return Review(workspace)


def gold(review, doc=1) -> set[tuple]:
    return {(s.start, s.end, s.label, p.method if p else None) for s, p in review.gold(doc)}


def test_the_document_shows_its_units_classified(review):
    units = review.units(1)
    assert [(u.start, u.end, u.kind) for u in units] == [
        (*NAME, UnitKind.AGREED),
        (TITLE[0], TITLE[1], UnitKind.LABEL_BOUNDARY),
        (*BAKU, UnitKind.PARTIAL),
    ]
    assert units[2].missing == ("reza",)
    assert all(u.state is UnitState.PENDING for u in units)
    assert [a.name for a in review.compared(1)] == ["sara", "reza"]  # lead has no spans


def test_accepting_the_agreed_spans_fills_gold_with_provenance(review):
    changes = review.accept_agreed(1)
    assert changes.review_changed == {1} and len(changes.spans_added) == 1
    assert changes.status_changed == {1}
    ((span, provenance),) = review.gold(1)
    assert (span.start, span.end, span.label) == (*NAME, "official")
    assert provenance.method is Method.ACCEPTED and provenance.decided_by == "lead"
    assert provenance.source == (*NAME, "official")
    assert provenance.source_layers == ("sara", "reza")
    assert review.repo.span(provenance.source_span_id).annotator_id == review.repo.find_annotator("sara").id
    assert review.status(1) is ReviewStatus.IN_REVIEW
    assert review.units(1)[0].decided
    assert not review.accept_agreed(1)  # nothing left: no step, no change


def test_accepting_one_candidate_rejects_its_competitor_in_the_same_step(review, workspace):
    unit = review.units(1)[1]
    title = unit.candidate((*TITLE, "title"))
    review.accept(title)
    decided = review.units(1)[1]
    assert {c.label: c.decision for c in decided.candidates} == {"title": Decision.ACCEPTED, "place": Decision.REJECTED}
    assert decided.state is UnitState.DECIDED
    (rejection,) = review.repo.rejections(1)
    assert (rejection.label, rejection.layers, rejection.decided_by) == ("place", ("sara",), "lead")
    workspace.undo()  # one step: gold, rejection and the status go together
    assert gold(review) == set() and review.repo.rejections(1) == []
    assert review.status(1) is ReviewStatus.NOT_REVIEWED
    workspace.redo()
    assert gold(review) == {(*TITLE, "title", Method.ACCEPTED)}
    assert review.repo.rejections(1)[0].id == rejection.id


def test_accepting_with_another_label_or_boundary_records_the_source(review):
    place = review.units(1)[1].candidate((*PLACE, "place"))
    review.accept(place, label="organisation", start=PLACE[0] - 1)
    ((span, provenance),) = review.gold(1)
    assert (span.start, span.end, span.label) == (PLACE[0] - 1, PLACE[1], "organisation")
    assert provenance.method is Method.EDITED and provenance.source == (*PLACE, "place")
    assert review.units(1)[1].candidate((*PLACE, "place")).decision is Decision.ACCEPTED
    with pytest.raises(ConflictError, match="already has"):
        review.accept(place, label="organisation", start=PLACE[0] - 1)
    with pytest.raises(NotFound, match="no label"):
        review.accept(place, label="nonsense")
    with pytest.raises(ValueError):
        review.accept(place, end=len(TEXT) + 1)


def test_accepting_again_changes_nothing(review, workspace):
    candidate = review.units(1)[0].candidates[0]
    assert review.accept(candidate)
    assert not review.accept(candidate)
    workspace.undo()  # the second accept pushed no step: this undoes the first
    assert gold(review) == set()
    assert workspace.undo_stack.undo_text() != "Accept official"


def test_rejecting_records_the_decision_and_takes_back_what_gold_took(review):
    baku = review.units(1)[2].candidates[0]
    review.reject(baku)
    assert review.units(1)[2].decided
    review.accept(baku)  # changing one's mind: the rejection goes
    assert review.repo.rejections(1) == [] and gold(review) == {(*BAKU, "place", Method.ACCEPTED)}
    review.reject(review.units(1)[2].candidates[0])
    assert gold(review) == set()
    assert review.units(1)[2].candidates[0].decision is Decision.REJECTED


def test_rejecting_a_unit_rejects_all_its_candidates(review):
    unit = review.units(1)[1]
    review.reject_unit(unit)
    assert {c.decision for c in review.units(1)[1].candidates} == {Decision.REJECTED}
    assert len(review.repo.rejections(1)) == 2


def test_drawing_a_gold_span_rejects_the_pending_candidates_it_overlaps(review, workspace):
    start, end = at("معاون استاندار آذربایجان شرقی")
    changes = review.draw(1, start, end, "title")
    assert changes.review_changed == {1}
    assert gold(review) == {(start, end, "title", Method.DRAWN)}
    ((_, provenance),) = review.gold(1)
    assert provenance.source is None and provenance.source_layers == ()
    assert review.units(1)[1].decided and not review.units(1)[0].decided
    with pytest.raises(ConflictError):
        review.draw(1, start, end, "title")
    workspace.undo()
    assert gold(review) == set() and review.repo.rejections(1) == []


def test_retracting_a_gold_span_makes_its_candidate_pending_again(review, workspace):
    review.accept_agreed(1)
    ((span, _),) = review.gold(1)
    review.retract(span.id)
    assert gold(review) == set() and not review.units(1)[0].decided
    with pytest.raises(InputError, match="not in the gold layer"):
        review.retract(review.units(1)[0].candidates[0].spans[0].id)
    workspace.undo()
    ((again, provenance),) = review.gold(1)
    assert again.id == span.id and provenance.method is Method.ACCEPTED


def test_review_status_is_stored_per_document_and_undoable(review, workspace):
    other = add_document(workspace, "متن دوم", "two.txt")
    assert review.statuses() == {1: ReviewStatus.NOT_REVIEWED, other: ReviewStatus.NOT_REVIEWED}
    review.set_status(1, ReviewStatus.REVIEWED)
    assert review.statuses()[1] is ReviewStatus.REVIEWED
    assert not review.set_status(1, "reviewed")
    workspace.undo()
    assert review.status(1) is ReviewStatus.NOT_REVIEWED


def test_decisions_are_journaled_under_the_reviewer(review):
    review.accept_agreed(1)
    review.reject(review.units(1)[2].candidates[0])
    rows = review.repo.history(document_id=1, limit=20)
    actions = [(r["action"], r["entity"]) for r in rows if r["actor"] == "lead"]
    assert ("review.accept", "span") in actions and ("review.accept", "provenance") in actions
    assert ("review.reject", "rejection") in actions


def test_the_gold_layer_is_written_by_review_only(review, workspace):
    review.accept_agreed(1)
    ((span, _),) = review.gold(1)
    with pytest.raises(InputError, match="gold layer"):
        workspace.set_annotator("gold")
    with pytest.raises(ConflictError, match="only through review"):
        workspace.update_span(span.id, label="title")
    changes = workspace.delete_span(span.id)  # allowed: provenance goes along
    assert changes.review_changed == {1} and gold(review) == set()
    workspace.undo()
    assert gold(review) == {(*NAME, "official", Method.ACCEPTED)}


def test_chosen_layers_are_checked(review):
    review.accept_agreed(1)
    assert [a.name for a in review.candidate_layers()] == ["sara", "reza", "lead"]
    with pytest.raises(InputError, match="gold layer"):
        Review(review.workspace, ["sara", "gold"]).units(1)
    with pytest.raises(NotFound, match="no layer 'nobody'"):
        Review(review.workspace, ["nobody"]).units(1)
    only_sara = Review(review.workspace, ["sara"]).units(1)
    assert {u.kind for u in only_sara} == {UnitKind.AGREED}


def test_a_human_layer_called_gold_does_not_become_the_gold_layer(workspace):
    doc = add_document(workspace)
    workspace.set_annotator("gold")  # a person called gold, before any review
    workspace.add_span(doc, *NAME, "official")
    workspace.set_annotator("lead")
    review = Review(workspace)
    review.accept_agreed(doc)
    layer = review.repo.gold_annotator()
    assert (layer.name, layer.kind) == ("gold-review", "gold")
    assert [a.name for a in review.compared(doc)] == ["gold"]


def test_a_wider_acceptance_settles_what_it_covers_but_not_the_span_it_becomes(workspace):
    doc = add_document(workspace)
    workspace.set_annotator("sara")
    workspace.add_span(doc, *TITLE, "title")
    workspace.set_annotator("reza")
    workspace.add_span(doc, *PLACE, "title")
    workspace.add_span(doc, *BAKU, "place")  # a unit of its own, further on
    workspace.set_annotator("lead")
    review = Review(workspace)
    narrow = review.units(doc)[0].candidate((*PLACE, "title"))
    review.accept(review.units(doc)[0].candidate((*TITLE, "title")), start=PLACE[0])
    # sara's title, accepted narrower, became reza's span exactly: accepted, not rejected
    assert review.units(doc)[0].candidate(narrow.key).decision is Decision.ACCEPTED
    assert review.repo.rejections(doc) == []
    review.accept(review.units(doc)[0].candidate((*TITLE, "title")), end=BAKU[1])
    assert [r.key for r in review.repo.rejections(doc)] == [(*BAKU, "place")]
