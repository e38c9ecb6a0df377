"""Per-document analysis the editor can ask for again and again, cheaply.

`analyze(text)` returns the same `TextAnalysis` for the same content (an
LRU keyed by a content digest), and each analysis computes its tokens,
sentences and folding once, on first use.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import cached_property

from desktop.text.cache import ContentCache
from desktop.text.folding import FoldedText, fold
from desktop.text.snap import Span, snap_to_tokens, token_at
from desktop.text.tokens import sentences, tokenize


class TextAnalysis:
    """Lazily computed tokens, sentences and folded form of one stored text."""

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def tokens(self) -> list[Span]:
        return tokenize(self.text)

    @cached_property
    def sentences(self) -> list[Span]:
        return sentences(self.text)

    @cached_property
    def folded(self) -> FoldedText:
        return fold(self.text)

    @cached_property
    def _token_starts(self) -> list[int]:
        return [s for s, _ in self.tokens]

    def token_at(self, pos: int) -> Span | None:
        """The token containing code point `pos`, if any."""
        return token_at(self.tokens, pos)

    def tokens_in(self, start: int, end: int) -> list[Span]:
        """Tokens lying entirely inside `[start, end)`."""
        first = bisect_left(self._token_starts, start)
        last = bisect_right(self._token_starts, end)
        return [t for t in self.tokens[first:last] if t[1] <= end]

    def snap(self, start: int, end: int, *, split_zwnj: bool = False) -> Span | None:
        """`snap_to_tokens` over this text's cached tokens."""
        return snap_to_tokens(self.text, self.tokens, start, end, split_zwnj=split_zwnj)

    def find_all(self, query: str, *, whole_word: bool = True) -> list[Span]:
        """Folded search over this text (see `desktop.text.folding`)."""
        return self.folded.find_all(query, whole_word=whole_word)


_ANALYSES: ContentCache[TextAnalysis] = ContentCache(TextAnalysis, size=64)


def analyze(text: str) -> TextAnalysis:
    """The cached analysis of `text` (same content, same object)."""
    return _ANALYSES.get(text)
