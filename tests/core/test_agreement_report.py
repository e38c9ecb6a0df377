"""Token tags and the pooled report, on small documents worked out by hand."""

from __future__ import annotations

import pytest

from desktop.core.agreement import AgreementBuilder, tag_tokens

# Ten one-character tokens at even offsets: token i is [2i, 2i + 1).
STARTS = [2 * i for i in range(10)]
ENDS = [2 * i + 1 for i in range(10)]
SPANS_A = [(0, 3, "P"), (12, 13, "P")]  # tokens 0, 1 and 6
SPANS_B = [(0, 1, "P"), (12, 13, "P"), (16, 17, "P")]  # tokens 0, 6 and 8


def test_a_span_tags_every_token_it_touches():
    assert tag_tokens([(1, 4, "P")], STARTS, ENDS) == {1: "P"}  # [1, 4) touches token [2, 3)
    assert tag_tokens([(0, 4, "P")], STARTS, ENDS) == {0: "P", 1: "P"}
    assert tag_tokens([(3, 4, "P")], STARTS, ENDS) == {}  # between tokens: none


def test_overlapping_spans_the_longest_wins_then_the_earliest_then_the_label():
    spans = [(4, 7, "place"), (0, 9, "organisation"), (8, 13, "date")]
    tags = tag_tokens(spans, STARTS, ENDS)
    assert [tags.get(i, "O") for i in range(8)] == ["organisation"] * 5 + ["date"] * 2 + ["O"]
    tied = tag_tokens([(0, 3, "b"), (0, 3, "a"), (2, 5, "c")], STARTS, ENDS)
    assert tied == {0: "a", 1: "a", 2: "c"}


def build(per_document: bool = False) -> AgreementBuilder:
    builder = AgreementBuilder(["a", "b", "c"], per_document=per_document)
    spans = {"a": SPANS_A, "b": SPANS_B, "c": []}
    builder.add_document(1, {"a", "b"}, spans, STARTS, ENDS, 10)  # c did not annotate it
    builder.add_document(2, {"a"}, {"a": SPANS_A, "b": [], "c": []}, STARTS, ENDS, 10)
    return builder


def test_a_pair_pools_span_and_token_figures():
    report = build().report()
    assert report.documents == 1  # document 2 has one layer only
    pair = report.pair("a", "b")
    exact, overlap = pair.overall("exact"), pair.overall("overlap")
    assert (exact.tp, exact.fp, exact.fn) == (1, 2, 1) and exact.f1 == pytest.approx(2 / 5)
    assert (overlap.tp, overlap.fp, overlap.fn) == (2, 1, 0) and overlap.f1 == pytest.approx(4 / 5)
    assert pair.tokens == 10
    assert pair.kappa == pytest.approx(11 / 21)  # the hand example of test_agreement_measures
    assert report.alpha == pytest.approx(23 / 42)
    assert report.pair("a", "c").documents == 0 and report.pair("a", "c").kappa is None


def test_the_pair_is_the_same_either_way_round_with_precision_and_recall_swapped():
    report = build().report()
    ab, ba = report.pair("a", "b"), report.pair("b", "a")
    assert ab.kappa == ba.kappa and ab.f1() == ba.f1()
    assert ab.overall().precision == ba.overall().recall
    matrix = report.matrix("kappa")
    assert matrix[0][1] == matrix[1][0] == pytest.approx(11 / 21)
    assert matrix[0][0] is None and matrix[0][2] is None


def test_a_third_layer_joins_alpha_only_where_it_annotated():
    builder = build()
    spans = {"a": SPANS_A, "b": SPANS_B, "c": SPANS_A}
    builder.add_document(3, {"a", "b", "c"}, spans, STARTS, ENDS, 10)
    report = builder.report()
    assert report.documents == 2
    assert report.pair("a", "c").documents == 1 and report.pair("a", "c").kappa == 1.0
    assert report.pair("a", "b").tokens == 20
    assert report.alpha is not None and report.alpha > 23 / 42  # c agrees with a


def test_per_document_figures_add_up_to_the_project():
    pooled = build().report()
    detailed = build(per_document=True)
    detailed.add_document(4, {"a", "b"}, {"a": SPANS_B, "b": SPANS_B, "c": []}, STARTS, ENDS, 10)
    report = detailed.report()
    assert [d.document_id for d in report.per_document] == [1, 4]
    first, second = report.per_document
    assert first.pairs[("a", "b")].kappa == pooled.pair("a", "b").kappa
    assert first.alpha == pooled.alpha and second.alpha == 1.0
    assert report.pair("a", "b").tokens == 20
    assert report.as_dict()["per_document"][1]["pairs"][0]["f1"]["exact"] == 1.0
