"""Disagreement units: grouping, classification, decisions and navigation (pure core)."""

from __future__ import annotations

import pytest

from desktop.core.model import Span
from desktop.core.review import Decision, Method, Provenance, Rejection, UnitKind, UnitState
from desktop.core.review_units import build_units, competitors, count_units, next_unit, previous_unit

DOC = 1


def spans(layer_id: int, *keys: tuple[int, int, str]) -> list[Span]:
    return [Span(DOC, s, e, label, layer_id, id=layer_id * 100 + i) for i, (s, e, label) in enumerate(keys)]


def units(layers: dict[str, list[Span]], gold=(), provenance=None, rejections=()):
    return build_units(DOC, layers, list(gold), provenance or {}, list(rejections))


@pytest.mark.parametrize(
    "a, b, kind",
    [
        ([(0, 5, "place")], [(0, 5, "place")], UnitKind.AGREED),
        ([(0, 5, "place")], [(0, 5, "official")], UnitKind.LABEL),
        ([(0, 5, "place")], [(0, 3, "place")], UnitKind.BOUNDARY),
        ([(0, 5, "place")], [(2, 8, "title")], UnitKind.LABEL_BOUNDARY),
        ([(0, 5, "place")], [], UnitKind.PARTIAL),
        # two spans against one covering both: everyone has something there, offsets differ
        ([(0, 10, "place")], [(0, 4, "place"), (5, 10, "place")], UnitKind.BOUNDARY),
        # nested spans both layers agree on form one agreed unit
        ([(0, 10, "organisation"), (5, 10, "place")], [(0, 10, "organisation"), (5, 10, "place")], UnitKind.AGREED),
    ],
)
def test_each_difference_is_classified(a, b, kind):
    found = units({"sara": spans(1, *a), "reza": spans(2, *b)})
    assert len(found) == 1
    assert found[0].kind is kind
    assert found[0].missing == (("reza",) if not b else ())


def test_units_are_maximal_overlap_groups_in_text_order():
    found = units(
        {
            "sara": spans(1, (0, 5, "place"), (20, 25, "title")),
            "reza": spans(2, (3, 9, "place"), (8, 12, "date"), (12, 14, "date")),
        }
    )
    # [0,5) ~ [3,9) ~ [8,12) chain into one unit; [12,14) only touches: a unit of its own
    assert [(u.index, u.start, u.end) for u in found] == [(0, 0, 12), (1, 12, 14), (2, 20, 25)]
    assert [u.kind for u in found] == [UnitKind.LABEL_BOUNDARY, UnitKind.PARTIAL, UnitKind.PARTIAL]
    assert found[1].missing == ("sara",) and found[2].missing == ("reza",)


def test_a_candidate_lists_every_layer_that_proposed_it_in_layer_order():
    found = units(
        {"sara": spans(1, (0, 5, "place")), "reza": spans(2, (0, 5, "place")), "omid": spans(3, (0, 5, "title"))}
    )
    first, second = found[0].candidates
    assert first.key == (0, 5, "place") and first.layers == ("sara", "reza")
    assert [s.id for s in first.spans] == [100, 200]
    assert second.layers == ("omid",)
    assert found[0].kind is UnitKind.LABEL


def test_decisions_come_from_gold_provenance_and_rejections():
    layers = {"sara": spans(1, (0, 5, "place"), (10, 15, "title")), "reza": spans(2, (0, 4, "place"), (10, 15, "date"))}
    gold = [Span(DOC, 0, 6, "place", 9, id=900)]  # edited from sara's [0, 5)
    provenance = {
        900: Provenance(Method.EDITED, "lead", source_span_id=100, source_layers=("sara",), source=(0, 5, "place"))
    }
    rejections = [Rejection(DOC, 10, 15, "date", ("reza",))]
    first, second = units(layers, gold, provenance, rejections)
    decisions = {c.key: c.decision for u in (first, second) for c in u.candidates}
    assert decisions == {
        (0, 5, "place"): Decision.ACCEPTED,
        (0, 4, "place"): Decision.PENDING,
        (10, 15, "title"): Decision.PENDING,
        (10, 15, "date"): Decision.REJECTED,
    }
    assert first.gold == tuple(gold) and second.gold == ()
    assert first.state is UnitState.PARTLY and second.state is UnitState.PARTLY


def test_a_unit_is_decided_when_every_candidate_is():
    layers = {"sara": spans(1, (0, 5, "place")), "reza": spans(2, (0, 5, "title"))}
    gold = [Span(DOC, 0, 5, "place", 9, id=900)]
    (unit,) = units(layers, gold, rejections=[Rejection(DOC, 0, 5, "title")])
    assert unit.state is UnitState.DECIDED and unit.decided


def test_competitors_are_overlapping_pending_candidates_no_layer_proposed_with_it():
    layers = {
        "sara": spans(1, (0, 10, "organisation"), (5, 10, "place")),
        "reza": spans(2, (0, 10, "organisation"), (0, 4, "title")),
        "omid": spans(3, (5, 10, "date")),
    }
    (unit,) = units(layers)
    org = unit.candidate((0, 10, "organisation"))
    rivals = {c.key for c in competitors(unit, org, 0, 10)}
    # sara meant place inside the organisation and reza the title: not alternatives
    assert rivals == {(5, 10, "date")}
    drawn = {c.key for c in competitors(unit, None, 5, 8)}
    assert drawn == {(0, 10, "organisation"), (5, 10, "place"), (5, 10, "date")}


def test_next_and_previous_skip_decided_units_unless_asked_not_to():
    layers = {"sara": spans(1, (0, 2, "place"), (4, 6, "place"), (8, 10, "place")), "reza": spans(2, (0, 2, "title"))}
    gold = [Span(DOC, 4, 6, "place", 9, id=900)]
    found = units(
        layers,
        gold,
        {900: Provenance(Method.ACCEPTED, "lead", source_span_id=101, source_layers=("sara",), source=(4, 6, "place"))},
    )
    assert [u.decided for u in found] == [False, True, False]
    assert next_unit(found, None).index == 0
    assert next_unit(found, 0).index == 2
    assert next_unit(found, 0, pending_only=False).index == 1
    assert next_unit(found, 2) is None
    assert previous_unit(found, 2).index == 0
    assert previous_unit(found, None).index == 2
    assert previous_unit(found, 0) is None
    assert count_units(found) == {
        "agreed": 0,
        "label": 1,
        "boundary": 0,
        "label_boundary": 0,
        "partial": 2,
        "total": 3,
        "undecided": 2,
    }


def test_provenance_requires_a_source_unless_drawn():
    with pytest.raises(ValueError):
        Provenance(Method.DRAWN, "lead", source=(0, 1, "place"))
    with pytest.raises(ValueError):
        Provenance(Method.ACCEPTED, "lead")
    drawn = Provenance("drawn", "lead", "2026-01-01T00:00:00.000Z")
    assert drawn.method is Method.DRAWN
    assert drawn.as_dict() == {
        "method": "drawn",
        "source": None,
        "decided_by": "lead",
        "decided_at": "2026-01-01T00:00:00.000Z",
    }
