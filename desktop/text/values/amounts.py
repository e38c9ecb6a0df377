"""Reading an amount: a number and what follows it.

`parse_amount` reads the first number in the text and the unit after it:
«درصد»/`%`/`٪` (percent, as a fraction), a currency word or its adjective
(«دلار», «تومانی»), optionally with its country («دلار کانادا») and cents
(«۵۰ دلار و ۸۲ سنت»), «میلیونی»/«میلیاردی» (money, currency unsaid), or a
noun it counts («۴۵ هزار دستگاه»). Words before the number («مبلغ»,
«حدود») are skipped. «صد در صد»/«صددرصد» is 100%.
"""

from __future__ import annotations

from decimal import Decimal

from desktop.text.values.lexer import Token, padded, tokens
from desktop.text.values.model import PERCENT, Amount
from desktop.text.values.numbers import Number, digits_value, read_number
from desktop.text.values.words import (
    AND,
    CENT,
    CURRENCIES,
    ORDINALS,
    QUALIFIED,
    RANGE_WORDS,
    SCALE_ADJECTIVES,
    SCALES,
    fold_word,
    word_list,
)
from desktop.text.values.words import PERCENT as PERCENT_WORDS

_IN, _HUNDRED, _WHOLE = fold_word("در"), fold_word("صد"), fold_word("صددرصد")
_NOT_NOUNS = frozenset(word_list("و در به از با که را تا یا برای این آن هم نیز بر ماه"))


def parse_amount(text: str) -> Amount | None:
    """The amount `text` states, or None if it holds no number."""
    k = padded(tokens(text))
    for i in range(len(k) - 8):
        if k[i].key == _WHOLE or (k[i].key, k[i + 1].key, k[i + 2].key) == (_HUNDRED, _IN, _HUNDRED):
            end = i + (1 if k[i].key == _WHOLE else 3)
            return Amount(Decimal(1), PERCENT, text[k[i].start : k[end - 1].end])
        if (number := read_number(k, i)) is not None:
            amount, end = _with_unit(text, k, i, number)
            return None if _is_range(k, number.end) or _is_range(k, end) else amount
    return None


def _with_unit(text: str, k: list[Token], i: int, number: Number) -> tuple[Amount, int]:
    value, j, unit = number.value, number.end, None
    word = k[j].key
    if word in PERCENT_WORDS:
        value, unit, j = value / 100, PERCENT, j + 1
    elif word == _IN and k[j + 1].key == _HUNDRED:
        value, unit, j = value / 100, PERCENT, j + 2
    elif (currency := _currency(word)) is not None:
        scale, code = currency
        unit, value, j = QUALIFIED.get((word, k[j + 1].key), code), value * scale, j + 1
        j += (word, k[j].key) in QUALIFIED
        value, j = _cents(k, j, value)
    elif word in SCALE_ADJECTIVES:
        value, unit, j = value * SCALE_ADJECTIVES[word], None, j + 1
    elif _countable(word):
        unit, j = text[k[j].start : k[j].end], j + 1
    return Amount(value, unit, text[k[i].start : k[j - 1].end]), j


def _is_range(k: list[Token], j: int) -> bool:
    """`5 تا 10 درصد`, `50 تا 60 میلیون تومان`: two values, not one (see docs/values.md)."""
    return k[j].key in RANGE_WORDS and read_number(k, j + 1) is not None


def _currency(word: str) -> tuple[int, str] | None:
    """The code of a currency word, and the scale glued before it: «هزارتومان» is (1000, IRT)."""
    if word in CURRENCIES:
        return 1, CURRENCIES[word]
    for scale, size in SCALES.items():
        if word.startswith(scale) and word[len(scale) :] in CURRENCIES:
            return size, CURRENCIES[word[len(scale) :]]
    return None


def _cents(k: list[Token], j: int, value: Decimal) -> tuple[Decimal, int]:
    """`و ۸۲ سنت` after «دلار» adds 0.82."""
    if k[j].key == AND and (cents := read_number(k, j + 1)) is not None and k[cents.end].key == CENT:
        return value + cents.value / 100, cents.end + 1
    return value, j


def _countable(word: str) -> bool:
    return word.isalpha() and len(word) > 1 and word not in _NOT_NOUNS and word not in ORDINALS and not _digitish(word)


def _digitish(word: str) -> bool:
    return digits_value(word) is not None
