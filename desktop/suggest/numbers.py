"""Numbers in news Persian, over folded token keys.

A number is digits in any script (`۱۲٫۵`, `1,000`, `٣`), number words
(`یک`, `بیست`, `دویست`, `میلیارد`) or a mix joined by «و»:
`یک میلیارد و ۸۰۰ میلیون`, `24 میلیون و 850 هزار`, `هزار و 700`.
The rules work on a padded list of keys (`pad`), so they may look a few
tokens past the end without checking bounds.
"""

from __future__ import annotations

import re

from desktop.suggest.lexicon import AND_WORD, NUMBER_WORDS, SCALES, SIGNS, WEAK_NUMBER_WORDS

PAD = 16
_DIGITS = re.compile(r"^\d+(?:[.,/:\-]\d+)*%?$")
_PLAIN = re.compile(r"^\d+(?:[.,]\d+)*%?$")


def pad(keys: list[str]) -> list[str]:
    """`keys` with empty strings after the end (and one before it, at -1)."""
    return list(keys) + [""] * PAD


def is_digits(key: str) -> bool:
    return bool(_DIGITS.match(key))


def is_plain_number(key: str) -> bool:
    """Digits as an amount: `12`, `12.5`, `1,000` (not `1395/01/25` or `10:30`)."""
    return bool(_PLAIN.match(key))


def _atom(key: str) -> bool:
    return is_plain_number(key) or key in NUMBER_WORDS


def number_end(k: list[str], i: int) -> int | None:
    """End of the number starting at token `i`, or None if none starts there."""
    j = i + 1 if k[i] in SIGNS and _atom(k[i + 1]) else i
    if not _atom(k[j]):
        return None
    j += 1
    while not k[j - 1].endswith("%"):  # `50%` is complete: `50% و 30 درصد` is two figures
        if _atom(k[j]) and not (is_digits(k[j]) and is_digits(k[j - 1])):
            j += 1
        elif k[j] == AND_WORD and _atom(k[j + 1]) and k[j - 1] not in ("", AND_WORD):
            j += 2
        elif k[j] == "," and is_plain_number(k[j - 1]) and is_plain_number(k[j + 1]):
            j += 2  # `32 , 390`: a thousands separator set off by spaces
        else:
            break
    return j if _substantial(k, i, j) else None


def _substantial(k: list[str], i: int, j: int) -> bool:
    """A lone «یک» (a, one) or «نه» (no, nine) is not worth a figure on its own."""
    words = [w for w in k[i:j] if w not in SIGNS and w != AND_WORD]
    return len(words) > 1 or words[0] not in WEAK_NUMBER_WORDS


def has_digits_or_scale(k: list[str], i: int, j: int) -> bool:
    """Whether a number reads as an amount: digits, a scale word, or several words."""
    words = [w for w in k[i:j] if w != AND_WORD]
    return len(words) > 1 or any(is_digits(w) or w in SCALES for w in words)
