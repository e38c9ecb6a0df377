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
from collections import OrderedDict
from collections.abc import Iterable, Sequence

from desktop.text.tokens import tokenize

Key = tuple[int, int, str]
CACHE_TOKENS = 4_000_000  # token boundaries kept: 32 MB
_AFTER_WORD = re.compile(r"\S*")


def region_tokens(text: str, spans: Iterable[Key]) -> list[tuple[int, int]]:
    """The document's tokens in the stretches around `spans`, exactly as tokenising
    the whole text gives them there: each stretch starts after whitespace (or at
    the start) and ends at whitespace (or the end), and no token crosses one."""
    tokens: list[tuple[int, int]] = []
    low = high = -1  # the stretch being grown
    for start, end, _ in sorted(spans):
        if start > high:  # past the stretch: where the next one starts (a span inside needs no search)
            begin = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
            if begin > high:
                if high >= 0:
                    tokens += tokenize(text, low, high)
                low = begin
        if end > high:  # (ending inside the stretch, its word ends inside it too)
            after = _AFTER_WORD.match(text, end)
            assert after is not None  # \S* matches, if only the empty string
            high = after.end()
    if high >= 0:
        tokens += tokenize(text, low, high)
    return tokens


def spans_tokens(text: str, spans: Iterable[Iterable[Key]]) -> tuple[list[int], list[int]]:
    """(starts, ends) of the tokens around every layer's `spans` (`region_tokens`): all that
    agreement needs of a document whose token count is stored."""
    tokens = region_tokens(text, [k for keys in spans for k in keys])
    return [s for s, _ in tokens], [e for _, e in tokens]


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
        """(token starts, token ends, token count): all tokens when cached, or at
        least those around `spans` when the document is too big to keep."""
        with self._lock:
            found = self._items.get(content_hash)
            if found is not None:
                self._items.move_to_end(content_hash)
                return found[0], found[1], len(found[0])
            count = self._counts.get(content_hash)
        if count is not None:  # evicted before: tokenise around the spans only
            tokens = region_tokens(text, [k for keys in spans for k in keys])
            return [s for s, _ in tokens], [e for _, e in tokens], count
        tokens = tokenize(text)
        starts, ends = array("i", [s for s, _ in tokens]), array("i", [e for _, e in tokens])
        self._keep(content_hash, starts, ends)
        return starts, ends, len(starts)

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
