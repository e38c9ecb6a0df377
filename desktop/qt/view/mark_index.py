"""Marks indexed by position, and their underline lanes per paragraph.

Painting asks "which marks touch paragraph k?" for the few paragraphs on
screen. Marks are kept sorted by start, so that question is two bisects;
the rare marks that cross a paragraph break are kept aside. Answers and
lane assignments are computed on first use and cached until a mark in
that paragraph changes.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable
from dataclasses import dataclass
from heapq import heappop, heappush

from desktop.qt.view.positions import TextPositions
from desktop.qt.view.span_mark import SpanMark


@dataclass(frozen=True, slots=True)
class BlockPlan:
    """The marks touching one paragraph, with an underline lane for each."""

    marks: tuple[SpanMark, ...]
    lanes: dict[int, int]


def assign_lanes(marks: Iterable[SpanMark]) -> dict[int, int]:
    """Greedy interval colouring: overlapping marks never share a lane.

    Marks are taken by start, longer first, each on the lowest free lane,
    so an enclosing span sits nearest the text and spans nested in it stack
    below. Uses as few lanes as the deepest overlap needs; O(n log n).
    """
    busy: list[tuple[int, int]] = []  # heap of (end, lane) still open
    free: list[int] = []  # heap of lanes whose mark has ended
    lanes: dict[int, int] = {}
    for mark in sorted(marks, key=lambda m: (m.start, -m.end, m.id)):
        while busy and busy[0][0] <= mark.start:
            heappush(free, heappop(busy)[1])
        lane = heappop(free) if free else len(busy)
        heappush(busy, (mark.end, lane))
        lanes[mark.id] = lane
    return lanes


class MarkIndex:
    """All marks of one document, answering per-paragraph queries fast."""

    def __init__(self, positions: TextPositions, marks: Iterable[SpanMark] = ()) -> None:
        self._pos = positions
        self._by_id: dict[int, SpanMark] = {}
        self._keys: list[tuple[int, int]] = []  # (start, id), sorted
        self._crossing: dict[int, SpanMark] = {}  # marks spanning a paragraph break
        self._plans: dict[int, BlockPlan] = {}
        self._store_all(marks)

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, mark_id: int) -> bool:
        return mark_id in self._by_id

    def get(self, mark_id: int) -> SpanMark | None:
        return self._by_id.get(mark_id)

    def add(self, mark: SpanMark) -> range:
        """Store a new mark; returns the paragraphs whose drawing changed."""
        self._check(mark)
        self._store(mark)
        insort(self._keys, (mark.start, mark.id))
        return self._invalidate(mark)

    def remove(self, mark_id: int) -> range:
        """Forget a mark; returns the paragraphs whose drawing changed."""
        mark = self._by_id.pop(mark_id)
        del self._keys[bisect_left(self._keys, (mark.start, mark.id))]
        self._crossing.pop(mark_id, None)
        return self._invalidate(mark)

    def replace(self, mark: SpanMark) -> list[int]:
        """Swap in a new version of a stored mark; returns the paragraphs changed."""
        if mark.id not in self._by_id:
            raise KeyError(mark.id)
        self._check_range(mark)
        return [*self.remove(mark.id), *self.add(mark)]

    def change(self, added: Iterable[SpanMark], removed: Iterable[int]) -> set[int]:
        """Forget `removed` (ids), then store `added` (a new version of a mark removed with it is
        fine), re-sorting once: a propagation's ~700 marks would each shift the 20,000 keys.
        Checked before anything changes; returns the paragraphs whose drawing changed."""
        gone, new = set(removed), list(added)
        missing = gone - self._by_id.keys()
        if missing:
            raise KeyError(min(missing))
        seen: set[int] = set()
        for mark in new:
            if mark.id in seen or (mark.id in self._by_id and mark.id not in gone):
                raise ValueError(f"span {mark.id} is already shown")
            self._check_range(mark)
            seen.add(mark.id)
        blocks: set[int] = set()
        if len(gone) > 8:  # one pass over the keys instead of a shift of them per mark
            self._keys = [key for key in self._keys if key[1] not in gone]
        for mark_id in gone:
            mark = self._by_id.pop(mark_id)
            self._crossing.pop(mark_id, None)
            if len(gone) <= 8:
                del self._keys[bisect_left(self._keys, (mark.start, mark.id))]
            blocks.update(self._invalidate(mark))
        for mark in new:
            self._store(mark)
            blocks.update(self._invalidate(mark))
        self._keys.extend((mark.start, mark.id) for mark in new)
        self._keys.sort()  # the old keys are one sorted run: near linear
        return blocks

    def plan(self, block: int) -> BlockPlan:
        """Marks touching paragraph `block` and their lanes (cached)."""
        plan = self._plans.get(block)
        if plan is None:
            marks = self._touching(block)
            plan = self._plans[block] = BlockPlan(marks, assign_lanes(marks))
        return plan

    def ids_at(self, cp: int) -> list[int]:
        """Ids of the marks covering code point `cp`, innermost first."""
        if not 0 <= cp < self._pos.length:
            return []
        hits = [m for m in self.plan(self._pos.block_of(cp)).marks if m.contains(cp)]
        return [m.id for m in sorted(hits, key=lambda m: (m.length, m.id))]

    def _check(self, mark: SpanMark) -> None:
        if mark.id in self._by_id:
            raise ValueError(f"span {mark.id} is already shown")
        self._check_range(mark)

    def _check_range(self, mark: SpanMark) -> None:
        if mark.end > self._pos.length:
            raise ValueError(f"span {mark.id} ends at {mark.end}, past the text ({self._pos.length})")

    def _store(self, mark: SpanMark) -> None:
        self._by_id[mark.id] = mark
        if self._pos.block_of(mark.start) != self._pos.block_of(mark.end - 1):
            self._crossing[mark.id] = mark

    def _store_all(self, marks: Iterable[SpanMark]) -> None:
        """`_check` and `_store` for a whole layer, inlined: opening a document waits for it."""
        by_id, crossing, length = self._by_id, self._crossing, self._pos.length
        starts = self._pos.block_starts
        count = len(starts)
        for mark in marks:
            if mark.id in by_id:
                raise ValueError(f"span {mark.id} is already shown")
            if mark.end > length:
                raise ValueError(f"span {mark.id} ends at {mark.end}, past the text ({length})")
            by_id[mark.id] = mark
            after = bisect_right(starts, mark.start)  # the paragraph after the mark's first
            if after < count and starts[after] < mark.end:
                crossing[mark.id] = mark
        self._keys = sorted([(m.start, m.id) for m in by_id.values()])

    def _invalidate(self, mark: SpanMark) -> range:
        blocks = self._pos.blocks_of(mark.start, mark.end)
        for block in blocks:
            self._plans.pop(block, None)
        return blocks

    def _touching(self, block: int) -> tuple[SpanMark, ...]:
        start = self._pos.block_starts[block]
        end = self._pos.block_bounds(block)[1] + 1
        lo = bisect_left(self._keys, (start,))
        hi = bisect_left(self._keys, (end,))
        inside = [self._by_id[mark_id] for _, mark_id in self._keys[lo:hi]]
        entering = [m for m in self._crossing.values() if m.start < start < m.end]
        return tuple(entering + inside)
