"""The agreement measures against hand-computed figures and independent implementations."""

from __future__ import annotations

import math
import random
from collections import Counter

import numpy as np
import pytest
from krippendorff import alpha as reference_alpha
from sklearn.metrics import cohen_kappa_score

from desktop.core.agreement import AlphaCounts, Counts, cohen_kappa, count_by_label, match, unmatched

# Ten tokens: a tags 0, 1, 6 as P; b tags 0, 6, 8 as P; all else O.
A = ["P", "P", "O", "O", "O", "O", "P", "O", "O", "O"]
B = ["P", "O", "O", "O", "O", "O", "P", "O", "P", "O"]


def confusion(a: list[str], b: list[str]) -> Counter:
    return Counter(zip(a, b))


def test_kappa_by_hand():
    # po = 8/10, pe = .3 * .3 + .7 * .7 = .58, kappa = .22 / .42 = 11/21
    assert cohen_kappa(confusion(A, B)) == pytest.approx(11 / 21)
    assert cohen_kappa(confusion(A, A)) == 1.0
    # Opposite raters: po = 0, pe = .5 -> -1
    assert cohen_kappa(confusion(["P", "O"], ["O", "P"])) == pytest.approx(-1.0)


def test_kappa_is_undefined_when_both_raters_use_one_tag():
    assert cohen_kappa(confusion(["O"] * 5, ["O"] * 5)) is None
    assert cohen_kappa(Counter()) is None


def test_alpha_by_hand():
    # n = 20 values, n_P = 6, n_O = 14; two units disagree, each adds 2:
    # alpha = 1 - 19 * 4 / (400 - 36 - 196) = 23/42
    counts = AlphaCounts()
    for a, b in zip(A, B):
        counts.add_unit([a, b])
    assert counts.alpha() == pytest.approx(23 / 42)


def test_alpha_of_krippendorffs_own_example_with_missing_values():
    # Krippendorff (2011), "Computing Krippendorff's alpha-reliability", nominal: 0.743
    nan = None
    data = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
        [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
    ]
    counts = AlphaCounts()
    for unit in zip(*data):
        counts.add_unit([str(v) for v in unit if v is not None])
    assert counts.alpha() == pytest.approx(0.743, abs=5e-4)


def test_alpha_units_with_one_value_do_not_count_and_uniform_data_is_undefined():
    counts = AlphaCounts()
    counts.add_unit(["P"])
    assert counts.alpha() is None
    counts.add_unit(["O", "O"], times=10)
    assert counts.alpha() is None  # one category only: no expected disagreement


@pytest.mark.parametrize("seed", range(8))
def test_kappa_matches_scikit_learn(seed):
    rng = random.Random(seed)
    tags = ["O", "place", "official", "title", "date"][: rng.randint(2, 5)]
    a = [rng.choice(tags) for _ in range(rng.randint(20, 300))] + tags
    b = [x if rng.random() < 0.7 else rng.choice(tags) for x in a]
    expected = cohen_kappa_score(a, b)
    assert not math.isnan(expected)
    assert cohen_kappa(confusion(a, b)) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("seed", range(8))
def test_alpha_matches_the_krippendorff_package(seed):
    rng = random.Random(seed)
    coders, units, categories = rng.randint(2, 5), rng.randint(10, 200), rng.randint(2, 5)
    truth = [rng.randrange(categories) for _ in range(units)]
    data = np.full((coders, units), np.nan)
    counts = AlphaCounts()
    for u in range(units):
        values = []
        for c in range(coders):
            if rng.random() < 0.15:
                continue  # missing
            value = truth[u] if rng.random() < 0.75 else rng.randrange(categories)
            data[c, u] = value
            values.append(str(value))
        counts.add_unit(values)
    expected = reference_alpha(reliability_data=data, level_of_measurement="nominal")
    assert counts.alpha() == pytest.approx(expected, abs=1e-9)


# --- spans -------------------------------------------------------------------------------

REF = [(0, 5, "P"), (10, 15, "L"), (20, 25, "P")]
OTHER = [(0, 5, "P"), (10, 14, "L"), (20, 25, "L"), (30, 33, "P")]


def totals(by_label: dict[str, Counts]) -> Counts:
    total = Counts()
    for counts in by_label.values():
        total += counts
    return total


def test_exact_span_counts_by_hand():
    by_label = count_by_label(REF, OTHER, "exact")
    total = totals(by_label)
    assert (total.tp, total.fp, total.fn) == (1, 3, 2)
    assert total.precision == pytest.approx(1 / 4)
    assert total.recall == pytest.approx(1 / 3)
    assert total.f1 == pytest.approx(2 / 7)
    assert (by_label["P"].tp, by_label["P"].fp, by_label["P"].fn) == (1, 1, 1)
    assert by_label["P"].f1 == pytest.approx(0.5)
    assert by_label["L"].f1 == 0.0


def test_overlap_span_counts_by_hand():
    total = totals(count_by_label(REF, OTHER, "overlap"))
    # [10, 15) L matches [10, 14) L; [20, 25) P does not match [20, 25) L (labels differ)
    assert (total.tp, total.fp, total.fn) == (2, 2, 1)
    assert total.f1 == pytest.approx(4 / 7)
    assert unmatched(REF, OTHER, "overlap") == ([(20, 25, "P")], [(20, 25, "L"), (30, 33, "P")])


def test_overlap_matching_is_one_to_one_and_prefers_the_larger_overlap():
    assert match([(0, 10, "P")], [(0, 4, "P"), (5, 10, "P")], "overlap") == [((0, 10, "P"), (5, 10, "P"))]
    total = totals(count_by_label([(0, 10, "P")], [(0, 4, "P"), (5, 10, "P")], "overlap"))
    assert (total.tp, total.fp, total.fn) == (1, 1, 0)
    # Touching is not overlapping
    assert match([(0, 5, "P")], [(5, 9, "P")], "overlap") == []


def test_identical_spans_match_before_larger_overlaps():
    a, b = [(0, 4, "P"), (0, 10, "P")], [(0, 4, "P")]
    assert match(a, b, "overlap") == [((0, 4, "P"), (0, 4, "P"))]


@pytest.mark.parametrize("seed", range(5))
def test_span_f1_is_symmetric_and_overlap_never_below_exact(seed):
    rng = random.Random(seed)

    def layer():
        spans = set()
        for _ in range(rng.randint(0, 30)):
            start = rng.randrange(200)
            spans.add((start, start + rng.randint(1, 12), rng.choice("PLO")))
        return sorted(spans)

    a, b = layer(), layer()
    for mode in ("exact", "overlap"):
        ab, ba = totals(count_by_label(a, b, mode)), totals(count_by_label(b, a, mode))
        assert (ab.tp, ab.fp, ab.fn) == (ba.tp, ba.fn, ba.fp)
        assert ab.f1 == ba.f1
        assert ab.precision == ba.recall
    exact, overlap = totals(count_by_label(a, b, "exact")), totals(count_by_label(a, b, "overlap"))
    assert overlap.tp >= exact.tp


def test_undefined_figures_are_none_not_nan():
    empty = Counts()
    assert (empty.precision, empty.recall, empty.f1) == (None, None, None)
    assert Counts(0, 3, 0).f1 == 0.0 and Counts(0, 3, 0).recall is None
    with pytest.raises(ValueError, match="unknown match mode"):
        match([], [], "fuzzy")
