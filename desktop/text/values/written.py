"""A value written the way the analyst types it, so that reading it back gives the same value.

    written(DateValue("solar_hijri", 1404, 8, 21))  -> "1404/08/21"
    written(DateValue("solar_hijri", 1404, 8))      -> "1404/08"
    written(DateValue("gregorian", 2016, 11))       -> "2016-11"
    written(Amount(Decimal("0.05"), "percent"))     -> "5%"

A date's calendar is said with an era word only where its year alone would be
read as the other calendar (a Gregorian 1500, a Solar Hijri 1800) or it is a
lunar date: `parse_date` takes the calendar of a bare year from its size.
`parse_date(written(d)) == d` and `parse_amount(written(a)) == a` hold for
every value (tests/text/test_values_written.py checks it).
"""

from __future__ import annotations

from desktop.text.values.model import PERCENT, Amount, Calendar, DateValue

# The era a bare year is read in (dates._year_of): 1700 and later Gregorian, else Solar Hijri.
_ERA_WORD: dict[Calendar, str] = {"gregorian": "میلادی", "solar_hijri": "شمسی", "hijri_qamari": "قمری"}


def written(value: Amount | DateValue) -> str:
    """`value` as typed: `1404/08/21`, `2016-11`, `12000000 IRT`, `5%`."""
    return _amount_text(value) if isinstance(value, Amount) else _date_text(value)


def _amount_text(amount: Amount) -> str:
    if amount.unit == PERCENT:
        return f"{format((amount.value * 100).normalize(), 'f')}%"
    value = format(amount.value.normalize(), "f")
    return f"{value} {amount.unit}" if amount.unit else value


def _date_text(date: DateValue) -> str:
    parts = [f"{date.year:04d}"] + [f"{p:02d}" for p in (date.month, date.day) if p is not None]
    text = ("-" if date.calendar == "gregorian" else "/").join(parts)
    read_as: Calendar = "gregorian" if date.year >= 1700 else "solar_hijri"
    return text if date.calendar == read_as else f"{text} {_ERA_WORD[date.calendar]}"
