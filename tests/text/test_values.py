"""Normalised values from figure and date text: what each phrase means."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop.text.values import Amount, DateValue, parse_amount, parse_date


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("یک میلیارد و ۸۰۰ میلیون دلار", "1800000000", "USD"),
        ("۲۴ میلیون و ۸۵۰ هزار تومان", "24850000", "IRT"),
        ("۵ درصد", "0.05", "percent"),
        ("۱٫۵ میلیارد یورو", "1500000000", "EUR"),
        ("دو هزار و پانصد", "2500", None),
        ("سی و پنج", "35", None),
        ("۲۴٬۸۵۰٬۰۰۰ ریال", "24850000", "IRR"),
        ("24,850,000 ریال", "24850000", "IRR"),
        ("63.000.000 ریال", "63000000", "IRR"),
        ("3.013 میلیارد دلار", "3013000000", "USD"),  # one point: a decimal, not thousands
        ("٣٠٠ دلار", "300", "USD"),  # Arabic-Indic digits
        ("12.5%", "0.125", "percent"),
        ("۵۰ ٪", "0.5", "percent"),
        ("۱۲٫۵ درصدی", "0.125", "percent"),
        ("منفی 2.8 درصد", "-0.028", "percent"),
        ("صد در صد", "1", "percent"),
        ("صددرصد", "1", "percent"),
        ("۳ هزار میلیارد تومان", "3000000000000", "IRT"),  # a larger scale multiplies all before it
        ("۱۰ هزار میلیارد و ۵۰۰ میلیون ریال", "10000500000000", "IRR"),
        ("یک و نیم میلیون دلار", "1500000", "USD"),
        ("هزار و 700 میلیارد ریال", "1700000000000", "IRR"),
        ("دویست و پنجاه و سه هزار", "253000", None),
        ("۵۰ دلار و ۸۲ سنت", "50.82", "USD"),
        ("170 میلیارد دلاری", "170000000000", "USD"),
        ("پروژه‌ای ۲ میلیارد یورویی", "2000000000", "EUR"),
        ("وام 160 میلیونی", "160000000", None),  # money, currency unsaid
        ("مبلغ 5 هزارتومان", "5000", "IRT"),  # scale and currency glued
        ("۳هزار تومان", "3000", "IRT"),  # digits glued to the scale
        ("۲ میلیارد دلار کانادا", "2000000000", "CAD"),
        ("۱۰۰ میلیون منات", "100000000", "AZN"),
        ("۴۵ هزار دستگاه", "45000", "دستگاه"),
        ("۲۱ رایزن", "21", "رایزن"),
        ("9 هزار واحد مسکونی", "9000", "واحد"),
        ("حدود ۳۰۰ تن", "300", "تن"),
    ],
)
def test_amounts(text, value, unit):
    amount = parse_amount(text)
    assert amount == Amount(Decimal(value), unit)
    assert amount is not None and amount.to_json() == {"kind": "amount", "value": value, "unit": unit}


def test_an_amount_keeps_the_words_it_read():
    amount = parse_amount("مبلغ یک میلیارد و ۸۰۰ میلیون دلار بود")
    assert amount is not None and amount.text == "یک میلیارد و ۸۰۰ میلیون دلار"
    assert amount.is_money and not Amount(Decimal(1), "percent").is_money


@pytest.mark.parametrize(
    "text",
    [
        "دلار",  # no number
        "",
        "5 تا 10 درصد",  # a range is two values
        "50 تا 60 میلیون تومان",
        "۵۰ درصد تا ۶۰ درصد",
        "1404/08/21",  # a date, not a number
        "۱۲،۱۳ درصد",  # a list: a comma never marks decimals
    ],
)
def test_not_amounts(text):
    assert parse_amount(text) is None


def test_and_joins_only_from_larger_to_smaller():
    assert parse_amount("۵۰ و ۳۰ درصد") == Amount(Decimal(50))  # two numbers: the first is read
    assert parse_amount("پنج و بیست") == Amount(Decimal(5))


SH = "solar_hijri"


@pytest.mark.parametrize(
    "text, calendar, year, month, day, iso",
    [
        ("۲۱ آبان ۱۴۰۴", SH, 1404, 8, 21, "2025-11-12"),
        ("1404/08/21", SH, 1404, 8, 21, "2025-11-12"),
        ("۱۴۰۴/۸/۲۱", SH, 1404, 8, 21, "2025-11-12"),
        ("21/8/1404", SH, 1404, 8, 21, "2025-11-12"),
        ("95.3.13", SH, 1395, 3, 13, "2016-06-02"),
        ("27/3/66", SH, 1366, 3, 27, "1987-06-17"),
        ("سه‌شنبه ۲۱ آبان ۱۴۰۴", SH, 1404, 8, 21, "2025-11-12"),  # the weekday is read past
        ("پنجشنبه 27 خرداد 1395", SH, 1395, 3, 27, "2016-06-16"),
        ("روز 13 آبان ماه 1395", SH, 1395, 8, 13, "2016-11-03"),
        ("امروز دوشنبه 19 مهر 1395", SH, 1395, 7, 19, "2016-10-10"),  # a Monday, as the text says
        ("هفتم اسفندماه سال ۱۳۹۳ هجری شمسی", SH, 1393, 12, 7, "2015-02-26"),
        ("بیست و یکم آبان ۱۴۰۴", SH, 1404, 8, 21, "2025-11-12"),
        ("پنج مهر ۱۴۰۴", SH, 1404, 7, 5, "2025-09-27"),
        ("28 اسفند ماه سال 94", SH, 1394, 12, 28, "2016-03-18"),
        ("۳۰ اسفند ۱۴۰۳", SH, 1403, 12, 30, "2025-03-20"),  # 1403 is a leap year
        ("آبان ۱۴۰۴", SH, 1404, 8, None, None),
        ("آذرماه سال 1390", SH, 1390, 9, None, None),
        ("سال ۱۴۰۳", SH, 1403, None, None, None),
        ("سال 95", SH, 1395, None, None, None),
        ("1379", SH, 1379, None, None, None),
        ("سال ۲۰۱۶ میلادی", "gregorian", 2016, None, None, "2016"),
        ("۱۲ نوامبر ۲۰۲۵", "gregorian", 2025, 11, 12, "2025-11-12"),
        ("ماه مارس ۲۰۱۶", "gregorian", 2016, 3, None, "2016-03"),
        ("ژانویه 2016", "gregorian", 2016, 1, None, "2016-01"),
        ("16 June 2016", "gregorian", 2016, 6, 16, "2016-06-16"),
        ("2025-11-12", "gregorian", 2025, 11, 12, "2025-11-12"),
        ("۲۹ فوریه ۲۰۲۴", "gregorian", 2024, 2, 29, "2024-02-29"),
        ("۱۵ رمضان ۱۴۴۶ قمری", "hijri_qamari", 1446, 9, 15, None),
        ("۱۲ ربیع الاول ۱۴۴۷", "hijri_qamari", 1447, 3, 12, None),
        ("ماه مبارک رمضان 1437 هجری قمری", "hijri_qamari", 1437, 9, None, None),
    ],
)
def test_dates(text, calendar, year, month, day, iso):
    date = parse_date(text)
    assert date == DateValue(calendar, year, month, day)
    assert date is not None and date.iso() == iso


@pytest.mark.parametrize(
    "text",
    [
        "۲۱ آبان",  # no year: the text does not say which
        "امسال",
        "سال گذشته",
        "روز چهارشنبه",
        "۳۰ اسفند ۱۴۰۴",  # 1404 is not a leap year: no such day
        "۳۱ مهر ۱۴۰۴",  # the seventh month has 30 days
        "1404/13/01",
        "۲۹ فوریه ۲۰۲۵",
        "01/02/03",  # no telling which part is the year
        "سال ۱۹۴۷ تا ۱۹۴۹",  # a range is two dates
        "از 12 تا 13 دسامبر 2016",
        "22 و 23 آذر 1395",
        "سه ماهه اول سال 2016",  # a period within the year, not the year
        "پایان سال 2016 میلادی",
    ],
)
def test_not_dates(text):
    assert parse_date(text) is None


def test_a_date_keeps_the_words_it_read():
    date = parse_date("سه‌شنبه ۲۱ آبان ۱۴۰۴")
    assert date is not None and date.text == "۲۱ آبان ۱۴۰۴"
