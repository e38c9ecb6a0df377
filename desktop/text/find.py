"""Find in one document: the hits of a query in reading order, and stepping between them.

Matching is the project's folding (`desktop.text.folding`): `علي` finds
`علی`, `ك` finds `ک`, `۱۲` finds `12`, `می شود` finds `می‌شود`. Hits are
code-point spans `[start, end)` into the stored text, never overlapping and
in ascending order, so stepping is a binary search from where the reader is
(the selection or the caret), not a counter that goes stale when they click.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from desktop.text.folding import find_all

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Hits:
    """The matches of `query` in one text (code points, end exclusive)."""

    query: str = ""
    spans: tuple[Span, ...] = ()

    def __len__(self) -> int:
        return len(self.spans)

    def index(self, span: Span | None) -> int | None:
        """Position of `span` among the hits, or None if it is not exactly a hit."""
        if span is None:
            return None
        i = bisect_left(self.spans, span)
        return i if i < len(self.spans) and self.spans[i] == span else None

    def at_or_after(self, position: int) -> int | None:
        """The first hit starting at or after `position`, wrapping to the first."""
        if not self.spans:
            return None
        i = bisect_left(self.spans, (position, position))
        return i if i < len(self.spans) else 0

    def step(self, anchor: Span, forward: bool) -> int | None:
        """The hit after (or before) the selected range `anchor`, wrapping around.

        Forward: the first hit starting at or after the anchor's end (its end
        when the anchor is a hit, the caret when it is empty). Backward: the
        last hit ending at or before the anchor's start.
        """
        if not self.spans:
            return None
        start, end = anchor
        if forward:
            i = bisect_left(self.spans, (end, end) if start < end else (start, start))
            return i if i < len(self.spans) else 0
        ends = [e for _, e in self.spans]  # ascending too: hits never overlap
        i = bisect_right(ends, start) - 1
        return i if i >= 0 else len(self.spans) - 1


def find_hits(text: str, query: str, *, whole_word: bool = False) -> Hits:
    """Every folded match of `query` in `text`; an empty query finds nothing."""
    return Hits(query, tuple(find_all(text, query, whole_word=whole_word)))
