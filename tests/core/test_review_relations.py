"""Relation candidates in review: keys across layers, classes, decisions, rivals; details agreed or not."""

from __future__ import annotations

from desktop.core.model import Span
from desktop.core.relations import Relation
from desktop.core.review import Decision
from desktop.core.review_details import ENTITY_LINK, agreed_details, differences
from desktop.core.review_relations import RelationKind, RelationRejection, build_relation_candidates, rivals

A, B, C = (0, 5, "place"), (10, 15, "place"), (20, 25, "place")


def layer(annotator: int, first_id: int, relations: list[tuple[tuple, tuple, str]]):
    """Spans for every end (ids from `first_id`) and the relations between them."""
    spans: dict[int, Span] = {}
    ids: dict[tuple, int] = {}
    for key in sorted({end for head, tail, _ in relations for end in (head, tail)}):
        ids[key] = first_id + len(ids)
        spans[ids[key]] = Span(1, *key, annotator, id=ids[key])
    made = [Relation(1, annotator, ids[h], ids[t], rtype, id=first_id + n) for n, (h, t, rtype) in enumerate(relations)]
    return spans, made


def candidates(layers: dict[str, list], accepted=(), rejections=()):
    spans: dict[int, Span] = {}
    by_layer = {}
    for n, (name, relations) in enumerate(layers.items()):
        found, made = layer(n + 1, 100 * (n + 1), relations)
        spans |= found
        by_layer[name] = made
    directed = {"near": False, "in": True, "of": True}
    return build_relation_candidates(1, by_layer, spans, directed, accepted, rejections)


def test_a_symmetric_relation_drawn_either_way_is_one_agreed_candidate():
    [near] = candidates({"sara": [(A, B, "near")], "reza": [(B, A, "near")]})
    assert (near.head, near.tail, near.kind, near.layers) == (A, B, RelationKind.AGREED, ("sara", "reza"))


def test_a_directed_relation_the_other_way_round_differs_in_direction():
    found = candidates({"sara": [(A, B, "in")], "reza": [(B, A, "in")]})
    assert [(c.head, c.tail, c.kind) for c in found] == [(A, B, RelationKind.TYPE), (B, A, RelationKind.TYPE)]
    assert rivals(found, found[0]) == [found[1]]  # no layer drew both: alternatives


def test_a_layer_without_a_relation_between_the_spans_makes_it_partial_and_decisions_show():
    rejected = RelationRejection(1, A, C, "of", ("sara",), "lead")
    found = candidates(
        {"sara": [(A, B, "in"), (A, C, "of")], "reza": [(A, B, "in")]}, accepted=[(A, B, "in")], rejections=[rejected]
    )
    assert [(c.key, c.kind, c.missing, c.decision) for c in found] == [
        ((A, B, "in"), RelationKind.AGREED, (), Decision.ACCEPTED),
        ((A, C, "of"), RelationKind.PARTIAL, ("reza",), Decision.REJECTED),
    ]


def test_two_facts_one_layer_drew_about_one_pair_are_not_rivals():
    found = candidates({"sara": [(A, B, "in"), (A, B, "of")], "reza": [(A, B, "in")]})
    assert [c.kind for c in found] == [RelationKind.TYPE, RelationKind.TYPE]
    assert rivals(found, found[0]) == []


def test_details_agree_only_where_every_layer_gives_the_same_value():
    per_layer = {
        "sara": {"role_level": "deputy", "status": "signed", ENTITY_LINK: 3},
        "reza": {"role_level": "governor", "status": "signed", ENTITY_LINK: 3, "value": {"amount": 1}},
    }
    assert agreed_details(per_layer) == {"status": "signed", ENTITY_LINK: 3}
    found = differences(per_layer, {"role_level": "deputy"})
    assert [(d.name, d.values, d.gold) for d in found] == [
        ("role_level", (("sara", "deputy"), ("reza", "governor")), "deputy"),
        ("value", (("sara", None), ("reza", {"amount": 1})), None),
    ]
