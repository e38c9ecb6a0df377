"""Persian-aware search with exact offsets into the stored text.

`fold` maps a text to its search form (`desktop.text.fold_table` says what
is equal) and remembers where every folded character came from; queries
are compiled by `desktop.text.query`, which lets a space, a ZWNJ or nothing
stand between word parts.

A whole-word match must start at a token start and end at a token end, with
tokens as `desktop.text.tokens` cuts them: `ایران` does not match inside
`ایرانی` or `ایران‌خودرو`, `12` not inside `12.5`, while `۳` in `۳هزار` is
its own word just as it is its own token. Matches start on a real character
(never on a ZWNJ or diacritic) and end after one, taking along the
diacritics that belong to it. Folded texts are cached by content and
patterns by query, so a project-wide search folds each document once.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from functools import cached_property

from desktop.text.cache import ContentCache
from desktop.text.fold_table import DROPPED_MARKS, REMOVED_RUNS, fold_text
from desktop.text.query import compile_query
from desktop.text.tokens import tokenize

Span = tuple[int, int]
_STRETCH_LIMIT = 300  # characters without whitespace before we tokenise it all


class FoldedText:
    """A folded text and the way back to code points of the original."""

    def __init__(self, original: str) -> None:
        self.original = original
        self.text = fold_text(original)  # a long text in pieces: a search worker never freezes the window
        # Folded position before which each run of removed characters sat,
        # and how many characters were removed up to and including that run.
        self._runs_at, self._shift = array("q"), array("q")
        removed = 0
        for m in REMOVED_RUNS.finditer(original):
            self._runs_at.append(m.start() - removed)
            removed += m.end() - m.start()
            self._shift.append(removed)

    def to_original(self, pos: int) -> int:
        """Original position of folded character `pos` (0..len inclusive)."""
        i = bisect_right(self._runs_at, pos) - 1
        return pos + (self._shift[i] if i >= 0 else 0)

    def original_span(self, start: int, end: int) -> Span:
        """Original span of the non-empty folded span `[start, end)`."""
        o_end = self.to_original(end - 1) + 1
        while o_end < len(self.original) and self.original[o_end] in DROPPED_MARKS:
            o_end += 1  # a diacritic belongs to the letter before it
        return self.to_original(start), o_end

    def find_all(self, query: str, *, whole_word: bool = True) -> list[Span]:
        """Original spans of the leftmost non-overlapping matches of `query`."""
        pattern = compile_query(query)
        spans: list[Span] = []
        pos = 0
        while pattern is not None and (m := pattern.search(self.text, pos)):
            span = self.original_span(*m.span())
            if whole_word and not self._on_token_edges(span):
                pos = m.start() + 1  # a later, overlapping start may still fit
                continue
            spans.append(span)
            pos = m.end()
        return spans

    def _on_token_edges(self, span: Span) -> bool:
        # Tokens never contain whitespace: tokenising the whitespace-bounded
        # stretch around the match is exact and far cheaper than the whole text.
        lo, hi = _stretch(self.original, span)
        if lo is None or hi is None:
            starts, ends = self._all_token_edges
            return span[0] in starts and span[1] in ends
        tokens = tokenize(self.original, lo, hi)
        return any(s == span[0] for s, _ in tokens) and any(e == span[1] for _, e in tokens)

    @cached_property
    def _all_token_edges(self) -> tuple[set[int], set[int]]:
        tokens = tokenize(self.original)
        return {s for s, _ in tokens}, {e for _, e in tokens}


def _stretch(text: str, span: Span) -> tuple[int | None, int | None]:
    """Whitespace (or text edges) around `span`; None past `_STRETCH_LIMIT`."""
    lo, hi = span[0], span[1]
    while lo > 0 and not text[lo - 1].isspace():
        lo -= 1
        if span[0] - lo > _STRETCH_LIMIT:
            return None, None
    while hi < len(text) and not text[hi].isspace():
        hi += 1
        if hi - span[1] > _STRETCH_LIMIT:
            return None, None
    return lo, hi


def fold(text: str) -> FoldedText:
    """Fold `text` for matching, keeping the way back to its code points."""
    return FoldedText(text)


# A whole project, within reason: many small documents or a few big ones.
_FOLDED: ContentCache[FoldedText] = ContentCache(fold, size=20_000, max_chars=50_000_000)


def find_all(text: str, query: str, *, whole_word: bool = True) -> list[Span]:
    """Spans of `text` matching `query` under folding; the fold is cached."""
    return _FOLDED.get(text).find_all(query, whole_word=whole_word)
