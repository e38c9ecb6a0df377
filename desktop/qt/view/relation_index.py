"""Relations indexed by the paragraphs their ends are in.

Painting asks "which relations touch the paragraphs on screen?": each
relation is filed under the paragraph of its head and of its tail, so that
is a dictionary look-up per visible paragraph. A relation whose ends are
both off screen but on either side of it still crosses the screen (along
the margin): one spanning a few paragraphs is also filed under each
paragraph it passes over; the rare one spanning more is kept aside and
checked at every paint.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from desktop.qt.view.positions import TextPositions
from desktop.qt.view.relation_mark import RelationMark

_NEAR = 64  # paragraphs a relation may pass over and still be filed under each of them


class RelationIndex:
    """All relations of one document, answering per-paragraph queries fast."""

    def __init__(self, positions: TextPositions, relations: Iterable[RelationMark] = ()) -> None:
        self._pos = positions
        self._by_id: dict[int, RelationMark] = {}
        self._by_block: dict[int, set[int]] = {}
        self._over: dict[int, set[int]] = {}  # paragraph -> relations passing over it (ends a few apart)
        self._apart: dict[int, tuple[int, int]] = {}  # id -> (first, last) paragraph, when far apart
        self._chosen: set[int] = set()
        for relation in relations:
            self.add(relation)

    def __len__(self) -> int:
        return len(self._by_id)

    def get(self, relation_id: int) -> RelationMark | None:
        return self._by_id.get(relation_id)

    def blocks(self, relation: RelationMark) -> tuple[int, int]:
        """Paragraphs of the head's and the tail's start."""
        return self._pos.block_of(relation.head[0]), self._pos.block_of(relation.tail[0])

    def add(self, relation: RelationMark) -> None:
        """Show a new relation; ValueError if its id is shown or an end is past the text."""
        if relation.id in self._by_id:
            raise ValueError(f"relation {relation.id} is already shown")
        for _start, end in (relation.head, relation.tail):
            if end > self._pos.length:
                raise ValueError(f"relation {relation.id} reaches {end}, past the text ({self._pos.length})")
        self._by_id[relation.id] = relation
        starts = self._pos.block_starts  # blocks(), inlined: a document's thousands come in at once
        head, tail = bisect_right(starts, relation.head[0]) - 1, bisect_right(starts, relation.tail[0]) - 1
        self._by_block.setdefault(head, set()).add(relation.id)
        if tail != head:
            self._by_block.setdefault(tail, set()).add(relation.id)
        low, high = min(head, tail), max(head, tail)
        if high - low > _NEAR:
            self._apart[relation.id] = (low, high)
        else:
            for block in range(low + 1, high):
                self._over.setdefault(block, set()).add(relation.id)
        if relation.chosen:
            self._chosen.add(relation.id)

    def remove(self, relation_id: int) -> RelationMark:
        """Stop showing a relation; KeyError if it is not shown."""
        relation = self._by_id.pop(relation_id)
        head, tail = self.blocks(relation)
        for block in {head, tail}:
            self._by_block[block].discard(relation_id)
        if self._apart.pop(relation_id, None) is None:
            for block in range(min(head, tail) + 1, max(head, tail)):
                self._over[block].discard(relation_id)
        self._chosen.discard(relation_id)
        return relation

    def chosen(self) -> list[RelationMark]:
        return [self._by_id[i] for i in sorted(self._chosen)]

    def ending_in(self, block: int) -> list[RelationMark]:
        """Relations with an end in paragraph `block`."""
        return [self._by_id[i] for i in self._by_block.get(block, ())]

    def touching(self, first: int, last: int) -> list[RelationMark]:
        """Relations with an end in paragraphs `first..last` or passing over them, by id."""
        ids: set[int] = set()
        for block in range(first, last + 1):
            ids.update(self._by_block.get(block, ()))
            ids.update(self._over.get(block, ()))
        for relation_id, (low, high) in self._apart.items():
            if low < first and high > last:
                ids.add(relation_id)
        return [self._by_id[i] for i in sorted(ids)]
