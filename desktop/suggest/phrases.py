"""Many phrases found at once, Persian-aware and on whole tokens.

Phrases and texts are compared token by token under the search folding
(`desktop.text.fold_table`: yeh/kaf variants, digits, diacritics, ZWNJ),
and the separators between a phrase's words do not matter: `آذربایجان
شرقی`, `آذربایجان‌شرقی` and `آذربایجانشرقی` are one phrase. A match starts
at a token start and ends at a token end, so `ایران` is not found inside
`ایرانی` or `ایران‌خودرو`, exactly as search's whole-word mode.

Gazetteer entries may hold `...` (or `…`): in the middle, one to three
words of any kind (`معاون ... وزیر`); at the end, "and the known name that
follows", so `استاندار ...` covers `استاندار آذربایجان شرقی` when a list
holds `آذربایجان شرقی`, and `معاون ... وزیر ...` grows into `وزیر امور
خارجه` when that is an entry. Leftmost-longest matches win, and every
payload holding the winning phrase is reported; `find(only=...)` restricts
which entries may match (the gazetteer suggester matches list by list, so a
place inside a title is still found as a place).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass

from desktop.suggest.lexicon import fold_word
from desktop.suggest.tokens import Token, sentence_tokens
from desktop.text.tokens import tokenize

GAPS = ("...", "…")
MAX_GAP = 3
_CHAIN = 4  # known names a trailing `...` may take along


@dataclass(frozen=True, slots=True)
class _Pattern[P: Hashable]:
    segments: tuple[str, ...]  # joined folded keys of the literal parts, in order
    open_end: bool
    payload: P


@dataclass(frozen=True, slots=True)
class PhraseMatch[P: Hashable]:
    start: int
    end: int
    payloads: tuple[P, ...]


def phrase_segments(phrase: str, *, literal: bool = False) -> tuple[list[list[str]], bool]:
    """Folded token keys of a phrase, cut at its gaps; and whether it ends with one."""
    keys = [fold_word(phrase[s:e]) for s, e in tokenize(phrase)]
    segments: list[list[str]] = [[]]
    for key in keys:
        if not literal and key in GAPS:
            segments.append([])
        else:
            segments[-1].append(key)
    open_end = len(segments) > 1 and not segments[-1]
    return [s for s in segments if s], open_end


class PhraseMatcher[P: Hashable]:
    """Finds the phrases it was given in texts.

    `literal` ignores gap marks (propagating a span's own text); `chainable`
    says which entries a trailing `...` may take along (not people's names:
    `رئیس ...` should not swallow the name after it).
    """

    def __init__(
        self,
        entries: Iterable[tuple[str, P]],
        *,
        literal: bool = False,
        chainable: Callable[[P], bool] = lambda payload: True,
    ) -> None:
        self._chainable = chainable
        self._patterns: dict[str, list[_Pattern[P]]] = defaultdict(list)
        self._heads: set[str] = set()  # every prefix of every part: stops hopeless lookups early
        self._longest = 1
        for phrase, payload in entries:
            segments, open_end = phrase_segments(phrase, literal=literal)
            if not segments:
                continue
            self._longest = max(self._longest, *(len(s) for s in segments))
            joined = tuple("".join(s) for s in segments)
            self._patterns[joined[0]].append(_Pattern(joined, open_end, payload))
            self._heads.update(part[:n] for part in joined for n in range(1, len(part) + 1))

    def __bool__(self) -> bool:
        return bool(self._patterns)

    def find(self, text: str, only: Callable[[P], bool] | None = None) -> list[PhraseMatch[P]]:
        """Leftmost-longest matches in `text`, with character offsets; `only` limits
        which entries may be matched (any entry may still extend an open end)."""
        out: list[PhraseMatch[P]] = []
        for sentence in sentence_tokens(text):
            i = 0
            while i < len(sentence):
                end, payloads = self._longest_at(sentence, i, only)
                if not payloads:
                    i += 1
                    continue
                out.append(PhraseMatch(sentence[i].start, sentence[end - 1].end, payloads))
                i = end
        return out

    def _longest_at(
        self, tokens: tuple[Token, ...], i: int, only: Callable[[P], bool] | None
    ) -> tuple[int, tuple[P, ...]]:
        best, payloads = i, []
        for (last, end), pattern in self._matches_at(tokens, i):
            if only is not None and not only(pattern.payload):
                continue
            if pattern.open_end:
                end = self._chain(tokens, last, end)
            if end > best:
                best, payloads = end, [pattern.payload]
            elif end == best and pattern.payload not in payloads:
                payloads.append(pattern.payload)
        return best, tuple(payloads)

    def _matches_at(self, tokens: tuple[Token, ...], i: int) -> Iterator[tuple[tuple[int, int], _Pattern[P]]]:
        """((start of the last part, end), pattern) for every pattern matching at token `i`."""
        for n, key in self._prefixes(tokens, i):
            for pattern in self._patterns.get(key, ()):
                found = self._rest(tokens, i, i + n, pattern.segments[1:])
                if found is not None:
                    yield found, pattern

    def _prefixes(self, tokens: tuple[Token, ...], i: int) -> Iterator[tuple[int, str]]:
        """(n, joined keys of tokens[i:i+n]) for n up to the longest segment."""
        key = ""
        for n in range(1, min(self._longest, len(tokens) - i) + 1):
            key += tokens[i + n - 1].key
            if key not in self._heads:
                return
            yield n, key

    def _rest(self, tokens: tuple[Token, ...], last: int, j: int, segments: tuple[str, ...]) -> tuple[int, int] | None:
        """(start of the last part, end) after the remaining segments and their gaps."""
        if not segments:
            return last, j
        for gap in range(1, MAX_GAP + 1):
            if j + gap > len(tokens) or not tokens[j + gap - 1].key.isalpha():
                return None
            for n, key in self._prefixes(tokens, j + gap):
                if key == segments[0]:
                    found = self._rest(tokens, j + gap, j + gap + n, segments[1:])
                    if found is not None:
                        return found
        return None

    def _chain(self, tokens: tuple[Token, ...], last: int, end: int) -> int:
        """Grow an open-ended match: a longer entry may start at its last word
        (`... وزیر` into `وزیر امور خارجه`), then known names may follow it."""
        end = max([end] + self._closed_ends(tokens, last))
        for _ in range(_CHAIN):
            following = self._closed_ends(tokens, end)
            if not following:
                break
            end = max(following)
        return end

    def _closed_ends(self, tokens: tuple[Token, ...], i: int) -> list[int]:
        return [end for (_, end), p in self._matches_at(tokens, i) if not p.open_end and self._chainable(p.payload)]
