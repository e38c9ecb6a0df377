"""OffsetMap: span mapping rules, validation, JSON, and random builders."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.text.map_builder import MapBuilder
from desktop.text.offsets import OffsetMap


def _map(*ops: tuple[str, int, int]) -> OffsetMap:
    b = MapBuilder()
    for kind, stored_n, raw_n in ops:
        b.keep(stored_n) if kind == "keep" else b.replace(stored_n, raw_n)
    return b.build()


def test_identity_maps_every_span_to_itself():
    m = OffsetMap.identity(5)
    assert [m.raw_span(s, e) for s, e in [(0, 5), (1, 3), (2, 2)]] == [(0, 5), (1, 3), (2, 2)]
    assert m.stored_span(1, 4) == (1, 4)
    assert OffsetMap.identity(0).raw_span(0, 0) == (0, 0)


def test_insertion_maps_to_empty_raw_range_and_neighbours_are_exact():
    m = _map(("keep", 2, 2), ("replace", 1, 0), ("keep", 1, 1))  # "50%" -> "۵۰ ٪"
    assert m.raw_span(0, 2) == (0, 2)
    assert m.raw_span(2, 3) == (2, 2)
    assert m.raw_span(3, 4) == (2, 3)
    assert m.raw_span(0, 4) == (0, 3)
    assert m.stored_span(2, 3) == (3, 4)


def test_deletions_at_span_edges_stay_outside_but_inner_ones_are_covered():
    m = _map(("replace", 0, 1), ("keep", 3, 3), ("replace", 0, 2), ("keep", 2, 2), ("replace", 0, 1))
    # raw: "_abc__de_"  stored: "abcde"
    assert m.raw_span(0, 3) == (1, 4)
    assert m.raw_span(3, 5) == (6, 8)
    assert m.raw_span(0, 5) == (1, 8)
    assert m.to_raw(5) == 9


def test_an_end_inside_a_replacement_covers_all_of_it():
    m = _map(("keep", 1, 1), ("replace", 3, 1), ("keep", 1, 1))  # "x﷽y" -> "xABCy"
    assert m.raw_span(1, 2) == (1, 2)
    assert m.raw_span(2, 3) == (1, 2)
    assert m.raw_span(0, 2) == (0, 2)
    assert m.stored_span(1, 2) == (1, 4)


def test_out_of_range_positions_raise():
    m = OffsetMap.identity(3)
    with pytest.raises(IndexError):
        m.raw_span(2, 4)
    with pytest.raises(IndexError):
        m.to_raw(-1)


@pytest.mark.parametrize(
    "anchors",
    [
        ([0, 2], [0, 3], [True]),  # linear with unequal lengths
        ([1, 2], [0, 1], [True]),  # does not start at 0
        ([0, 2, 1], [0, 2, 3], [True, False]),  # goes backwards
        ([0, 2], [0, 2], []),  # kind missing
    ],
)
def test_invalid_maps_are_rejected(anchors):
    with pytest.raises(ValueError):
        OffsetMap(*anchors)


def test_builder_merges_neighbours_of_the_same_kind():
    m = _map(
        ("keep", 2, 2),
        ("keep", 3, 3),
        ("replace", 1, 0),
        ("replace", 2, 0),
        ("replace", 0, 2),
        ("replace", 0, 1),
        ("keep", 1, 1),
    )
    assert m.segments() == [
        (0, 5, 0, 5, True),
        (5, 8, 5, 5, False),
        (8, 8, 5, 8, False),
        (8, 9, 8, 9, True),
    ]


def test_a_deletion_after_a_replacement_stays_outside_spans():
    m = _map(("keep", 2, 2), ("replace", 1, 3), ("replace", 0, 2))  # "و ... ﷺ" -> "و …"
    assert m.raw_span(2, 3) == (2, 5)
    assert m.raw_span(0, 3) == (0, 5)


def test_absorb_attaches_dropped_marks_to_the_previous_character():
    b = MapBuilder()
    b.keep(5)
    b.absorb(1)  # "کاملاً" -> "کاملا"
    m = b.build()
    assert m.raw_span(0, 5) == (0, 6)
    assert m.raw_span(0, 4) == (0, 4)


def test_json_round_trip_and_version_check():
    m = _map(("keep", 2, 2), ("replace", 1, 0), ("keep", 1, 1))
    assert OffsetMap.from_json(m.to_json()) == m
    with pytest.raises(ValueError):
        OffsetMap.from_json('{"v": 9, "s": [0], "r": [0], "k": ""}')


ops = st.lists(st.tuples(st.sampled_from(["keep", "replace"]), st.integers(0, 4), st.integers(0, 4)))


@given(ops)
def test_random_maps_are_monotone_and_spans_nest(op_list):
    m = _map(*[(k, s, s if k == "keep" else r) for k, s, r in op_list])
    n = m.stored_length
    raws = [m.to_raw(p) for p in range(n + 1)]
    assert raws == sorted(raws) and raws[-1] <= m.raw_length
    for s in range(n + 1):
        for e in range(s, n + 1):
            rs, re_ = m.raw_span(s, e)
            assert 0 <= rs <= re_ <= m.raw_length
            back = m.stored_span(rs, re_)
            # Every character that came from somewhere comes back (inserted
            # characters have no raw origin to come back from).
            for p in range(s, e):
                if m.raw_span(p, p + 1)[0] < m.raw_span(p, p + 1)[1]:
                    assert back[0] <= p < back[1]
    assert OffsetMap.from_json(m.to_json()) == m


@given(ops)
def test_raw_spans_are_monotone_in_both_ends(op_list):
    m = _map(*[(k, s, s if k == "keep" else r) for k, s, r in op_list])
    n = m.stored_length
    spans = [m.raw_span(p, p + 1) for p in range(n)]
    assert [s for s, _ in spans] == sorted(s for s, _ in spans)
    assert [e for _, e in spans] == sorted(e for _, e in spans)
