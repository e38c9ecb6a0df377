"""Character classes shared by the Persian text modules.

One place names the characters that need care in Persian text: the
zero-width non-joiner that glues word parts, invisible bidi controls that
editors and web pages leave behind, the Arabic combining marks, and what
counts as punctuation at the edge of a selection.
"""

from __future__ import annotations

import unicodedata

ZWNJ = "\u200c"
ZWJ = "\u200d"
TATWEEL = "\u0640"

# Invisible characters that separate rather than belong to words: ZWNJ,
# zero-width space, LRM/RLM/ALM, BOM and the bidi embedding/isolate controls.
# ZWJ is absent on purpose: it binds emoji sequences together.
INVISIBLE_SEPARATORS = "\u200b\u200c\u200e\u200f\u061c\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

# Regex character-class body (no brackets) for separators: whitespace plus
# the invisible ones above. Tokens never contain or touch these.
SEPARATOR_CLASS = r"\s" + INVISIBLE_SEPARATORS

# Arabic-script combining marks (harakat, tanwin, shadda, sukun, superscript
# alef, Quranic annotation marks) as a regex class body.
MARK_CLASS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
ASCII_DIGITS = "0123456789"

# Sentence-final punctuation, and what may trail it (closing quotes, brackets).
SENTENCE_FINAL = ".!?؟…"
CLOSERS = "»\"'”’)]}"


def is_separator(ch: str) -> bool:
    """True for whitespace and invisible separators (ZWNJ, bidi marks...)."""
    return ch.isspace() or ch in INVISIBLE_SEPARATORS


def is_mark(ch: str) -> bool:
    """True for combining marks (Arabic diacritics and any other Mn/Me)."""
    return unicodedata.category(ch) in ("Mn", "Me")


def is_punctuation(ch: str) -> bool:
    """True for Unicode punctuation (P*), e.g. `.`, `،`, `«`, `%`, `٪`."""
    return unicodedata.category(ch).startswith("P")


# Punctuation that belongs to what it follows: `۵۰ ٪` is a percentage.
_MEANINGFUL_PUNCTUATION = "%٪‰؉؊"


def is_edge_junk(ch: str) -> bool:
    """Characters a selection may not start or end on: separators and
    punctuation, except percent signs."""
    return is_separator(ch) or (is_punctuation(ch) and ch not in _MEANINGFUL_PUNCTUATION)
