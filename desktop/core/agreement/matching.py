"""Matching two layers' spans: exactly, or by overlap, one to one.

Spans are keys (start, end, label). An exact match has the same offsets and
label. An overlap match has the same label and shares at least one
character: identical spans match first, then the remaining spans pair up
greedily, pairs sharing more characters first (ties broken on the pair's
sorted keys, so swapping the layers gives the same pairs and the same F1).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, MutableMapping

from desktop.core.agreement.measures import Counts

Key = tuple[int, int, str]
MODES = ("exact", "overlap")


def match(a: Iterable[Key], b: Iterable[Key], mode: str) -> list[tuple[Key, Key]]:
    """Matched pairs (span of a, span of b), in text order."""
    if mode not in MODES:
        raise ValueError(f"unknown match mode {mode!r} (exact or overlap)")
    a, b = set(a), set(b)
    same = a & b
    pairs = [(k, k) for k in same]
    if mode == "overlap":
        pairs += overlap_matches(sorted(a - same), sorted(b - same))
    return sorted(pairs)


def overlap_matches(a: list[Key], b: list[Key]) -> list[tuple[Key, Key]]:
    """One-to-one overlap pairs (a span, b span) of same-labelled spans (each list sorted)."""
    by_label: dict[str, list[Key]] = defaultdict(list)
    for key in b:
        by_label[key[2]].append(key)
    pairs = []
    for x in a:
        for y in by_label.get(x[2], ()):
            if y[0] >= x[1]:
                break  # b is sorted by start: no later span overlaps x
            shared = min(x[1], y[1]) - max(x[0], y[0])
            if shared > 0:
                pairs.append((-shared, min(x, y), max(x, y), x, y))
    pairs.sort()
    used_a: set[Key] = set()
    used_b: set[Key] = set()
    out = []
    for *_, x, y in pairs:
        if x not in used_a and y not in used_b:
            used_a.add(x)
            used_b.add(y)
            out.append((x, y))
    return out


def unmatched(a: Iterable[Key], b: Iterable[Key], mode: str) -> tuple[list[Key], list[Key]]:
    """Spans of a and of b that found no match, in text order."""
    a, b = set(a), set(b)
    pairs = match(a, b, mode)
    return sorted(a - {x for x, _ in pairs}), sorted(b - {y for _, y in pairs})


def count_by_label(
    a: Iterable[Key], b: Iterable[Key], mode: str, into: MutableMapping[str, Counts] | None = None
) -> MutableMapping[str, Counts]:
    """tp/fp/fn per label, b measured against a (added to `into` when given)."""
    out = defaultdict(Counts) if into is None else into
    if mode not in MODES:
        raise ValueError(f"unknown match mode {mode!r} (exact or overlap)")
    count_pair(a, b, out if mode == "exact" else None, out if mode == "overlap" else None)
    return out


def count_pair(
    a: Iterable[Key],
    b: Iterable[Key],
    exact: MutableMapping[str, Counts] | None,
    overlap: MutableMapping[str, Counts] | None,
) -> tuple[set[Key], list[tuple[Key, Key]]]:
    """Add a pair's per-label counts for both modes at once: identical spans are
    found once and only the rest is matched by overlap (the hot path of agreement).
    Returns the matches: the keys both have, and the further overlap pairs (a, b)."""
    a, b = set(a), set(b)
    same = a & b
    a_rest, b_rest = a - same, b - same
    for table in (t for t in (exact, overlap) if t is not None):
        for key in same:
            _counts(table, key[2]).tp += 1
    if exact is not None:
        _add(exact, a_rest, b_rest)
    pairs: list[tuple[Key, Key]] = []
    if overlap is not None:
        pairs = overlap_matches(sorted(a_rest), sorted(b_rest)) if a_rest and b_rest else []
        for x, _ in pairs:
            _counts(overlap, x[2]).tp += 1
        _add(overlap, a_rest - {x for x, _ in pairs}, b_rest - {y for _, y in pairs})
    return same, pairs


def _add(table: MutableMapping[str, Counts], a_only: Iterable[Key], b_only: Iterable[Key]) -> None:
    for key in a_only:
        _counts(table, key[2]).fn += 1
    for key in b_only:
        _counts(table, key[2]).fp += 1


def _counts(table: MutableMapping[str, Counts], label: str) -> Counts:
    found = table.get(label)
    if found is None:
        found = table[label] = Counts()
    return found
