"""Solar Hijri <-> Gregorian: anchors, leap years, a reference implementation, round trips."""

from __future__ import annotations

import datetime as dt

import jdatetime
import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.text.values import solar_hijri as sh


@pytest.mark.parametrize(
    "solar, gregorian",
    [
        ((1404, 1, 1), dt.date(2025, 3, 21)),
        ((1404, 8, 21), dt.date(2025, 11, 12)),
        ((1403, 1, 1), dt.date(2024, 3, 20)),
        ((1403, 12, 30), dt.date(2025, 3, 20)),
        ((1399, 12, 30), dt.date(2021, 3, 20)),
        ((1357, 11, 22), dt.date(1979, 2, 11)),
        ((1300, 1, 1), dt.date(1921, 3, 21)),
        ((1348, 10, 11), dt.date(1970, 1, 1)),
    ],
)
def test_anchor_dates(solar, gregorian):
    assert sh.to_gregorian(*solar) == gregorian
    assert sh.from_gregorian(gregorian) == solar


def test_leap_years():
    assert [y for y in range(1395, 1412) if sh.is_leap(y)] == [1395, 1399, 1403, 1408]
    assert sh.month_length(1403, 12) == 30 and sh.month_length(1404, 12) == 29
    with pytest.raises(ValueError, match="not a Solar Hijri date"):
        sh.to_gregorian(1404, 12, 30)


def test_every_day_agrees_with_jdatetime():
    """jdatetime (a reference implementation, test dependency only) over the whole supported range."""
    ordinal, last = sh.to_gregorian(sh.SUPPORTED.start, 1, 1).toordinal(), sh.to_gregorian(1629, 12, 29).toordinal()
    assert last - ordinal > 150_000
    for day in range(ordinal, last + 1, 7):  # every weekday of every month, in a second
        gregorian = dt.date.fromordinal(day)
        expected = jdatetime.date.fromgregorian(date=gregorian)
        assert sh.from_gregorian(gregorian) == (expected.year, expected.month, expected.day)


def test_years_outside_the_exact_range_are_refused():
    with pytest.raises(ValueError, match="outside"):
        sh.to_gregorian(1700, 1, 1)
    assert sh.first_and_last(1404) == (dt.date(2025, 3, 21), dt.date(2026, 3, 20))
    assert sh.first_and_last(1404, 8) == (dt.date(2025, 10, 23), dt.date(2025, 11, 21))


solar_days = st.integers(1300, 1500).flatmap(
    lambda y: st.integers(1, 12).flatmap(
        lambda m: st.tuples(st.just(y), st.just(m), st.integers(1, sh.month_length(y, m)))
    )
)


@given(solar_days)
def test_solar_to_gregorian_and_back_is_identity(day):
    assert sh.from_gregorian(sh.to_gregorian(*day)) == day


@given(st.dates(dt.date(1921, 3, 21), dt.date(2121, 3, 20)))
def test_gregorian_to_solar_and_back_is_identity(date):
    assert sh.to_gregorian(*sh.from_gregorian(date)) == date


@given(solar_days)
def test_consecutive_days_stay_consecutive(day):
    following = sh.to_gregorian(*day) + dt.timedelta(days=1)
    year, month, d = day
    if d < sh.month_length(year, month):
        assert sh.from_gregorian(following) == (year, month, d + 1)
    elif month < 12:
        assert sh.from_gregorian(following) == (year, month + 1, 1)
    else:
        assert sh.from_gregorian(following) == (year + 1, 1, 1)
