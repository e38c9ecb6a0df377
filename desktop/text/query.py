"""Search queries compiled to regular expressions over folded text.

A query is not merely folded: between its words, and at the known affix
seams inside a word, the text may hold a space, a ZWNJ or nothing. Seams
are the `می`/`نمی`/`بی` prefixes and the suffixes `ها`, `های`, `هایی`, `تر`,
`تری`, `ترین`, `گر`, `گری`, `مان`/`تان`/`شان` (and their `ها`- forms), plus,
after a final `ه`, `ای`/`ام`/`ات`/`اش`/`ایم`/`اید`/`اند`/`ی` (`خانه‌ای`).
So `می‌شود`, `می شود` and `میشود` all find each other. A word with no
known seam (`زمینلرزه`) does not find its spaced form (`زمین لرزه`); typing
the space or ZWNJ in the query does. The seam list follows hazm's own
affix rules, which made the stored text in the first place.
"""

from __future__ import annotations

import re
from functools import lru_cache

from desktop.text.chars import INVISIBLE_SEPARATORS
from desktop.text.fold_table import FOLD_TABLE

_QUERY_SPLIT = re.compile(rf"[\s{INVISIBLE_SEPARATORS}]+")
_PREFIXES = ("نمی", "می", "بی")
_SUFFIXES = ("هایشان", "هایمان", "هایتان", "هایی", "های", "ها", "ترین", "تری", "تر", "گری", "گر", "شان", "مان", "تان")
_AFTER_HEH = ("ای", "ام", "ات", "اش", "ایم", "اید", "اند", "ی")


@lru_cache(maxsize=512)
def compile_query(query: str) -> re.Pattern[str] | None:
    """The pattern to run over folded texts; None for an empty query."""
    words = query_pieces(query)
    if not words:
        return None
    return re.compile(" *".join(" ?".join(re.escape(p) for p in pieces) for pieces in words))


def query_pieces(query: str) -> list[list[str]]:
    """The folded words of `query`, each cut at its seams: words may be apart by any
    number of spaces (or none), pieces of a word by one space (or none)."""
    words = [w.translate(FOLD_TABLE) for w in _QUERY_SPLIT.split(query)]
    return [_pieces(w) for w in words if w]


def _pieces(word: str) -> list[str]:
    seams = _seams(word)
    return [word[a:b] for a, b in zip((0, *seams), (*seams, len(word)))]


def _seams(word: str) -> list[int]:
    """Positions inside `word` where Persian writes a space, a ZWNJ or nothing."""
    cuts = {len(p) for p in _PREFIXES if word.startswith(p) and len(word) > len(p) + 1}
    for suffix in _SUFFIXES + _AFTER_HEH:
        stem = len(word) - len(suffix)
        if word.endswith(suffix) and stem >= 2 and (suffix in _SUFFIXES or word[stem - 1] == "ه"):
            cuts.add(stem)
    return sorted(cuts)
