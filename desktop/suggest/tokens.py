"""Tokens as the suggesters see them: exact offsets plus a folded lookup key.

Offsets come from `desktop.text.tokens` (substrings of the stored text by
construction); the key is the token under search folding without ZWNJ, so
rules and phrase lists compare spellings the way search does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.suggest.lexicon import fold_word
from desktop.text.cache import ContentCache
from desktop.text.tokens import sentences, tokenize

_DIGITS = re.compile(r"^\d+(?:[.,/:\-]\d+)*%?$")


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    key: str  # folded: ASCII digits, one yeh/kaf, no ZWNJ or diacritics, lower-case Latin

    @property
    def is_number(self) -> bool:
        return bool(_DIGITS.match(self.key))


def _tokens(text: str) -> tuple[Token, ...]:
    return tuple(Token(s, e, fold_word(text[s:e])) for s, e in tokenize(text))


_CACHE: ContentCache[tuple[Token, ...]] = ContentCache(_tokens, size=256, max_chars=20_000_000)


def tokens_of(text: str) -> tuple[Token, ...]:
    """The tokens of `text`, computed once per content."""
    return _CACHE.get(text)


def sentence_tokens(text: str) -> list[tuple[Token, ...]]:
    """The tokens of each sentence, in order (sentences without tokens left out)."""
    tokens = tokens_of(text)
    out, i = [], 0
    for _, end in sentences(text):
        j = i
        while j < len(tokens) and tokens[j].end <= end:
            j += 1
        if j > i:
            out.append(tokens[i:j])
        i = j
    if i < len(tokens):
        out.append(tokens[i:])
    return out


def clear_token_cache() -> None:
    """Forget every text's tokens (benchmarks measuring a cold start)."""
    _CACHE.clear()
