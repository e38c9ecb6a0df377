"""Values round trip: numbers written in Persian words and digits read back; JSON reads back."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.text.values import Amount, DateValue, parse_amount, value_from_json
from desktop.text.values import solar_hijri as sh

ONES = str.split("صفر یک دو سه چهار پنج شش هفت هشت نه ده یازده دوازده سیزده چهارده پانزده شانزده هفده هجده نوزده")
TENS = str.split("_ _ بیست سی چهل پنجاه شصت هفتاد هشتاد نود")
HUNDREDS = str.split("_ صد دویست سیصد چهارصد پانصد ششصد هفتصد هشتصد نهصد")
SCALES = ["", "هزار", "میلیون", "میلیارد"]
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def below_thousand(n: int) -> list[str]:
    parts = [HUNDREDS[n // 100]] if n >= 100 else []
    n %= 100
    if n >= 20:
        parts.append(TENS[n // 10])
        n %= 10
    if n:
        parts.append(ONES[n])
    return parts


def in_words(n: int, digits_below: int = 0) -> str:
    """`n` the way news writes it: «یک میلیارد و ۸۰۰ میلیون»; groups below `digits_below` in digits."""
    groups = []
    for scale in range(len(SCALES) - 1, -1, -1):
        group = n // 1000**scale % 1000
        if group:
            head = str(group).translate(PERSIAN) if group < digits_below else " و ".join(below_thousand(group))
            groups.append(f"{head} {SCALES[scale]}".strip())
    return " و ".join(groups) or "صفر"


numbers = st.integers(1, 999_999_999_999)


@given(numbers)
def test_numbers_in_words_read_back(n):
    assert parse_amount(in_words(n) + " تومان") == Amount(Decimal(n), "IRT")


@given(numbers)
def test_numbers_in_digits_and_scale_words_read_back(n):
    assert parse_amount(in_words(n, digits_below=1000) + " ریال") == Amount(Decimal(n), "IRR")


@given(st.integers(1, 999), st.integers(0, 999_999_999))
def test_thousands_of_billions_read_back(thousands, rest):
    """News writes 3×10¹² as «۳ هزار میلیارد»: the larger scale multiplies the smaller before it."""
    written = f"{in_words(thousands)} هزار میلیارد" + (f" و {in_words(rest)}" if rest else "")
    assert parse_amount(written + " تومان") == Amount(Decimal(thousands * 10**12 + rest), "IRT")


@given(numbers, st.sampled_from(["", "٬", ","]), st.sampled_from([str.maketrans("", ""), PERSIAN]))
def test_numbers_in_digits_read_back(n, separator, script):
    written = f"{n:,}".replace(",", separator).translate(script)
    assert parse_amount(written + " دلار") == Amount(Decimal(n), "USD")


@given(st.decimals(min_value=0, max_value=1000, places=2), st.sampled_from(["٫", "."]))
def test_decimal_percentages_read_back(value, point):
    written = str(value).replace(".", point).translate(PERSIAN)
    assert parse_amount(f"{written} درصد") == Amount(value / 100, "percent")


amounts = st.builds(
    Amount,
    st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**15), max_value=10**15, places=4),
    st.sampled_from([None, "USD", "IRT", "percent", "دستگاه"]),
)
solar_dates = st.integers(1300, 1500).flatmap(
    lambda y: st.tuples(st.just(y), st.one_of(st.none(), st.integers(1, 12))).flatmap(
        lambda ym: st.builds(
            DateValue,
            st.just("solar_hijri"),
            st.just(ym[0]),
            st.just(ym[1]),
            st.none() if ym[1] is None else st.one_of(st.none(), st.integers(1, sh.month_length(ym[0], ym[1]))),
        )
    )
)
gregorian_dates = st.dates().map(lambda d: DateValue("gregorian", d.year, d.month, d.day))


@given(st.one_of(amounts, solar_dates, gregorian_dates))
def test_json_round_trip(value):
    text = json.dumps(value.to_json(), ensure_ascii=False)
    assert value_from_json(json.loads(text)) == value
    assert json.dumps(value_from_json(json.loads(text)).to_json(), ensure_ascii=False) == text


def test_json_shapes():
    assert Amount(Decimal("1.8E+9"), "USD").to_json() == {"kind": "amount", "value": "1800000000", "unit": "USD"}
    assert DateValue("solar_hijri", 1404, 8, 21).to_json() == {
        "kind": "date",
        "calendar": "solar_hijri",
        "year": 1404,
        "month": 8,
        "day": 21,
        "iso": "2025-11-12",
    }
    assert DateValue("solar_hijri", 1404).to_json() == {
        "kind": "date",
        "calendar": "solar_hijri",
        "year": 1404,
        "iso": None,
        "from": "2025-03-21",
        "to": "2026-03-20",
    }
    assert DateValue("gregorian", 2016, 3).to_json()["iso"] == "2016-03"
    assert DateValue("hijri_qamari", 1446, 9, 15).to_json()["iso"] is None


@pytest.mark.parametrize(
    "record, message",
    [
        ({"kind": "amount", "value": 5, "unit": "USD"}, "decimal number in a string"),
        ({"kind": "amount", "value": "1e9", "unit": "USD"}, "decimal number in a string"),
        ({"kind": "amount", "value": "5", "unit": ""}, "unit may not be empty"),
        ({"kind": "amount", "value": "5", "unit": "USD", "currency": "USD"}, "unknown keys: currency"),
        ({"kind": "date", "calendar": "julian", "year": 1404}, "unknown calendar"),
        ({"kind": "date", "calendar": "solar_hijri", "year": 1404, "month": 12, "day": 30}, "not a solar_hijri date"),
        ({"kind": "date", "calendar": "solar_hijri", "year": 1404, "day": 3}, "needs a month"),
        ({"kind": "date", "calendar": "gregorian", "year": "2016"}, "whole numbers"),
        ({"kind": "date", "calendar": "gregorian", "year": 2016, "iso": "2017"}, "does not match"),
        (
            {"kind": "date", "calendar": "solar_hijri", "year": 1404, "iso": None, "from": "2025-03-20"},
            "does not match",
        ),
        ({"kind": "place"}, "not a value"),
        ([], "not a value"),
    ],
)
def test_bad_json_says_what_is_wrong(record, message):
    with pytest.raises(ValueError, match=message):
        value_from_json(record)
