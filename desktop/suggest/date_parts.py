"""The pieces of the date rule: each takes padded folded keys and a token
index and returns where a date of its kind ends there (or None).

`desktop.suggest.dates` tries them all at each token and keeps the longest.
"""

from __future__ import annotations

import re

from desktop.suggest import lexicon as lx
from desktop.suggest.numbers import number_end

_DAY = re.compile(r"^(0?[1-9]|[12]\d|3[01])$")
_YEAR = re.compile(r"^\d{2,4}(-\d{2,4})?$")
FULL_YEAR = re.compile(r"^(1[34]\d\d|1[89]\d\d|20\d\d)$")
_NUMERIC = re.compile(
    r"^(\d{4}[/.\-]\d{1,2}[/.\-]\d{1,2}|\d{1,2}[/.\-]\d{1,2}[/.\-](\d{2}|\d{4})"
    r"|\d{4}-\d{4})$"
)
_YEAR_NOUNS = lx.word_set("سال دهه قرن سده")
_FRIDAY, _TODAY = lx.fold_word("جمعه"), lx.fold_word("امروز")
_CODE_MARKS = frozenset("*/#")


def _era(k: list[str], j: int) -> int:
    while k[j] in lx.ERAS:
        j += 1
    return j


def _year(k: list[str], i: int) -> int | None:
    """A year: `95`, `1395`, `1347-1340`, `95 - 96`, `نود و پنج`, with its era."""
    if _YEAR.match(k[i]):
        j = i + 1
        if k[j] in ("-", "–") and _YEAR.match(k[j + 1]):
            j += 2
    elif k[i] in lx.NUMBER_WORDS and (end := number_end(k, i)) and end - i > 1:
        j = end
    else:
        return None
    return _era(k, j)


def _years(k: list[str], i: int) -> int | None:
    """Years after «سال»/«سال‌های»: one, or a list or range (`93 و 94`, `2010 تا 2014`)."""
    end = _year(k, i)
    while end and (k[end] in lx.RANGE_WORDS or k[end] in (lx.AND_WORD, ",")):
        more = _year(k, end + 1 + (k[end + 1] == lx.YEAR_WORD))
        if not more:
            break
        end = more
    return end


def _day(k: list[str], i: int) -> int | None:
    if _DAY.match(k[i]) or k[i] in lx.ORDINALS:
        return i + 1
    if k[i] in lx.UNITS_WORDS and k[i + 1] == lx.AND_WORD and k[i + 2] in lx.ORDINALS:
        return i + 3  # «بیست و پنجم»
    if k[i] in lx.UNITS_WORDS and k[i] not in lx.WEAK_NUMBER_WORDS:
        return i + 1  # «پنج مهر»
    return None


def _month(k: list[str], i: int) -> tuple[int, bool] | None:
    """End of a month name (with «ماه») and whether it is unmistakably a month."""
    word = k[i]
    if word in lx.MONTHS:
        end, clear = i + 1, word not in lx.AMBIGUOUS_MONTHS
    elif word.endswith(lx.MONTH_WORD) and word[: -len(lx.MONTH_WORD)] in lx.MONTHS:
        end, clear = i + 1, True  # «اسفندماه»
    elif k[i + 1] and word + k[i + 1] in lx.LUNAR_MONTHS:
        end, clear = i + 2, True  # «ربیع الاول»
    else:
        return None
    if k[end] == lx.MONTH_WORD:  # a lunar month still needs a day or a year
        return end + 1, word not in lx.LUNAR_MONTHS
    return end, clear


def _year_part(k: list[str], i: int) -> int | None:
    """What may follow a month: `1393`, `سال 94`, `امسال`, `سال جاری`, `جاری`."""
    if k[i] == lx.YEAR_WORD:
        if k[i + 1] in lx.PERIOD_MODIFIERS:
            return _era(k, i + 2)
        return _year(k, i + 1)
    if k[i] in lx.RELATIVE_DAYS or k[i] in lx.PERIOD_MODIFIERS:
        return _era(k, i + 1)
    return _year(k, i)


def _day_month(k: list[str], i: int) -> int | None:
    """`27 خرداد 1395`, `هفتم اسفند ماه سال گذشته`, `15 تا 17 اردیبهشت`, `روز 23 مردادماه`."""
    j = i + 1 if k[i] in lx.DATE_PREFIXES else i
    day = _day(k, j)
    if day is None:
        return None
    if k[day] in lx.RANGE_WORDS or k[day] == lx.AND_WORD:
        return _day_month(k, day + 1)
    month = _month(k, day)
    if month is None:
        return None
    return _year_part(k, month[0]) or month[0]


def _weekday_date(k: list[str], i: int) -> int | None:
    """`روز چهارشنبه`, `امروز سه شنبه`, `دوشنبه 14 تیرماه`, `پنجشنبه گذشته`."""
    j = i + 1 if k[i] in lx.DATE_PREFIXES or k[i] in lx.RELATIVE_DAYS else i
    if k[j] in lx.WEEKDAYS:
        end = j + 1
    elif k[j] in lx.WEEKDAY_PREFIXES and k[j + 1] == lx.fold_word("شنبه"):
        end = j + 2
    else:
        return None
    if k[end] in lx.PLURALS or (k[end - 1] == _FRIDAY and k[j - 1] in lx.NOT_BEFORE_FRIDAY):
        return None  # «سه شنبه ها»: every Tuesday; «نماز جمعه»: Friday prayers
    end = _day_month(k, end) or end
    return end + 1 if k[end] in lx.AGO_WORDS else end


def _month_date(k: list[str], i: int) -> int | None:
    """`اسفند 1393`, `ماه مارس`, `ماه مبارک رمضان`, `مهرماه امسال`, `نوامبر`."""
    j, named = i, False
    if k[j] == lx.MONTH_WORD:
        j, named = j + 1, True
        j += k[j] == lx.fold_word("مبارک")
    month = _month(k, j)
    if month is None:
        return None
    clear = month[1] or (named and k[j] not in lx.LUNAR_MONTHS)
    return _year_part(k, month[0]) or (month[0] if clear else None)


def _relative(k: list[str], i: int) -> int | None:
    """`امروز`, `امسال`, `امروز 20 تیرماه` (with a weekday: `_weekday_date`)."""
    if k[i] not in lx.RELATIVE_DAYS:
        return None
    if (end := _day_month(k, i + 1)) is not None:
        return end
    return None if k[i] == _TODAY and k[i - 1] in lx.CLAUSE_OPENERS else i + 1


def _period(k: list[str], i: int) -> int | None:
    """`سال گذشته`, `این هفته`, `دو روز پیش`, `ابتدای سال جاری`, `سال 1392`, `دهه 70`."""
    j, lead = i, ""
    if k[j] in lx.PERIOD_EDGES:
        j, lead = j + 1 + (k[j + 1] in lx.HALVES), "edge"
    elif k[j] in lx.DEMONSTRATIVES:
        return j + 2 if k[j + 1] == lx.WEEK_WORD and k[j + 2] not in lx.PLURALS else None
    elif (count := number_end(k, j)) and (k[count] in lx.PERIODS or k[count] in lx.QUARTER_WORDS):
        j, lead = count, "count"
    if k[j] in lx.QUARTER_WORDS or (lead == "count" and k[j + 1] in lx.HALVES):
        return _part_of_year(k, j + 1 + (k[j + 1] in lx.HALVES | lx.ORDINALS))
    if lead != "count" and (k[j] in lx.YEARS_WORDS or (k[j] == lx.YEAR_WORD and k[j + 1] in lx.PLURALS)):
        return _years(k, j + 1 + (k[j] == lx.YEAR_WORD))  # «سال‌های 93 و 94»
    if k[j] not in lx.PERIODS:
        return None
    if k[j] in _YEAR_NOUNS and lead != "count" and (end := _years(k, j + 1)):
        return end
    if k[j + 1] in _modifiers(k[j], lead):
        return _era(k, j + 2)
    return None


def _modifiers(period: str, lead: str) -> frozenset[str]:
    """What may follow a period noun: «دو روز پیش», «سال قبل», but «ماه جاری» only."""
    if lead == "count":
        return lx.AGO_WORDS
    return lx.PERIOD_MODIFIERS if period == lx.YEAR_WORD else lx.NEAR_MODIFIERS


def _part_of_year(k: list[str], j: int) -> int | None:
    """After `سه ماهه اول`/`9 ماه نخست`: `سال 2016`, `سال جاری`, `امسال`, `2017`."""
    return _year_part(k, j) or (j if k[j - 1] in lx.HALVES | lx.ORDINALS else None)


def _season(k: list[str], i: int) -> int | None:
    """`زمستان`, `بهار 95`, `فصل بهار امسال`, `نوروز 95`."""
    j = i + 1 if k[i] == lx.SEASON_WORD else i
    if k[j] not in lx.SEASONS:
        return None
    return _year_part(k, j + 1)  # a bare «بهار» is more often a name than a date


def _numeric(k: list[str], i: int) -> int | None:
    """`1395/01/25`, `27/3/66`, `95.3.13`, `1301-1395`, and a bare `2016` or `1395`."""
    if _NUMERIC.match(k[i]) or (FULL_YEAR.match(k[i]) and _bare_year(k, i)):
        return _era(k, i + 1)
    return None


def _bare_year(k: list[str], i: int) -> bool:
    """A lone `2016` is a year unless it counts something or sits in a code (`* * 1880 *`)."""
    after = k[i + 1]
    if k[i - 1] in _CODE_MARKS or after in _CODE_MARKS or after in lx.ERAS:
        return after in lx.ERAS
    return not (after.isalpha() and after not in lx.NOT_COUNTED) and after not in lx.PERCENT


RULES = (_weekday_date, _day_month, _month_date, _relative, _period, _season, _numeric)
