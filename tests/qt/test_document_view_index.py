"""Marks by position, lanes and code-point <-> UTF-16 positions (no Qt needed)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.qt.view.mark_index import MarkIndex, assign_lanes
from desktop.qt.view.positions import TextPositions, display_text
from desktop.qt.view.span_mark import SpanMark

TEXT = "علی جهانگیری معاون استاندار\nآذربایجان 😀 شرقی به باکو رفت.\n\nپایان"


def mark(mark_id: int, start: int, end: int, style: str = "solid") -> SpanMark:
    return SpanMark(mark_id, start, end, "#4e79a7", f"L{mark_id}", style)


def test_span_mark_checks_itself():
    with pytest.raises(ValueError):
        mark(1, 5, 5)
    with pytest.raises(ValueError):
        SpanMark(1, 0, 3, "red", "x")
    with pytest.raises(ValueError):
        mark(1, 0, 3, style="bold")


def test_overlapping_marks_get_different_lanes_and_disjoint_ones_share():
    lanes = assign_lanes([mark(1, 0, 10), mark(2, 5, 15), mark(3, 12, 20), mark(4, 2, 4)])
    assert lanes[1] != lanes[2]
    assert lanes[1] != lanes[4]
    assert lanes[3] == lanes[1]  # starts after 1 ends
    assert max(lanes.values()) == 1


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(1, 20)), max_size=30))
def test_lanes_never_put_overlapping_marks_together(ranges):
    marks = [mark(i, s, s + n) for i, (s, n) in enumerate(ranges)]
    lanes = assign_lanes(marks)
    for a in marks:
        for b in marks:
            if a.id < b.id and a.start < b.end and b.start < a.end:
                assert lanes[a.id] != lanes[b.id]


def test_plan_holds_marks_touching_a_paragraph_including_crossing_ones():
    positions = TextPositions(TEXT)
    crossing = mark(1, TEXT.index("استاندار"), TEXT.index("شرقی") + 4)
    inside = mark(2, TEXT.index("باکو"), TEXT.index("باکو") + 4)
    index = MarkIndex(positions, [crossing, inside])
    assert [m.id for m in index.plan(0).marks] == [1]
    assert sorted(m.id for m in index.plan(1).marks) == [1, 2]
    assert index.plan(2).marks == ()


def test_add_and_remove_invalidate_only_touched_paragraphs():
    index = MarkIndex(TextPositions(TEXT))
    assert index.plan(1).marks == ()
    touched = index.add(mark(7, TEXT.index("باکو"), TEXT.index("باکو") + 4))
    assert list(touched) == [1]
    assert [m.id for m in index.plan(1).marks] == [7]
    index.remove(7)
    assert index.plan(1).marks == ()
    with pytest.raises(KeyError):
        index.remove(7)


def test_index_rejects_duplicates_and_spans_past_the_text():
    index = MarkIndex(TextPositions(TEXT), [mark(1, 0, 3)])
    with pytest.raises(ValueError):
        index.add(mark(1, 4, 6))
    with pytest.raises(ValueError):
        index.add(mark(2, 0, len(TEXT) + 1))


def test_ids_at_lists_innermost_first():
    index = MarkIndex(TextPositions(TEXT), [mark(1, 0, 27), mark(2, 4, 12), mark(3, 4, 8)])
    assert index.ids_at(5) == [3, 2, 1]
    assert index.ids_at(10) == [2, 1]
    assert index.ids_at(len(TEXT)) == []


def test_local_range_counts_utf16_from_the_paragraph_start():
    positions = TextPositions(TEXT)
    block = 1
    start = TEXT.index("شرقی")
    lo, hi = positions.local_range(block, start, start + 4)
    paragraph = TEXT.split("\n")[1]
    utf16 = paragraph.encode("utf-16-le")
    assert utf16[lo * 2 : hi * 2].decode("utf-16-le") == "شرقی"


def test_display_text_keeps_length_and_paragraphs():
    text = "یک\r\nدو\rسه\ufdd0"
    shown = display_text(text)
    assert len(shown) == len(text)
    assert shown.split("\n") == ["یک ", "دو سه\ufffd"]
    assert TextPositions(text).block_starts == [0, 4]


def _drawn(index: MarkIndex, blocks: int) -> list:
    return [index.plan(b) for b in range(blocks)] + [index.ids_at(cp) for cp in range(len(TEXT))]


@given(
    st.lists(st.tuples(st.integers(0, len(TEXT) - 2), st.integers(1, 30)), min_size=1, max_size=25),
    st.data(),
)
def test_a_bulk_change_draws_as_the_same_removes_and_adds_one_by_one(ranges, data):
    marks = [mark(i, s, min(s + n, len(TEXT))) for i, (s, n) in enumerate(ranges)]
    positions = TextPositions(TEXT)
    blocks = len(positions.block_starts)
    gone = data.draw(st.sets(st.sampled_from([m.id for m in marks])))
    moved = [mark(i, 0, 3 + i % 5) for i in sorted(gone) if i % 2]  # new versions of removed marks
    added = [*moved, *(mark(100 + i, s, min(s + 2, len(TEXT))) for i, (s, _) in enumerate(ranges[:5]))]
    bulk, single = MarkIndex(positions, marks), MarkIndex(positions, marks)
    _drawn(bulk, blocks), _drawn(single, blocks)  # plans cached before: the change must drop them
    touched = bulk.change(added, gone)
    for mark_id in gone:
        single.remove(mark_id)
    for new in added:
        single.add(new)
    assert _drawn(bulk, blocks) == _drawn(single, blocks)
    assert touched >= {
        b for m in [*added, *(m for m in marks if m.id in gone)] for b in positions.blocks_of(m.start, m.end)
    }


def test_a_bulk_change_is_checked_before_anything_changes():
    index = MarkIndex(TextPositions(TEXT), [mark(1, 0, 3), mark(2, 4, 6)])
    for added, removed, error in (
        ([mark(3, 0, 2)], [9], KeyError),  # removes a mark not shown
        ([mark(2, 0, 2)], [1], ValueError),  # adds one shown and not removed
        ([mark(3, 0, 2), mark(3, 1, 2)], [], ValueError),  # the same id twice
        ([mark(3, 0, len(TEXT) + 1)], [1], ValueError),  # past the text
    ):
        with pytest.raises(error):
            index.change(added, removed)
        assert len(index) == 2 and index.ids_at(0) == [1] and 3 not in index


def test_paragraphs_start_after_each_line_break_and_paragraph_separator():
    assert TextPositions("ab\n\ncd\n").block_starts == [0, 3, 4, 7]
    assert TextPositions("ab\u2029c\nd").block_starts == [0, 3, 5]
    assert TextPositions("").block_starts == [0]
