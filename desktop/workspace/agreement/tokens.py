"""Token boundaries for agreement: tokenise each document once per process.

Kappa and alpha need every token of a document, but only the tokens near
spans carry a label; the rest are counted. Boundaries are cached compactly
(two int arrays per document) by content hash, least recently used out
first; past the bound only the stretches around spans are tokenised, which
gives exactly the whole text's tokens there, and the count is remembered.
"""

from __future__ import annotations

import re
import threading
from array import array
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from itertools import chain
from operator import itemgetter

from desktop.text.tokens import tokenize_stretches

Key = tuple[int, int, str]
CACHE_TOKENS = 4_000_000  # token boundaries kept: 32 MB
_AFTER_WORD = re.compile(r"\S*")
_SEPARATORS = " \n"  # what a stretch may start after (no token holds either)
_EDGES = itemgetter(0, 1)
_START, _END = itemgetter(0), itemgetter(1)


def region_tokens(text: str, spans: Iterable[Key]) -> list[tuple[int, int]]:
    """The document's tokens in the stretches around `spans`, exactly as tokenising
    the whole text gives them there: each stretch starts after whitespace (or at
    the start) and ends at whitespace (or the end), and no token crosses one."""
    return tokenize_stretches(text, stretches(text, spans))


def stretches(text: str, spans: Iterable[Key]) -> list[tuple[int, int]]:
    """The whitespace-bounded stretches (start, end) that hold `spans`, in order, apart."""
    found: list[tuple[int, int]] = []
    low = high = -1  # the stretch being grown
    size = len(text)
    for start, end in sorted(set(map(_EDGES, spans))):  # a span inside the stretch needs no search
        if start > high:  # past the stretch: where the next one starts (after a space or a line's end)
            begin = start
            if start and text[start - 1] not in _SEPARATORS:
                begin = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
            if begin > high:
                if high >= 0:
                    found.append((low, high))
                low = begin
        if end > high:  # (ending inside the stretch, its word ends inside it too)
            if end < size and not text[end].isspace():
                after = _AFTER_WORD.match(text, end)
                assert after is not None  # \S* matches, if only the empty string
                end = after.end()
            high = end
    if high >= 0:
        found.append((low, high))
    return found


def spans_tokens(text: str, spans: Iterable[Iterable[Key]]) -> tuple[Sequence[int], Sequence[int]]:
    """(starts, ends) of the tokens around every layer's `spans` (`region_tokens`): all that
    agreement needs of a document whose token count is stored."""
    return _split(region_tokens(text, chain.from_iterable(spans)))


def _around(starts: array, ends: array, spans: list[Key]) -> tuple[array, array]:
    """The run of tokens from the first any span touches to the last."""
    if not spans:
        return starts[:0], ends[:0]
    low = bisect_right(ends, min(map(_START, spans)))
    high = bisect_left(starts, max(map(_END, spans)))
    return starts[low:high], ends[low:high]


def _split(tokens: list[tuple[int, int]]) -> tuple[Sequence[int], Sequence[int]]:
    if not tokens:
        return (), ()
    starts, ends = zip(*tokens)  # in C
    return starts, ends


class TokenCache:
    """Token boundaries per document content, least recently used out first."""

    def __init__(self, max_tokens: int = CACHE_TOKENS) -> None:
        self.max_tokens = max_tokens
        self._items: OrderedDict[str, tuple[array, array]] = OrderedDict()
        self._counts: dict[str, int] = {}  # survives eviction: counts are small
        self._size = 0
        self._lock = threading.Lock()  # the window may compute in a worker thread

    def get(
        self, content_hash: str, text: str, spans: Iterable[Iterable[Key]]
    ) -> tuple[Sequence[int], Sequence[int], int]:
        """(token starts, token ends, token count): the tokens from the first a span
        touches to the last (the others carry no tag), or at least those around
        `spans` when the document is too big to keep."""
        keys = list(chain.from_iterable(spans))
        with self._lock:
            found = self._items.get(content_hash)
            if found is not None:
                self._items.move_to_end(content_hash)
                return (*_around(found[0], found[1], keys), len(found[0]))
            count = self._counts.get(content_hash)
        if count is not None:  # evicted before: tokenise around the spans only
            starts, ends = _split(region_tokens(text, keys))
            return starts, ends, count
        first, last = _split(tokenize_stretches(text, [(0, len(text))]))
        starts, ends = array("i", first), array("i", last)
        self._keep(content_hash, starts, ends)
        return (*_around(starts, ends, keys), len(starts))

    def _keep(self, content_hash: str, starts: array, ends: array) -> None:
        with self._lock:
            self._counts[content_hash] = len(starts)
            if content_hash not in self._items and len(starts) <= self.max_tokens:
                self._items[content_hash] = (starts, ends)
                self._size += len(starts)
            while self._size > self.max_tokens:
                _, (old, _) = self._items.popitem(last=False)
                self._size -= len(old)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._counts.clear()
            self._size = 0


TOKENS = TokenCache()
