"""Relation F1, attribute agreement and entity-link agreement, on small layers worked out by hand."""

from __future__ import annotations

import pytest

from desktop.core.agreement import AgreementBuilder
from desktop.core.agreement.fact_counts import count_facts
from desktop.core.agreement.facts import NO_VALUE, FactAgreement, FactScheme, LayerFacts
from desktop.core.agreement.matching import count_pair

# a's spans; b has the same, except its title [10, 14) only overlaps a's [10, 15)
A1, A2, A3, A4, A5 = (
    (0, 5, "official"),
    (10, 15, "title"),
    (20, 25, "organisation"),
    (30, 35, "place"),
    (40, 45, "place"),
)
B2 = (10, 14, "title")
SPANS = {"a": [A1, A2, A3, A4, A5], "b": [A1, B2, A3, A4, A5]}
RELATIONS = {
    "a": [(A1, A2, "holds"), (A2, A3, "of"), (A4, A5, "near")],
    "b": [(A1, B2, "holds"), (B2, A3, "of"), (A5, A4, "near"), (A1, A3, "of")],  # near written the other way
}
SCHEME = FactScheme(symmetric=frozenset({"near"}), kinds={"place.kind": "choice", "official.acting": "boolean"})


def counted(a: LayerFacts, b: LayerFacts, scheme: FactScheme = SCHEME) -> FactAgreement:
    into = FactAgreement()
    same, overlaps = count_pair(SPANS["a"], SPANS["b"], {}, {})  # the builder's call: both modes
    count_facts(a, b, same, overlaps, into, scheme)
    return into


def test_relation_f1_per_type_and_pooled_in_both_modes():
    facts = counted(LayerFacts(RELATIONS["a"]), LayerFacts(RELATIONS["b"]))
    exact = facts.relations["exact"]
    # exact: b's title is unmatched, so holds and of through it miss; near matches either way round
    assert (exact["holds"].tp, exact["holds"].fp, exact["holds"].fn) == (0, 1, 1)
    assert (exact["of"].tp, exact["of"].fp, exact["of"].fn) == (0, 2, 1)
    assert (exact["near"].tp, exact["near"].fp, exact["near"].fn) == (1, 0, 0)
    assert facts.relation_f1("exact") == pytest.approx(2 / 7)  # tp 1, fp 3, fn 2
    # overlap: [10, 14) matches [10, 15): holds and one of match; b's extra of does not
    assert facts.relation_f1("overlap", "holds") == 1.0
    assert facts.relation_f1("overlap", "of") == pytest.approx(2 / 3)  # tp 1, fp 1
    assert facts.relation_f1("overlap") == pytest.approx(6 / 7)  # tp 3, fp 1, fn 0


def test_a_directed_type_written_the_other_way_is_a_miss():
    directed = FactScheme()  # near is not symmetric here
    facts = counted(LayerFacts(RELATIONS["a"]), LayerFacts(RELATIONS["b"]), directed)
    near = facts.relations["overlap"]["near"]
    assert (near.tp, near.fp, near.fn) == (0, 1, 1)


def test_attributes_compare_on_spans_with_the_same_offsets_and_label():
    a = LayerFacts(attributes={A4: {"kind": "city"}, A5: {"kind": "city"}, A1: {"acting": True}, A2: {"kind": "x"}})
    b = LayerFacts(attributes={A4: {"kind": "city"}, A5: {"kind": "country"}, A3: {"short": "x"}, B2: {"kind": "x"}})
    fields = counted(a, b).attributes
    assert set(fields) == {"place.kind", "official.acting", "organisation.short"}  # not title: not the same span
    kind = fields["place.kind"]
    assert (kind.units, kind.both, kind.equal, kind.share) == (2, 2, 1, 0.5)
    assert kind.kappa == pytest.approx(0.0)  # po 1/2, pe 1/2 (a always city, b half city)
    acting = fields["official.acting"]
    assert (acting.units, acting.both, acting.share) == (1, 0, 0.0)  # a value on one side only disagrees
    assert acting.confusion == {("true", NO_VALUE): 1}
    short = fields["organisation.short"]
    assert short.kind is None and short.kappa is None and short.share == 0.0  # not in the scheme: no kappa


def test_attribute_kappa_by_hand():
    spans = [(i, i + 1, "place") for i in range(0, 8, 2)]
    a = LayerFacts(attributes={k: {"kind": v} for k, v in zip(spans, "xxyx")})
    b = LayerFacts(attributes={k: {"kind": v} for k, v in zip(spans, "xxyy")})
    into = FactAgreement()
    count_facts(a, b, set(spans), [], into, SCHEME)
    kind = into.attributes["place.kind"]
    # n 4, agree 3; a: x 3, y 1; b: x 2, y 2; chance 3*2 + 1*2 = 8; kappa (4*3 - 8) / (16 - 8)
    assert kind.share == 0.75 and kind.kappa == pytest.approx(0.5)
    assert into.attributes["place.kind"].swapped().kappa == pytest.approx(0.5)


def test_equal_means_equal_json_values():
    a = LayerFacts(attributes={A4: {"n": 1, "flag": True, "v": {"value": "5", "unit": "USD"}}})
    b = LayerFacts(attributes={A4: {"n": 1.0, "flag": 1, "v": {"unit": "USD", "value": "5"}}})
    into = FactAgreement()
    count_facts(a, b, {A4}, [], into, FactScheme())
    assert {path: f.equal for path, f in into.attributes.items()} == {"place.n": 1, "place.flag": 0, "place.v": 1}


def test_entity_links_on_matched_spans():
    a = LayerFacts(links={A1: 1, A2: 2, A4: 3})
    b = LayerFacts(links={A1: 1, B2: 2, A4: 4, A5: 3})
    links = counted(a, b).links
    # exact: A1 same, A4 different, A5 linked by b only; the titles are not matched
    assert (links["exact"].units, links["exact"].same, links["exact"].different) == (3, 1, 1)
    assert links["exact"].share == pytest.approx(1 / 3)
    # overlap: the titles pair up and link the same entity
    assert (links["overlap"].units, links["overlap"].same) == (4, 2) and links["overlap"].share == 0.5
    assert links["overlap"].as_dict()["one_sided"] == 1


def test_the_builder_pools_documents_and_swaps_pairs():
    builder = AgreementBuilder(["a", "b"], scheme=SCHEME)
    starts, ends = list(range(0, 50, 5)), list(range(5, 55, 5))
    facts = {"a": LayerFacts(RELATIONS["a"], links={A1: 1}), "b": LayerFacts(RELATIONS["b"], links={A1: 1})}
    builder.add_document(1, {"a", "b"}, SPANS, starts, ends, 10, facts)
    builder.add_document(2, {"a", "b"}, SPANS, starts, ends, 10)  # spans only: facts not counted
    report = builder.report()
    assert report.relation_types == ["holds", "near", "of"] and report.attribute_fields == []
    ab, ba = report.pair("a", "b"), report.pair("b", "a")
    assert ab.facts.relation_f1("overlap") == pytest.approx(6 / 7) == ba.facts.relation_f1("overlap")
    of_ab, of_ba = ab.facts.relations["exact"]["of"], ba.facts.relations["exact"]["of"]
    assert (of_ba.fp, of_ba.fn) == (of_ab.fn, of_ab.fp)
    data = report.as_dict()["pairs"][0]
    assert data["relations"]["overlap"]["overall"]["tp"] == 3
    assert data["relations"]["exact"]["types"]["near"]["f1"] == 1.0
    assert data["entity_links"]["exact"] == {"units": 1, "same": 1, "different": 0, "one_sided": 0, "share": 1.0}


def test_per_document_rows_carry_relation_f1_and_pool_into_the_pair():
    builder = AgreementBuilder(["a", "b"], per_document=True, scheme=SCHEME)
    starts, ends = list(range(0, 50, 5)), list(range(5, 55, 5))
    facts = {"a": LayerFacts(RELATIONS["a"]), "b": LayerFacts(RELATIONS["b"])}
    builder.add_document(7, {"a", "b"}, SPANS, starts, ends, 10, facts)
    report = builder.report()
    [row] = report.as_dict()["per_document"]
    assert row["pairs"][0]["relation_f1"]["overlap"] == pytest.approx(6 / 7)
    assert report.pair("a", "b").facts.relation_f1("exact") == pytest.approx(2 / 7)
