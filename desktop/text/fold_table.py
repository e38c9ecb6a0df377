"""What folding treats as equal, as one `str.translate` table.

* equal letters: ی ي ى ۍ ې ئ (رئیس/رییس), ک ك ڪ, ه ۀ ة, ا أ إ آ ٱ, و ؤ;
* Persian, Arabic-Indic and ASCII digits; ٪ %; ٫ .; ٬ ,; ، ,; ؛ ;; ؟ ?;
  « » “ ” and "; Latin case (where lower-casing keeps one character);
* removed: ZWNJ, ZWJ, tatweel, bidi marks and the Arabic diacritics
  (harakat, tanwin, shadda, sukun, superscript alef, hamza above, so هٔ is ه);
* every whitespace character becomes one space (so offsets stay exact).

Folding keeps every character except the removed ones, one for one, which
is what lets `FoldedText` map back with a short list of removal runs.
"""

from __future__ import annotations

import re

from desktop.text.chars import INVISIBLE_SEPARATORS, TATWEEL, ZWJ, is_mark

_VARIANTS = {
    "ی": "يىۍېئؠؽؾؿٸۑێےۓ",
    "ک": "كڪػګ",
    "ه": "ۀةھہە",
    "ا": "أإآٱٲٳٵ",
    "و": "ؤٶ",
    "%": "٪",
    ".": "٫",
    ",": "٬،",
    ";": "؛",
    "?": "؟",
    '"': "«»“”„",
    "'": "‘’",
}


def _table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for folded, variants in _VARIANTS.items():
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


FOLD_TABLE = _table()
# Diacritics folding drops: a match ending on a letter also takes these.
DROPPED_MARKS = frozenset(chr(c) for c, v in FOLD_TABLE.items() if v is None and is_mark(chr(c)))
# The characters the table deletes, as runs: to remember where they were.
REMOVED_RUNS = re.compile("[" + "".join(re.escape(chr(c)) for c, v in FOLD_TABLE.items() if v is None) + "]+")
PIECE = 4096  # characters translated at a time: ~1.5 ms of the GIL each, below Python's 5 ms switch interval


def fold_text(text: str) -> str:
    """`text.translate(FOLD_TABLE)`, a piece at a time when long: one `translate` of a
    556,000-character document held the GIL ~190 ms, the window's thread frozen meanwhile
    while a worker (the document list's search, its index build) folded it. Between
    pieces Python lets the waiting thread in; the result is the same, character for character."""
    if len(text) <= PIECE:
        return text.translate(FOLD_TABLE)
    return "".join(text[i : i + PIECE].translate(FOLD_TABLE) for i in range(0, len(text), PIECE))
