"""Token tags: the label of the span covering each token, or O.

A span covers every token it shares a character with (a span ending inside
a word tags the whole word). Where a layer's spans overlap, a token takes
the label of the longest span covering it, then the earliest, then the
label key first in order: the same choice the token-based exports make
when they drop overlaps (longest first, then earliest).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from itertools import repeat
from operator import lt

from desktop.core.agreement.measures import OUTSIDE

Key = tuple[int, int, str]


def tag_tokens(spans: Iterable[Key], starts: Sequence[int], ends: Sequence[int]) -> dict[int, str]:
    """{token index: label} for the covered tokens of (starts, ends); others are O."""
    tags: dict[int, str] = {}
    for start, end, label in sorted(spans, key=lambda k: (k[0] - k[1], k[0], k[2])):
        for index in range(bisect_right(ends, start), bisect_left(starts, end)):
            tags.setdefault(index, label)
    return tags


def token_tags(spans: Iterable[Key], starts: Sequence[int], ends: Sequence[int]) -> list[str]:
    """Every token's tag, O where no span covers it: `tag_tokens` as a list, a span's run of
    tokens written as one slice (the per-token work in C; the agreement's hot path)."""
    tags = [OUTSIDE] * len(starts)
    ordered = sorted(spans)
    if not ordered:
        return tags
    firsts = list(map(bisect_right, repeat(ends), [key[0] for key in ordered]))
    lasts = list(map(bisect_left, repeat(starts), [key[1] for key in ordered]))
    runs: Iterable[tuple[int, int, Key]] = zip(firsts, lasts, ordered)
    # Runs in start order are disjoint when none begins before the previous one ends (each is
    # [first, last), first <= last): no token has two candidates. Else write them least wanted
    # first, so that each token's winner is written last (`tag_tokens`' order, reversed).
    if any(map(lt, firsts[1:], lasts)):
        runs = sorted(runs, key=_priority, reverse=True)
    for first, last, key in runs:
        if first < last:
            tags[first:last] = repeat(key[2], last - first)
    return tags


def _priority(run: tuple[int, int, Key]) -> tuple[int, int, str]:
    start, end, label = run[2]
    return start - end, start, label
