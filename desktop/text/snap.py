"""Selection helpers: turn what the user dragged over into a clean span.

`trim` is the "exact characters" mode: only whitespace, ZWNJ, invisible
marks and punctuation are shaved off the edges (percent signs stay: `۵۰ ٪`
is a percentage). `snap_to_tokens` trims and
then grows the range to whole tokens, or, with `split_zwnj=True`, to whole
ZWNJ-separated parts of a token, so the plural suffix `ها` of `کتاب‌ها` can
be labelled on its own. Both return None when nothing but junk was selected.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from desktop.text.chars import ZWNJ, is_edge_junk

Span = tuple[int, int]


def trim(text: str, start: int, end: int) -> Span | None:
    """`[start, end)` without whitespace, ZWNJ and punctuation at its edges."""
    start, end = max(0, start), min(len(text), end)
    while start < end and is_edge_junk(text[start]):
        start += 1
    while end > start and is_edge_junk(text[end - 1]):
        end -= 1
    return (start, end) if start < end else None


def snap_to_tokens(text: str, tokens: Sequence[Span], start: int, end: int, *, split_zwnj: bool = False) -> Span | None:
    """Trimmed `[start, end)` grown to the tokens (or ZWNJ parts) it touches.

    `tokens` are the sorted spans from `desktop.text.tokens.tokenize(text)`.
    """
    trimmed = trim(text, start, end)
    if trimmed is None:
        return None
    start, end = trimmed
    first = bisect_right(tokens, start, key=lambda t: t[1])  # first token ending after start
    if first < len(tokens) and tokens[first][0] <= start:
        start = _part_start(text, tokens[first], start) if split_zwnj else tokens[first][0]
    last = bisect_right(tokens, end - 1, key=lambda t: t[0]) - 1  # last token starting before end
    if last >= 0 and tokens[last][1] >= end:
        end = _part_end(text, tokens[last], end) if split_zwnj else tokens[last][1]
    return start, end


def token_at(tokens: Sequence[Span], pos: int) -> Span | None:
    """The token containing code point `pos`, if any (for double-click)."""
    i = bisect_right(tokens, pos, key=lambda t: t[1])
    if i < len(tokens) and tokens[i][0] <= pos:
        return tokens[i]
    return None


def _part_start(text: str, token: Span, pos: int) -> int:
    zwnj = text.rfind(ZWNJ, token[0], pos)
    return token[0] if zwnj < 0 else zwnj + 1


def _part_end(text: str, token: Span, pos: int) -> int:
    zwnj = text.find(ZWNJ, pos, token[1])
    return token[1] if zwnj < 0 else zwnj
