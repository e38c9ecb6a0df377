"""hazm's Normalizer, with the few things it breaks kept out of its reach.

hazm 0.12 spaces out every digit group it sees, so `۱۲٫۵` becomes `۱۲ ٫ ۵`,
`2025-11-12` becomes `۲۰۲۵ - ۱۱ - ۱۲`, and URLs fall apart (`x. com`).
Annotators label dates, amounts and percentages, so those must survive as
one word. Before hazm runs, such spans are swapped for placeholders that
hazm treats like what they stand for: numbers become Devanagari digit runs
(hazm's `\\d` spacing rules still apply, but it never converts or splits
them) and URLs, e-mails and dotted Latin words become Latin-letter words.
Afterwards the originals come back, numbers in Persian digits.

Paragraphs go to hazm in batches of lines: each call of hazm's normalize
rebuilds two translation tables, which costs more than the work on a short
paragraph. hazm's rules are line-local apart from a space it puts after a
line-final `.` or `:`, which is stripped again. hazm loads its word lists
once (about a second), lazily, so importing this package stays cheap.
"""

from __future__ import annotations

import re
from functools import cache

_PROTECTED = re.compile(
    r"(?P<url>(?:https?://|www\.)[^\s«»\"<>()]*[^\s«»\"<>().,،؛:!?؟])"
    r"|(?P<latin>[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
    r"|[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)+)"
    r"|(?P<number>\d+(?:[.,٫٬:/\-]\d+)+)"
)
_DEVANAGARI = "०१२३४५६७८९"
_NUMBER_SLOT = re.compile(f"[{_DEVANAGARI}]{{4}}")
_WORD_SLOT = re.compile("qzx([a-j]{4})xzq")
_DOT_BETWEEN_DIGITS = re.compile(r"(?<=\d)\.(?=\d)")
# hazm removes special characters after fixing spacing, which can leave a
# ZWNJ before a space or a double space behind (`می ﷺ` -> `می‌ `).
_LOOSE_ZWNJ = re.compile(r"\u200c+(?=[ \n]|$)|(?:(?<=[ \n])|^)\u200c+")
# A ZWNJ only means something between two letters; hazm's `می` rule also
# puts one before digits and symbols (`می 50` -> `می‌۵۰`): make that a space.
_ZWNJ_NOT_LETTER = re.compile(r"\u200c+(?![^\W\d_])|(?<![^\W\d_])\u200c+")
_SPACES = re.compile(r" {2,}")


@cache
def _normalizer():  # -> hazm.Normalizer, imported lazily
    from hazm import Normalizer

    return Normalizer()


@cache
def _digits() -> dict[int, str]:
    from hazm.constants import NUMBERS_DST, NUMBERS_SRC

    return str.maketrans(NUMBERS_SRC, NUMBERS_DST)


_BATCH_CHARS = 32_000  # keeps a batch under 10,000 placeholders


def hazm_normalize_many(lines: list[str]) -> list[str]:
    """`hazm_normalize` of each line (no newlines inside), in batches."""
    result: list[str] = []
    batch: list[str] = []
    size = 0
    for line in [*lines, None]:
        if batch and (line is None or size + len(line) > _BATCH_CHARS):
            out = hazm_normalize("\n".join(batch)).split("\n")
            # A line hazm emptied can merge blank lines; then go one by one.
            result += [o.strip(" ") for o in out] if len(out) == len(batch) else map(hazm_normalize, batch)
            batch, size = [], 0
        if line is not None:
            batch.append(line)
            size += len(line)
    return result


def hazm_normalize(line: str) -> str:
    """hazm's normalisation of one line, with numbers and URLs kept whole."""
    kept: list[str] = []

    def stash(m: re.Match[str]) -> str:
        kept.append(m.group())
        code = f"{len(kept) - 1:04d}"
        if m.lastgroup == "number":
            return code.translate(str.maketrans("0123456789", _DEVANAGARI))
        return "qzx" + code.translate(str.maketrans("0123456789", "abcdefghij")) + "xzq"

    if len(_PROTECTED.findall(line)) < 10_000 and not re.search(f"[{_DEVANAGARI}]|qzx", line):
        masked = _PROTECTED.sub(stash, line)
    else:  # placeholders would be ambiguous: let hazm do its worst
        masked = line
    out = _normalizer().normalize(masked)
    out = _SPACES.sub(" ", _ZWNJ_NOT_LETTER.sub(" ", _LOOSE_ZWNJ.sub("", out))).strip(" ")
    if not kept:
        return out
    out = _NUMBER_SLOT.sub(lambda m: _number(kept[_slot(m.group(), _DEVANAGARI)]), out)
    return _WORD_SLOT.sub(lambda m: kept[_slot(m.group(1), "abcdefghij")], out)


def _slot(code: str, alphabet: str) -> int:
    return int(code.translate(str.maketrans(alphabet, "0123456789")))


def _number(text: str) -> str:
    # What hazm does to a number it does not split: Persian digits, `٫` as
    # the decimal point.
    return _DOT_BETWEEN_DIGITS.sub("٫", text).translate(_digits())
