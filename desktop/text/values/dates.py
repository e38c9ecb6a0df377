"""Reading a date: numeric, day-month-year, month-year, or a year.

`parse_date` finds the first date in the text, reading past weekdays,
«روز», «تاریخ» and other words before it:

* numeric: `1404/08/21`, `۱۴۰۴/۸/۲۱`, `2025-11-12`, `21/8/1404`, `95.3.13`, and a
  four-digit year with a month, `1404/08`, `2016-11` (how the window writes a month);
* a day (digits, «بیست و یکم», «پنج») and a month name, with a year after
  it (optionally «ماه», «سال» and an era): «۲۱ آبان ۱۴۰۴», «۱۲ نوامبر ۲۰۲۵»,
  «هفتم اسفندماه سال ۱۳۹۳ هجری شمسی»;
* a month and a year: «آبان ۱۴۰۴», «ماه مارس ۲۰۱۶»;
* a year: «سال ۱۴۰۳», «سال ۲۰۱۶ میلادی», `1404`.

The month name sets the calendar (Solar Hijri, Gregorian, lunar Hijri); a
year alone takes it from its era word, else from its size: 1200–1699 is
Solar Hijri, 1700 and later Gregorian. Two-digit years are Solar Hijri, as
news writes them: 40–99 are 13xx, 00–39 are 14xx. A date without a year
(«۲۱ آبان») or relative («امسال») gives None: the text does not say which.
"""

from __future__ import annotations

import re

from desktop.text.values.lexer import Token, padded, tokens
from desktop.text.values.model import CALENDARS, Calendar, DateValue
from desktop.text.values.numbers import read_number
from desktop.text.values.words import (
    AND,
    BEFORE_DATE,
    ERAS,
    GREGORIAN_MONTHS,
    HIJRI,
    LUNAR_MONTHS,
    MONTH_WORD,
    ORDINALS,
    RANGE_WORDS,
    SOLAR_MONTHS,
    YEAR_WORD,
    fold_word,
)

_MONTHS: tuple[tuple[Calendar, dict[str, int]], ...] = (
    ("solar_hijri", SOLAR_MONTHS),
    ("gregorian", GREGORIAN_MONTHS),
    ("hijri_qamari", LUNAR_MONTHS),
)
_NUMERIC = re.compile(r"^(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})$")
_NUMERIC_MONTH = re.compile(r"^(\d{4})[/\-](\d{1,2})$")
_YEAR_DIGITS = re.compile(r"^(\d{2}|\d{4})$")
_DAY_DIGITS = re.compile(r"^\d{1,2}$")
_FOUR_DIGITS = re.compile(r"^\d{4}$")
_BLESSED = fold_word("مبارک")
_Found = tuple[DateValue | None, int] | None  # (the date or None if invalid, its end), or None: no date


def parse_date(text: str) -> DateValue | None:
    """The first date `text` states, or None."""
    k = padded(tokens(text))
    for i in range(len(k) - 8):
        for rule in (_numeric, _day_month_year, _month_year, _year_only):
            found = rule(k, i)
            if found is not None:  # written as a date: a valid one, or None for `1404/13/40`
                value, end = found
                if _is_range(k, end) or _is_range(k, i + 1):
                    return None
                return value and _with_text(value, text[k[i].start : k[end - 1].end])
        if k[i].key not in BEFORE_DATE:
            return None  # «سه ماهه اول سال ۲۰۱۶», «پایان سال ۲۰۱۶»: a period, not the date
    return None


def _is_range(k: list[Token], end: int) -> bool:
    """`سال ۱۹۴۷ تا ۱۹۴۹`, `۲۰۱۰ و ۲۰۶۰`, `۱۲ تا ۱۳ دسامبر`, `1404/08 تا 1404/10`: two dates, not one."""
    after = k[end + 1].key
    return k[end].key in RANGE_WORDS | {AND} and (
        after == YEAR_WORD or any(p.match(after) for p in (_DAY_DIGITS, _YEAR_DIGITS, _NUMERIC, _NUMERIC_MONTH))
    )


def _with_text(value: DateValue, text: str) -> DateValue:
    return DateValue(value.calendar, value.year, value.month, value.day, text)


def _make(calendar: Calendar, year: int, month: int | None, day: int | None, end: int) -> _Found:
    try:
        return DateValue(calendar, year, month, day), end
    except ValueError:
        return None, end  # `30 اسفند 1404`: written as a date, but no such day


def _numeric(k: list[Token], i: int) -> _Found:
    """`1404/08/21`, `21/8/1404`, `95.3.13`, `2025-11-12`."""
    match = _NUMERIC.match(k[i].key)
    if match is None:
        return _numeric_month(k, i)
    first, month, last = match.groups()
    if int(first) > 31 or len(first) == 4:
        year_text, day = first, int(last)
    elif int(last) > 31 or len(last) == 4:
        year_text, day = last, int(first)
    else:
        return None  # `01/02/03`: no telling which is the year
    year, calendar = _year_of(year_text)
    era = _era(k, i + 1)
    return _make(era[0] if era else calendar, year, int(month), day, era[1] if era else i + 1)


def _numeric_month(k: list[Token], i: int) -> _Found:
    """`1404/08`, `2016-11`: a four-digit year and a month, an era after it or not."""
    match = _NUMERIC_MONTH.match(k[i].key)
    if match is None:
        return None
    year, calendar = _year_of(match[1])
    era = _era(k, i + 1)
    return _make(era[0] if era else calendar, year, int(match[2]), None, era[1] if era else i + 1)


def _year_of(digits: str) -> tuple[int, Calendar]:
    year = int(digits)
    if len(digits) == 2:
        year += 1300 if year >= 40 else 1400
    return year, "gregorian" if year >= 1700 else "solar_hijri"


def _day(k: list[Token], i: int) -> tuple[int, int] | None:
    """A day of the month and where it ends: `21`, «بیست و یکم», «هفتم», «پنج»."""
    key = k[i].key
    if key in ORDINALS:
        return ORDINALS[key], i + 1
    if _DAY_DIGITS.match(key):
        return int(key), i + 1
    number = read_number(k, i)
    if number is None or not number.words or number.value != int(number.value):
        return None
    if k[number.end].key == AND and k[number.end + 1].key in ORDINALS:  # «بیست و یکم»
        return int(number.value) + ORDINALS[k[number.end + 1].key], number.end + 2
    return int(number.value), number.end


def _month(k: list[Token], i: int) -> tuple[Calendar, int, int] | None:
    """(calendar, month, end) for a month name at `i`: «آبان», «اسفندماه», «ربیع الاول»."""
    key, joined = k[i].key, k[i].key + k[i + 1].key
    bare = key[: -len(MONTH_WORD)] if key.endswith(MONTH_WORD) else ""
    for calendar, names in _MONTHS:
        if key in names or bare in names:
            end = i + 1
            return calendar, names.get(key) or names[bare], end + (k[end].key == MONTH_WORD)
        if calendar == "hijri_qamari" and joined in names:
            return calendar, names[joined], i + 2 + (k[i + 2].key == MONTH_WORD)
    return None


def _year(k: list[Token], i: int) -> tuple[int, int, Calendar | None] | None:
    """(year, end, calendar from the era) at `i`, with «سال» before and an era after."""
    j = i + (k[i].key == YEAR_WORD)
    if _YEAR_DIGITS.match(k[j].key):
        year, end = int(k[j].key), j + 1
    elif (number := read_number(k, j)) and number.words and 1000 <= number.value <= 2200 and number.value % 1 == 0:
        year, end = int(number.value), number.end  # «هزار و چهارصد و چهار»
    else:
        return None
    if year < 100:
        year = _year_of(k[j].key)[0]
    era = _era(k, end)
    return (year, era[1], era[0]) if era else (year, end, None)


def _era(k: list[Token], i: int) -> tuple[Calendar, int] | None:
    """«میلادی», «شمسی», «ه.ق», «هجری شمسی» at `i`: the calendar and where it ends."""
    if k[i].key == HIJRI and k[i + 1].key in ERAS:
        i += 1
    era = ERAS.get(k[i].key)
    return next(((calendar, i + 1) for calendar in CALENDARS if calendar == era), None)


def _day_month_year(k: list[Token], i: int) -> _Found:
    day = _day(k, i)
    month = _month(k, day[1]) if day else None
    year = _year(k, month[2]) if month else None
    if day is None or month is None or year is None:
        return None
    return _make(month[0], year[0], month[1], day[0], year[1])


def _month_year(k: list[Token], i: int) -> _Found:
    """«آبان ۱۴۰۴», «ماه مارس ۲۰۱۶», «ماه مبارک رمضان ۱۴۳۷ هجری قمری»."""
    j = i + (k[i].key == MONTH_WORD)
    month = _month(k, j + (j > i and k[j].key == _BLESSED))
    year = _year(k, month[2]) if month else None
    if month is None or year is None:
        return None
    return _make(month[0], year[0], month[1], None, year[1])


def _year_only(k: list[Token], i: int) -> _Found:
    """«سال ۱۴۰۳», «سال ۲۰۱۶ میلادی», `1404`; a bare number needs four digits."""
    if k[i].key != YEAR_WORD and not _FOUR_DIGITS.match(k[i].key):
        return None
    year = _year(k, i)
    if year is None:
        return None
    calendar = year[2] or _year_of(str(year[0]))[1]
    return _make(calendar, year[0], None, None, year[1])
