"""The date rule: Solar Hijri, Gregorian and lunar dates, and relative ones.

What a date span holds follows PEYMA's DAT (and reads well as the project's
`date`): weekday, day, month with «ماه», and year (`پنجشنبه 27 خرداد 1395`,
`هفتم اسفند ماه سال گذشته`); «روز» before a weekday or date (`روز
چهارشنبه`); a year with «سال» and its era (`سال 2016 میلادی`, `سال 95`,
`سال‌های 93 و 94`); relative days and periods (`امروز`, `امسال`, `سال
گذشته`, `این هفته`, `دو روز پیش`, `ابتدای سال جاری`, `سه ماهه اول سال
2016`); a season or month with its year (`بهار 95`, `مهرماه امسال`);
numeric dates (`1395/01/25`); and ranges with their «از» (`از 15 تا 17
اردیبهشت ماه`).

Left out, because in news they are more often something else: a date
beside a time of day (`صبح امروز`, `چهارشنبه شب`: a time), a bare season
or lunar month (`بهار` is also a name, `رمضان` a month of fasting), an
ambiguous month without a day or year (`تیر`, `مهر`, `دی`), a weekday in
the plural (`سه‌شنبه‌ها`), Friday prayers (`نماز جمعه`), and «امروز»
opening a clause (`: امروز ما ...` means "nowadays").
"""

from __future__ import annotations

from typing import NamedTuple

from desktop.suggest import lexicon as lx
from desktop.suggest.date_parts import FULL_YEAR, RULES

_UNTIL_NOW = lx.word_set("تاکنون کنون اکنون امروز")
_TO = lx.fold_word("تا")
SCORES = {"date": 0.9, "relative": 0.8, "year": 0.55}


class Date(NamedTuple):
    start: int
    end: int
    score: float


def find_dates(k: list[str], n: int) -> list[Date]:
    """Dates among the first `n` padded keys, longest first, not overlapping."""
    out, i = [], 0
    while i < n:
        end = date_at(k, i)
        if end and not _is_time(k, i, end):
            start, end = _with_range(k, i, end)
            out.append(Date(start, end, _score(k, start, end)))
            i = end
        else:
            i += 1
    return out


def date_at(k: list[str], i: int) -> int | None:
    """End of the longest date starting at token `i`."""
    ends = [rule(k, i) for rule in RULES]
    return max((e for e in ends if e), default=None)


def _with_range(k: list[str], i: int, end: int) -> tuple[int, int]:
    """Grow a date into `X تا Y` and `از X تا کنون`, taking the «از» along."""
    if k[end] in lx.RANGE_WORDS and (second := date_at(k, end + 1)):
        end = second
    elif k[end] == _TO and k[end + 1] in _UNTIL_NOW:
        end += 2
    elif k[end] == "تاکنون":
        end += 1
    if k[i - 1] in lx.FROM_WORDS and any(w in lx.RANGE_WORDS or w == "تاکنون" for w in k[i:end]):
        i -= 1
    return i, end


def _is_time(k: list[str], i: int, end: int) -> bool:
    return k[i - 1] in lx.TIME_OF_DAY or k[end] in lx.TIME_OF_DAY


def _score(k: list[str], start: int, end: int) -> float:
    if end - start == 1 and FULL_YEAR.match(k[start]):
        return SCORES["year"]
    if k[start] in lx.RELATIVE_DAYS or k[start] in lx.DEMONSTRATIVES:
        return SCORES["relative"]
    return SCORES["date"]
