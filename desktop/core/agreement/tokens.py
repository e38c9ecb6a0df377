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

Key = tuple[int, int, str]


def tag_tokens(spans: Iterable[Key], starts: Sequence[int], ends: Sequence[int]) -> dict[int, str]:
    """{token index: label} for the covered tokens of (starts, ends); others are O."""
    tags: dict[int, str] = {}
    for start, end, label in sorted(spans, key=lambda k: (k[0] - k[1], k[0], k[2])):
        for index in range(bisect_right(ends, start), bisect_left(starts, end)):
            tags.setdefault(index, label)
    return tags
