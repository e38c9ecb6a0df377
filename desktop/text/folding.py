"""Persian-aware folding and search with exact offsets into the stored text.

`fold` maps a text to a search form and remembers where every folded
character came from. Folding choices:

* equal letters: ی ي ى ۍ ې ئ (رئیس/رییس), ک ك ڪ, ه ۀ ة, ا أ إ آ ٱ, و ؤ;
* Persian, Arabic-Indic and ASCII digits; ٪ %; ٫ .; ٬ ,; ، ,; ؛ ;; ؟ ?;
  « » “ ” and "; Latin case;
* removed: ZWNJ, ZWJ, tatweel, bidi marks and all Arabic diacritics
  (harakat, tanwin, shadda, sukun, superscript alef, hamza above, so هٔ is ه);
* all whitespace becomes one space each (lengths kept, so offsets stay exact).

Queries are compiled, not folded only: between query words, and at the
known affix seams of a word (`می`/`نمی`/`بی` prefixes; `ها`, `های`, `تر`,
`ترین`, `گر`, `مان`/`تان`/`شان` and after `ه` the `ای`/`ام`/`اش`... suffixes),
the text may hold a space, a ZWNJ or nothing. So `می‌شود`, `می شود` and
`میشود` all find each other, while `ایران` does not find `ایرانی` when
searching whole words. A query with no seam (`زمینلرزه`) does not find the
spaced form (`زمین لرزه`); typing the space or ZWNJ does.

Matches start on a real character and end after one, including the
combining marks that belong to it. Folded texts are cached by content and
patterns by query, so a project-wide search folds each document once.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from desktop.text.cache import ContentCache
from desktop.text.chars import INVISIBLE_SEPARATORS, TATWEEL, ZWJ, is_mark

_QUERY_SPLIT = re.compile(rf"[\s{INVISIBLE_SEPARATORS}]+")
_LETTERS = {
    "ی": "يىۍېئؠؽؾؿٸۑێےۓ", "ک": "كڪػګ", "ه": "ۀةھہە", "ا": "أإآٱٲٳٵ", "و": "ؤٶ",
    "%": "٪", ".": "٫", ",": "٬،", ";": "؛", "?": "؟", '"': "«»“”„", "'": "‘’",
}
# A whole word is not glued to letters or digits, nor part of a longer
# number such as 12.5 or 2025-11-12 (folded digits are ASCII).
_BEFORE_WORD = r"(?<!\w)(?<!\d[.,:/-])"
_AFTER_WORD = r"(?!\w)(?![.,:/-]\d)"
_PREFIXES = ("نمی", "می", "بی")
_SUFFIXES = ("هایشان", "هایمان", "هایتان", "هایی", "های", "ها", "ترین", "تری", "تر",
             "گری", "گر", "شان", "مان", "تان")
_AFTER_HEH = ("ای", "ام", "ات", "اش", "ایم", "اید", "اند", "ی")


def _table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for folded, variants in _LETTERS.items():
        table.update({ord(v): folded for v in variants})
    for digits in ("۰۱۲۳۴۵۶۷۸۹", "٠١٢٣٤٥٦٧٨٩"):
        table.update({ord(d): str(i) for i, d in enumerate(digits)})
    for cp in range(0x3001):
        ch = chr(cp)
        if ch.isspace():
            table[cp] = " "
        elif len(ch.lower()) == 1 and ch.lower() != ch:
            table[cp] = ch.lower()
    removed = INVISIBLE_SEPARATORS + ZWJ + TATWEEL
    removed += "".join(chr(cp) for cp in range(0x0610, 0x06EE) if is_mark(chr(cp)))
    table.update({ord(c): None for c in removed})
    return table


_TABLE = _table()
_DROPPED_MARKS = frozenset(chr(c) for c, v in _TABLE.items() if v is None and is_mark(chr(c)))
# The same characters the table deletes, as runs: to remember where they were.
_REMOVED = re.compile("[" + "".join(re.escape(chr(c)) for c, v in _TABLE.items() if v is None) + "]+")


@dataclass(frozen=True, eq=False)
class FoldedText:
    """A folded text and the way back to code points of the original."""

    original: str
    text: str
    _runs_at: array  # folded position before which a run of removed characters sat
    _shift: array  # removed characters up to and including that run

    def to_original(self, pos: int) -> int:
        """Original position of folded character `pos` (0..len inclusive)."""
        i = bisect_right(self._runs_at, pos) - 1
        return pos + (self._shift[i] if i >= 0 else 0)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original span of the non-empty folded span `[start, end)`."""
        o_end = self.to_original(end - 1) + 1
        while o_end < len(self.original) and self.original[o_end] in _DROPPED_MARKS:
            o_end += 1  # a diacritic belongs to the letter before it
        return self.to_original(start), o_end

    def find_all(self, query: str, *, whole_word: bool = True) -> list[tuple[int, int]]:
        """Original spans of every match of `query` (see module docstring)."""
        pattern = compile_query(query, whole_word=whole_word)
        if pattern is None:
            return []
        return [self.original_span(*m.span()) for m in pattern.finditer(self.text)]


def fold(text: str) -> FoldedText:
    """Fold `text` for matching; see the module docstring for what is equal."""
    runs_at, shift, removed = array("q"), array("q"), 0
    for m in _REMOVED.finditer(text):
        runs_at.append(m.start() - removed)
        removed += m.end() - m.start()
        shift.append(removed)
    return FoldedText(text, text.translate(_TABLE), runs_at, shift)


_FOLDED: ContentCache[FoldedText] = ContentCache(fold, size=4096)


def find_all(text: str, query: str, *, whole_word: bool = True) -> list[tuple[int, int]]:
    """Spans of `text` matching `query` under folding; the fold is cached."""
    return _FOLDED.get(text).find_all(query, whole_word=whole_word)


@lru_cache(maxsize=512)
def compile_query(query: str, *, whole_word: bool = True) -> re.Pattern[str] | None:
    """The regular expression run over folded texts; None for an empty query."""
    words = [w.translate(_TABLE) for w in _QUERY_SPLIT.split(query)]
    words = [w for w in words if w]
    if not words:
        return None
    body = " *".join(_word_pattern(w) for w in words)
    return re.compile(_BEFORE_WORD + body + _AFTER_WORD if whole_word else body)


def _word_pattern(word: str) -> str:
    seams = _seams(word)
    pieces = [word[a:b] for a, b in zip((0, *seams), (*seams, len(word)))]
    return " ?".join(re.escape(p) for p in pieces)


def _seams(word: str) -> list[int]:
    """Positions inside `word` where Persian writes a space, a ZWNJ or nothing."""
    cuts = {len(p) for p in _PREFIXES if word.startswith(p) and len(word) > len(p) + 1}
    for suffix in _SUFFIXES + _AFTER_HEH:
        stem = len(word) - len(suffix)
        if word.endswith(suffix) and stem >= 2 and (suffix in _SUFFIXES or word[stem - 1] == "ه"):
            cuts.add(stem)
    return sorted(cuts)
