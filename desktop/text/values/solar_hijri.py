"""Solar Hijri (Jalali) <-> Gregorian, exact over the years 1210–1629 (1831–2251).

Iran's calendar starts each year at the March equinox as seen from Tehran.
Over the supported years that astronomical rule gives the same leap years as
the 33-year arithmetic cycle (leap when `year % 33` is 1, 5, 9, 13, 17, 22,
26 or 30; Borkowski's published break table puts the cycle's edges at 1210
and 1635), so the conversion is arithmetic: the day count from an anchor
year, 1 Farvardin 1404 = 2025-03-21. Outside the range the rule drifts from
the sky; `SUPPORTED` says so and callers leave such dates unconverted.
The first six months have 31 days, the next five 30, Esfand 29 (30 in leap
years). Gregorian days are `datetime.date` ordinals.
"""

from __future__ import annotations

import datetime as dt

SUPPORTED = range(1210, 1630)
_LEAP_REMAINDERS = frozenset({1, 5, 9, 13, 17, 22, 26, 30})
_ANCHOR_YEAR = 1404
_ANCHOR = dt.date(2025, 3, 21).toordinal()
_FIRST_HALF = 6 * 31  # days in Farvardin..Shahrivar


def _check_year(year: int) -> None:
    if year not in SUPPORTED:
        raise ValueError(f"Solar Hijri year {year} is outside {SUPPORTED.start}–{SUPPORTED.stop - 1}")


def is_leap(year: int) -> bool:
    """Whether Esfand of `year` has 30 days."""
    _check_year(year)
    return year % 33 in _LEAP_REMAINDERS


def month_length(year: int, month: int) -> int:
    if not 1 <= month <= 12:
        raise ValueError(f"Solar Hijri month {month} is not 1–12")
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return 30 if is_leap(year) else 29


def _leaps_before(year: int) -> int:
    """Leap years in [SUPPORTED.start, year)."""
    cycles, rest = divmod(year - SUPPORTED.start, 33)
    first = SUPPORTED.start + 33 * cycles
    return 8 * cycles + sum(1 for y in range(first, first + rest) if y % 33 in _LEAP_REMAINDERS)


def _new_year(year: int) -> int:
    """The Gregorian ordinal of 1 Farvardin `year`."""
    return _ANCHOR + 365 * (year - _ANCHOR_YEAR) + _leaps_before(year) - _leaps_before(_ANCHOR_YEAR)


def to_gregorian(year: int, month: int, day: int) -> dt.date:
    """The Gregorian date of a Solar Hijri day; ValueError for a day that does not exist."""
    _check_year(year)
    if not 1 <= day <= month_length(year, month):
        raise ValueError(f"{year}/{month}/{day} is not a Solar Hijri date")
    before = (month - 1) * 31 if month <= 7 else _FIRST_HALF + (month - 7) * 30
    return dt.date.fromordinal(_new_year(year) + before + day - 1)


def from_gregorian(date: dt.date) -> tuple[int, int, int]:
    """(year, month, day) in the Solar Hijri calendar."""
    ordinal = date.toordinal()
    year = _ANCHOR_YEAR + (ordinal - _ANCHOR) * 33 // 12053  # 12053 days in 33 years
    year = max(SUPPORTED.start, min(year, SUPPORTED.stop - 1))
    while year > SUPPORTED.start and _new_year(year) > ordinal:
        year -= 1
    while year + 1 in SUPPORTED and _new_year(year + 1) <= ordinal:
        year += 1
    day_of_year = ordinal - _new_year(year)
    if day_of_year < 0 or day_of_year >= 365 + is_leap(year):
        raise ValueError(f"{date.isoformat()} is outside the supported Solar Hijri years")
    if day_of_year < _FIRST_HALF:
        return year, day_of_year // 31 + 1, day_of_year % 31 + 1
    return year, (day_of_year - _FIRST_HALF) // 30 + 7, (day_of_year - _FIRST_HALF) % 30 + 1


def first_and_last(year: int, month: int | None = None) -> tuple[dt.date, dt.date]:
    """The Gregorian first and last day of a Solar Hijri year or month."""
    if month is None:
        return to_gregorian(year, 1, 1), to_gregorian(year, 12, month_length(year, 12))
    return to_gregorian(year, month, 1), to_gregorian(year, month, month_length(year, month))
