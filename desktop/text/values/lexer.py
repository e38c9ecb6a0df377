"""A value's text as tokens with offsets and folded keys.

Offsets are code points into the text given; keys are folded (ASCII digits,
`.` for «٫», `,` for «٬», one yeh and kaf, no ZWNJ). Digits glued to letters
split (`۳هزار` is `3` `هزار`); a number keeps its separators (`1,000`,
`۱٫۵`, `1404/08/21`); `%` and `٪` are tokens; other punctuation separates.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from desktop.text.fold_table import FOLD_TABLE

_LETTER = r"[^\W\d_]"
_WORD_PART = rf"(?:{_LETTER}|[\u064b-\u065f\u0670\u0654\u200c\u200d\u0640])"
# A word and an abbreviation after it (ه.ش  ه.ق.) are one branch: as two, every word was matched
# twice, once as an abbreviation that found no `.` (the same tokens: `.` is no word part, so the
# first branch could only ever match the whole word; a test compares the two forms).
_TOKEN = re.compile(
    r"\d+(?:[.,/\-٫٬،]\d+)*"  # 1,000  ۱٫۵  1404/08/21  2025-11-12
    rf"|{_LETTER}{_WORD_PART}*(?:(?:\.{_LETTER}+)+\.?)?"  # a word, ه.ش  ه.ق.
    r"|[%٪]"
)


class Token(NamedTuple):
    start: int
    end: int
    key: str


def tokens(text: str) -> list[Token]:
    """The tokens of `text`, in order."""
    # (fold_word without its space removal: no token holds a character folded to a space)
    return [Token(m.start(), m.end(), m.group().translate(FOLD_TABLE)) for m in _TOKEN.finditer(text)]


def padded(found: list[Token], extra: int = 8) -> list[Token]:
    """`found` followed by empty tokens, so parsers may look ahead without bounds checks."""
    end = found[-1].end if found else 0
    return found + [Token(end, end, "")] * extra
