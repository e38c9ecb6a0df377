"""Tokens and sentences as `(start, end)` code-point spans into the stored text.

One compiled regular expression, not hazm's WordTokenizer: hazm rewrites
tokens (verb parts joined with `_`, numbers spaced out) and costs a Python
call per token, while `finditer` runs at tens of MB/s and returns spans that
are substrings by construction. On normalised text the word boundaries
agree with hazm's except where we are deliberately kinder to annotators:

* a word is letters (any script) with their combining marks, and may
  continue over ZWNJ (`می‌شود`, `کتاب‌ها`); a Latin run may carry ASCII
  digits and Persian letters (`SMBها`, `COVID19`), and digits never start a
  word (`۳هزار` is `۳` + `هزار`, like hazm);
* a number keeps its inner separators and an attached percent sign
  (`۱۲٫۵`, `2025-11-12`, `10:30`, `1,000`, `50%`);
* URLs and e-mail addresses are one token;
* `!!!`, `؟!` and `...` are one token each, any other punctuation or symbol
  is a token of its own (hazm leaves `-`, `#`, `%` glued to words);
* an emoji is one token with everything that belongs to it: a flag's two
  regional indicators (`🇮🇷`), a keycap (`1️⃣`), variation selectors, skin
  tones, a subdivision flag's tag characters and ZWJ sequences (`👨‍👩‍👧`);
* whitespace, ZWNJ and invisible bidi marks are never inside or at the
  edge of a token (a ZWNJ only ever sits between two word parts).

Sentences end after `. ! ? ؟ …` (and any closing quotes or brackets) when
whitespace follows, and at every line break, the semantics of hazm's
SentenceTokenizer plus paragraph breaks. Spans are trimmed of whitespace.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from desktop.text.chars import CLOSERS, INVISIBLE_SEPARATORS, MARK_CLASS, SENTENCE_FINAL

# Stored token counts (storage's document_tokens) and boundaries (`_document_token_bounds`, which
# hold `sentences` too) name the version that made them: change it whenever a change to `_TOKEN`,
# `_SENTENCE_END` or `sentences` could change any text's tokens or sentences.
TOKENIZER_VERSION = 1

# A word part: Latin runs (digits may follow) and other letters with their marks. Possessive
# (`*+`, `++`): nothing after a part ever needs it shorter, so the first match is the same as
# with plain quantifiers, without the backtracking state per letter (count_tokens 65 -> 46 ms/MB;
# tests/text/test_text_tokens.py checks the spans against `(?:[A-Za-z][A-Za-z0-9]*|[^\W\d_][marks]*)+`).
_PART = rf"(?:[A-Za-z][A-Za-z0-9]*+|[^\W\d_A-Za-z]++[{MARK_CLASS}]*+)++"
# What may follow an emoji inside one grapheme: variation selectors, skin tones,
# the keycap mark and the tag characters of subdivision flags (🏴 + tags).
_EMOJI_MODIFIER = r"\ufe0e\ufe0f\U0001f3fb-\U0001f3ff\u20e3\U000e0020-\U000e007f"
_TOKEN = re.compile(
    rf"(?:https?://|www\.)[^\s{INVISIBLE_SEPARATORS}«»\"<>()]*[^\s{INVISIBLE_SEPARATORS}«»\"<>().,،؛:!?؟]"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
    rf"|{_PART}(?:\u200c+{_PART})*"
    r"|[0-9#*]\ufe0f?\u20e3"  # a keycap, before digits claim its digit
    r"|\d+(?:[.,٫٬:/\-]\d+)*[%٪]?"
    r"|[!?؟]+|\.{2,}"
    r"|[\U0001f1e6-\U0001f1ff]{2}"  # a flag: regional indicators pair left to right
    rf"|[^\s{INVISIBLE_SEPARATORS}](?:\u200d[^\s{INVISIBLE_SEPARATORS}]|[{_EMOJI_MODIFIER}])*"
)
_SPAN = re.Match.span
_SENTENCE_END = re.compile(rf"[{re.escape(SENTENCE_FINAL)}]+[{re.escape(CLOSERS)}]*(?=\s|$)|\n")
_EDGE_SPACE = rf"\s{INVISIBLE_SEPARATORS}"
_LEADING = re.compile(rf"[{_EDGE_SPACE}]*")


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Token spans of `text`, in order; `text[start:end]` is the token.

    No token contains whitespace, so tokenising a stretch that begins and
    ends at whitespace (or the text's edges) gives exactly the tokens the
    whole text has there.
    """
    return [m.span() for m in _TOKEN.finditer(text, start, len(text) if end is None else end)]


def tokenize_stretches(text: str, stretches: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """`tokenize(text, start, end)` of each (start, end) stretch in turn, in one list (the spans
    taken in C: no Python step per token). Stretches bounded by whitespace or the text's edges
    give exactly the whole text's tokens there."""
    tokens: list[tuple[int, int]] = []
    for start, end in stretches:
        tokens += map(_SPAN, _TOKEN.finditer(text, start, end))
    return tokens


def count_tokens(text: str) -> int:
    """How many tokens `tokenize(text)` gives, without building them (about 3x faster)."""
    return len(_TOKEN.findall(text))  # one string per match (`_TOKEN` has no groups), no Python loop


def tokens_around(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The tokens of the whitespace-bounded stretch holding `[start, end)`: exactly the whole
    text's tokens there (see `tokenize`), enough to snap a selection without tokenising it all."""
    low, high = start, end
    while low > 0 and not text[low - 1].isspace():
        low -= 1
    while high < len(text) and not text[high].isspace():
        high += 1
    return tokenize(text, low, high)


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of `text`, in order, trimmed, never empty."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.start() if m.group() == "\n" else m.end()
        _add_trimmed(text, start, end, spans)
        start = m.end()
    _add_trimmed(text, start, len(text), spans)
    return spans


def _add_trimmed(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    leading = _LEADING.match(text, start, end)
    assert leading is not None  # the pattern matches the empty string
    start = leading.end()
    # Backwards by hand: a `[...]*$` search tries every position of the sentence (most of sentences()).
    while end > start and (text[end - 1].isspace() or text[end - 1] in INVISIBLE_SEPARATORS):
        end -= 1
    if start < end:
        spans.append((start, end))
