"""Pooled counts for the report, kept as flat lists and counted in C in batches.

A document adds its labels and tags to lists (`list.extend` over `map`, no
Python loop per span or token); `collections.Counter` counts a batch at once.
What comes out is exactly what counting one span or token at a time gives.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, MutableMapping, Sequence
from operator import itemgetter

from desktop.core.agreement.matching import MODES, overlap_matches
from desktop.core.agreement.measures import OUTSIDE, Counts

Key = tuple[int, int, str]
BATCH = 1 << 20  # labels or tags held before they are counted: memory stays flat
_LABEL = itemgetter(2)


class SpanTally:
    """A pair's span matches by label, for both modes: keys both layers have (`same`),
    the rest of each (`a_rest`, `b_rest`) and the rest's overlap matches (`paired`)."""

    def __init__(self) -> None:
        self._lists: tuple[list[str], list[str], list[str], list[str]] = ([], [], [], [])
        self._counts: tuple[Counter[str], ...] = (Counter(), Counter(), Counter(), Counter())

    def add(self, a: Iterable[Key], b: Iterable[Key]) -> tuple[set[Key], list[tuple[Key, Key]]]:
        """One document's spans of a and b; returns the matches (as `matching.count_pair`)."""
        a, b = set(a), set(b)
        same = a & b
        a_rest, b_rest = a - same, b - same
        pairs = overlap_matches(sorted(a_rest), sorted(b_rest)) if a_rest and b_rest else []
        same_labels, a_labels, b_labels, paired = self._lists
        same_labels.extend(map(_LABEL, same))
        a_labels.extend(map(_LABEL, a_rest))
        b_labels.extend(map(_LABEL, b_rest))
        if pairs:
            paired.extend(_LABEL(x) for x, _ in pairs)  # a pair's two spans share their label
        if len(a_labels) + len(b_labels) + len(same_labels) > BATCH:
            self._count()
        return same, pairs

    def add_to(self, by_label: Mapping[str, MutableMapping[str, Counts]]) -> None:
        """Add the counts to a pair's {mode: {label: counts}} and start again."""
        self._count()
        same, a_rest, b_rest, paired = self._counts
        for label in same.keys() | a_rest.keys() | b_rest.keys():
            exact, overlap = (_counts(by_label[mode], label) for mode in MODES)
            exact.tp += same[label]
            exact.fn += a_rest[label]
            exact.fp += b_rest[label]
            overlap.tp += same[label] + paired[label]
            overlap.fn += a_rest[label] - paired[label]
            overlap.fp += b_rest[label] - paired[label]
        self._counts = (Counter(), Counter(), Counter(), Counter())

    def _count(self) -> None:
        for labels, counts in zip(self._lists, self._counts):
            counts.update(labels)
            labels.clear()


class PatternTally:
    """Token tag patterns of the documents one set of layers annotated: {tags: tokens}."""

    def __init__(self, width: int) -> None:
        self._columns: list[list[str]] = [[] for _ in range(width)]
        self._outside = 0  # tokens no layer tagged, beyond those in the columns
        self._counts: Counter[tuple[str, ...]] = Counter()

    def add(self, tags: Sequence[list[str]], token_count: int) -> None:
        """A document's tags per layer (one per token of some of its tokens, the same tokens for
        every layer) and its token count: the tokens not listed are O for every layer."""
        for column, layer in zip(self._columns, tags):
            column.extend(layer)
        self._outside += token_count - len(tags[0])
        if len(self._columns[0]) > BATCH:
            self._count()

    def add_counts(self, patterns: Counter[tuple[str, ...]]) -> None:
        self._counts.update(patterns)

    def counts(self) -> Counter[tuple[str, ...]]:
        """{tuple of each layer's tag: tokens} over every document added."""
        self._count()
        return self._counts

    def _count(self) -> None:
        self._counts.update(zip(*self._columns))
        if self._outside:
            self._counts[(OUTSIDE,) * len(self._columns)] += self._outside
        for column in self._columns:
            column.clear()
        self._outside = 0


def patterns_of(tags: Sequence[list[str]], token_count: int) -> Counter[tuple[str, ...]]:
    """One document's {tuple of each layer's tag: tokens} (see `PatternTally.add`)."""
    patterns = Counter(zip(*tags))
    patterns[(OUTSIDE,) * len(tags)] += token_count - len(tags[0])
    return patterns


def _counts(table: MutableMapping[str, Counts], label: str) -> Counts:
    found = table.get(label)
    if found is None:
        found = table[label] = Counts()
    return found
