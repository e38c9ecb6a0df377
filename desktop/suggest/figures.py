"""The figure rule: money, percentages and counted quantities.

Span conventions follow PEYMA (and read naturally in the project's scheme):

* percent: the number and «درصد»/«درصدی»/`%`, with a sign word
  (`منفی 2.8 درصد`) and ranges (`5 تا 10 درصد`, `بین 1.2 درصد تا 7.9 درصد`);
* money: the number with its scale words and the currency, including the
  adjective form (`170 میلیارد دلاری`), cents (`چهار دلار و 22 سنت`) and
  ranges (`50 تا 60 میلیون تومان`); no «مبلغ» before, no country after;
* quantity: a number with a unit (`۴۵ هزار دستگاه`, `۳۰۰ تن`) or with the
  noun it counts (`۲۱ رایزن`), the latter only when the number has digits,
  a scale word or several words (a lone «دو» is not a figure).
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from typing import NamedTuple

from desktop.suggest.lexicon import (
    CURRENCIES,
    CURRENCY_ADJECTIVES,
    MONTHS,
    NOT_COUNTED,
    NUMBER_WORDS,
    PERCENT,
    RANGE_WORDS,
    REFERENCE_WORDS,
    SCALE_ADJECTIVES,
    SCALES,
    UNITS,
    WEEKDAYS,
    fold_word,
)
from desktop.suggest.numbers import has_digits_or_scale, number_end

_IN, _HUNDRED, _BETWEEN = fold_word("در"), fold_word("صد"), fold_word("بین")
_CENT = fold_word("سنت")
SCORES = {"percent": 0.95, "money": 0.9, "unsaid": 0.7, "unit": 0.75, "noun": 0.5}


class Figure(NamedTuple):
    start: int  # token indices, end-exclusive
    end: int
    kind: str  # percent, money or quantity
    score: float


def find_figures(k: list[str], n: int, taken: AbstractSet[int] = frozenset()) -> list[Figure]:
    """Figures among the first `n` padded keys, skipping tokens in `taken`."""
    out, i = [], 0
    while i < n:
        found = None if i in taken or k[i - 1] in REFERENCE_WORDS else figure_at(k, i)
        if found and taken.isdisjoint(range(found.start, found.end)):
            out.append(found)
            i = found.end
        else:
            i += 1
    return out


def figure_at(k: list[str], i: int) -> Figure | None:
    """The longest figure starting at token `i` (ranges and «بین» included)."""
    if k[i] == _BETWEEN:
        inner = figure_at(k, i + 1)
        if inner and any(w in RANGE_WORDS for w in k[i + 1 : inner.end]):
            return inner._replace(start=i)
        return None
    if k[i] in PERCENT and k[i].startswith(_HUNDRED):  # «صددرصد»
        return Figure(i, i + 1, "percent", SCORES["percent"])
    if (k[i], k[i + 1], k[i + 2]) == (_HUNDRED, _IN, _HUNDRED):  # «صد در صد»
        return Figure(i, i + 3, "percent", SCORES["percent"])
    j = number_end(k, i)
    if j is None and k[i] in NUMBER_WORDS and k[i + 1] in RANGE_WORDS:
        j = i + 1  # «یک تا سه درصد»: a word too weak alone starts a range
    if j is None:
        return None
    single = _unit_after(k, i, j)
    if single is None:  # `5 تا 10 درصد`: the unit comes after the second number
        if k[j] in RANGE_WORDS and (second := figure_at(k, j + 1)):
            return second._replace(start=i)
        return None
    if k[single.end] in RANGE_WORDS and (second := figure_at(k, single.end + 1)) and second.kind == single.kind:
        return second._replace(start=i)
    return single


def _unit_after(k: list[str], i: int, j: int) -> Figure | None:
    """The figure made by the number [i, j) and what follows it, if any."""
    word = k[j]
    if k[j - 1].endswith("%"):
        return Figure(i, j, "percent", SCORES["percent"])
    if word in PERCENT:
        return Figure(i, j + 1, "percent", SCORES["percent"])
    if word == _IN and k[j + 1] == _HUNDRED:  # «صد در صد», «50 در صد»
        return Figure(i, j + 2, "percent", SCORES["percent"])
    if _is_currency(word):
        return Figure(i, _cents(k, j + 1), "money", SCORES["money"])
    if word in SCALE_ADJECTIVES:
        return Figure(i, j + 1, "money", SCORES["unsaid"])
    if not has_digits_or_scale(k, i, j):
        return None
    if word in UNITS:
        return Figure(i, j + 1, "quantity", SCORES["unit"])
    if _countable(word):
        return Figure(i, j + 1, "quantity", SCORES["noun"])
    return None


def _is_currency(word: str) -> bool:
    if word in CURRENCIES or word in CURRENCY_ADJECTIVES:
        return True
    # glued to its scale: «هزارتومان», «میلیونتومانی»
    return any(word.startswith(s) and _is_currency(word[len(s) :]) for s in SCALES if len(word) > len(s))


def _cents(k: list[str], j: int) -> int:
    """After «دلار»: `و 22 سنت` belongs to the same amount."""
    if k[j] == "و" and (end := number_end(k, j + 1)) and k[end] == _CENT:
        return end + 1
    return j


def _countable(word: str) -> bool:
    return (
        word.isalpha()
        and len(word) > 1
        and word not in NOT_COUNTED
        and word not in MONTHS
        and word not in WEEKDAYS
        and not word.endswith("ماه")
    )
