"""A value as the window writes it reads back as the same value: year only, month-year and
full dates in both calendars (and lunar ones), amounts, in Latin and Persian digits."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.text.values import Amount, DateValue, parse_amount, parse_date
from desktop.text.values.model import _month_length
from desktop.text.values.written import written

PERSIAN = str.maketrans("0123456789.", "۰۱۲۳۴۵۶۷۸۹٫")


@pytest.mark.parametrize(
    "date, text",
    [
        (DateValue("solar_hijri", 1404), "1404"),
        (DateValue("solar_hijri", 1404, 8), "1404/08"),
        (DateValue("solar_hijri", 1404, 8, 21), "1404/08/21"),
        (DateValue("gregorian", 2016), "2016"),
        (DateValue("gregorian", 2016, 11), "2016-11"),
        (DateValue("gregorian", 2025, 11, 12), "2025-11-12"),
        (DateValue("gregorian", 1500, 3), "1500-03 میلادی"),  # a bare 1500 reads as Solar Hijri
        (DateValue("hijri_qamari", 1446, 9, 15), "1446/09/15 قمری"),
    ],
)
def test_dates_are_written_as_typed_and_read_back(date, text):
    assert written(date) == text
    assert parse_date(text) == date
    assert parse_date(text.translate(PERSIAN)) == date  # as the Persian window shows it


@pytest.mark.parametrize("text", ["1404/13", "2016-00", "1404/08 تا 1404/10"])
def test_a_month_that_is_not_one_is_no_date(text):
    assert parse_date(text) is None


def _dates(calendar: str, years: st.SearchStrategy[int]) -> st.SearchStrategy[DateValue]:
    def day(year: int, month: int | None) -> st.SearchStrategy[int | None]:
        top = _month_length(calendar, year, month) if month else 0  # type: ignore[arg-type]
        return st.none() if month is None else st.one_of(st.none(), st.integers(1, top))

    return years.flatmap(
        lambda y: st.one_of(st.none(), st.integers(1, 12)).flatmap(
            lambda m: day(y, m).map(lambda d: DateValue(calendar, y, m, d))  # type: ignore[arg-type]
        )
    )


any_date = st.one_of(
    _dates("solar_hijri", st.integers(1, 9999)),
    _dates("gregorian", st.integers(1, 9999)),
    _dates("hijri_qamari", st.integers(1, 9999)),
)


@given(any_date, st.booleans())
def test_every_date_written_reads_back(date, persian_digits):
    text = written(date)
    assert parse_date(text.translate(PERSIAN) if persian_digits else text) == date


@given(st.dates(min_value=dt.date(1700, 1, 1)))
def test_a_gregorian_day_is_written_as_its_iso_date(day):
    assert written(DateValue("gregorian", day.year, day.month, day.day)) == day.isoformat()


@given(
    st.decimals(allow_nan=False, allow_infinity=False, min_value=0, max_value=10**15, places=4),
    st.sampled_from([None, "USD", "IRT", "percent"]),
)
def test_every_amount_written_reads_back(value, unit):
    amount = Amount(value, unit)
    assert parse_amount(written(amount)) == amount


def test_a_percentage_is_written_with_its_sign():
    assert written(Amount(Decimal("0.05"), "percent")) == "5%"
