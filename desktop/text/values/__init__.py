"""Normalised values: what a figure or a date span says, as data.

    parse_amount("یک میلیارد و ۸۰۰ میلیون دلار")  -> Amount(Decimal("1800000000"), "USD")
    parse_amount("۵ درصد")                         -> Amount(Decimal("0.05"), "percent")
    parse_date("۲۱ آبان ۱۴۰۴")                     -> DateValue("solar_hijri", 1404, 8, 21)
    parse_date("۲۱ آبان ۱۴۰۴").iso()               -> "2025-11-12"

Pure Python, no Qt, no storage; docs/values.md says what is read and what is
not. Each value exports to one JSON object (`to_json()`, read back with
`from_json()` or `value_from_json()`), stored as a span attribute:

    {"kind": "amount", "value": "1800000000", "unit": "USD"}
        value: a plain decimal in a string (exact: never a float, never an exponent);
        unit: an ISO 4217 code (IRR, IRT for tomans, USD, EUR...), "percent" (value is
        a fraction: 5% is "0.05"), a counted noun as written ("دستگاه"), or null.
    {"kind": "date", "calendar": "solar_hijri", "year": 1404, "month": 8, "day": 21, "iso": "2025-11-12"}
        calendar: solar_hijri, gregorian or hijri_qamari; month and day absent for a
        year or a month alone; iso: the Gregorian date, "YYYY" or "YYYY-MM" for a
        partial Gregorian date, null when no single ISO date says the same; then
        "from" and "to" give the Gregorian days it covers where they are exact:
    {"kind": "date", "calendar": "solar_hijri", "year": 1404, "iso": null, "from": "2025-03-21", "to": "2026-03-20"}

`iso`, `from` and `to` are derived: `from_json` recomputes them and rejects a
record whose stored ones disagree. Keys come in the order shown.
"""

from desktop.text.values.amounts import parse_amount
from desktop.text.values.dates import parse_date
from desktop.text.values.model import CALENDARS, PERCENT, Amount, Calendar, DateValue, value_from_json

__all__ = [
    "CALENDARS",
    "PERCENT",
    "Amount",
    "Calendar",
    "DateValue",
    "parse_amount",
    "parse_date",
    "value_from_json",
]
