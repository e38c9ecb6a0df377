"""Numbers written in digits, words or both: `۱٫۵ میلیارد`, `یک میلیارد و ۸۰۰ میلیون`.

Digits in any script with thousands separators (`1,000`, `۲۴٬۸۵۰٬۰۰۰`,
`1.000.000`) and a decimal point (`۱٫۵`, `12.5`); words from «صفر» to
«نهصد», «نیم», and the scales «هزار» to «تریلیون». Parts join with «و» only
from larger to smaller (`سی و پنج`, `دو هزار و پانصد`), so `۵۰ و ۳۰` is two
numbers. A scale multiplies what came before it when it is larger than every
earlier scale: `۳ هزار میلیارد` is 3×10¹², `یک میلیارد و ۸۰۰ میلیون` is
1.8×10⁹. Values are exact `Decimal`s.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import NamedTuple

from desktop.text.values.lexer import Token
from desktop.text.values.words import AND, HALF, SCALES, SIGNS, UNITS

_INTEGER = re.compile(r"^\d+$")
_THOUSANDS = re.compile(r"^\d{1,3}(?:(,)\d{3})+$|^\d{1,3}(?:\.\d{3}){2,}$")
_DECIMAL = re.compile(r"^\d+\.\d+$")  # a comma never marks decimals: `۱۲،۱۳` is a list


class Number(NamedTuple):
    value: Decimal
    end: int  # index of the first token after the number
    words: bool  # written at least partly in words


def digits_value(key: str) -> Decimal | None:
    """The value of a folded digit token, or None for `1404/08/21`, `10:30` and the like."""
    if not key[:1].isdecimal():  # (what `\d` matches: each pattern starts with one; words end here)
        return None
    if _INTEGER.match(key):
        return Decimal(key)
    if _THOUSANDS.match(key):
        return Decimal(key.replace(",", "").replace(".", ""))
    if _DECIMAL.match(key):
        return Decimal(key)
    return None


def _atom(key: str) -> Decimal | None:
    if key in UNITS:
        return Decimal(UNITS[key])
    if key == HALF:
        return Decimal("0.5")
    return digits_value(key)


class _Reader:
    """Accumulates one number: `total` holds what scales closed, `group` what is open."""

    def __init__(self) -> None:
        self.total, self.group = Decimal(0), Decimal(0)
        self.open, self.top_scale, self.last_piece = False, 0, Decimal("Infinity")

    def add(self, value: Decimal) -> None:
        self.group += value
        self.open, self.last_piece = True, value

    def scale(self, size: int) -> None:
        if not self.open and self.total:
            self.total *= size  # «سه هزار میلیارد»
        elif size > self.top_scale:
            self.total = (self.total + (self.group if self.open else 1)) * size
        else:
            self.total += (self.group if self.open else 1) * size
        self.group, self.open = Decimal(0), False
        self.top_scale, self.last_piece = max(self.top_scale, size), Decimal(size)

    @property
    def value(self) -> Decimal:
        return self.total + self.group


def read_number(k: list[Token], i: int) -> Number | None:
    """The number starting at token `i` of padded tokens `k`, or None."""
    sign = SIGNS.get(k[i].key, 0)
    j = i + 1 if sign else i
    if _atom(k[j].key) is None and k[j].key not in SCALES:
        return None
    reader, words = _Reader(), False
    while True:
        key, value = k[j].key, _atom(k[j].key)
        if key in SCALES:
            reader.scale(SCALES[key])
        elif value is not None and not (reader.open and digits_value(key) is not None):
            reader.add(value)
        else:
            break
        words = words or digits_value(key) is None
        j += 1
        if k[j].key == AND and _joins(k[j - 1].key, k[j + 1].key, reader.last_piece):
            j += 1
    return Number(reader.value * (sign or 1), j, words)


def _joins(before: str, after: str, last: Decimal) -> bool:
    """Whether «و» between `before` and `after` continues the number (larger to smaller)."""
    if digits_value(before) is not None and before not in SCALES:
        return False  # `۵۰ و ۳۰`: two numbers
    if after in SCALES:
        return False  # «هزار و میلیون» is no number
    value = _atom(after)
    return value is not None and value < last
