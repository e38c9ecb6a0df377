"""The value types, `Amount` and `DateValue`, and their JSON shapes.

The shapes are in `desktop.text.values`' docstring; `to_json()` returns a
plain dict with keys in a fixed order (so a JSONL export is byte-stable) and
`from_json()` checks every field, raising `ValueError` that says what is wrong.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal, cast

from desktop.text.values import solar_hijri

Calendar = Literal["solar_hijri", "gregorian", "hijri_qamari"]
CALENDARS: tuple[Calendar, ...] = ("solar_hijri", "gregorian", "hijri_qamari")
PERCENT = "percent"
_PLAIN_DECIMAL = re.compile(r"^-?\d+(\.\d+)?$")


def plain(value: Decimal) -> str:
    """`Decimal('1.8E+9')` -> `'1800000000'`, `Decimal('0.050')` -> `'0.05'`."""
    text = format(value.normalize(), "f")
    return "0" if text == "-0" else text


@dataclass(frozen=True, slots=True)
class Amount:
    """A number with what it counts: a currency code (`IRR`, `IRT`, `USD`, `EUR`...),
    `percent` (the value is a fraction: 5% is 0.05), a counted noun as written
    (`دستگاه`), or None for a bare number. `text` is what was read; it is not part
    of the value (equality and JSON leave it out)."""

    value: Decimal
    unit: str | None = None
    text: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.value, Decimal) or not self.value.is_finite():
            raise ValueError(f"an amount's value must be a finite Decimal, not {self.value!r}")
        if self.unit is not None and not self.unit.strip():
            raise ValueError("an amount's unit may not be empty")

    @property
    def is_money(self) -> bool:
        return self.unit is not None and len(self.unit) == 3 and self.unit.isascii() and self.unit.isupper()

    def to_json(self) -> dict[str, Any]:
        return {"kind": "amount", "value": plain(self.value), "unit": self.unit}

    @classmethod
    def from_json(cls, data: object) -> Amount:
        record = _record(data, "amount", {"kind", "value", "unit"})
        value, unit = record.get("value"), record.get("unit")
        if not isinstance(value, str) or not _PLAIN_DECIMAL.match(value):
            raise ValueError(f'amount value must be a decimal number in a string, like "1800000000", not {value!r}')
        if unit is not None and not isinstance(unit, str):
            raise ValueError(f"amount unit must be a string or null, not {unit!r}")
        return cls(Decimal(value), unit)


@dataclass(frozen=True, slots=True)
class DateValue:
    """A day, a month or a year in the calendar it was written in; `iso()` is the
    Gregorian equivalent where one exists. `text` is what was read (not compared)."""

    calendar: Calendar
    year: int
    month: int | None = None
    day: int | None = None
    text: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if self.calendar not in CALENDARS:
            raise ValueError(f"unknown calendar {self.calendar!r}: one of {', '.join(CALENDARS)}")
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year {self.year} is not 1–9999")
        if self.month is None and self.day is not None:
            raise ValueError("a date with a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} is not 1–12")
        if self.day is not None and not 1 <= self.day <= _month_length(self.calendar, self.year, self.month or 1):
            raise ValueError(f"{self.year}/{self.month}/{self.day} is not a {self.calendar} date")

    def iso(self) -> str | None:
        """`2025-11-12`, or `2016`/`2016-11` for a partial Gregorian date; None when no
        single ISO date says the same (a Solar Hijri month or year: see `gregorian_range`)."""
        if self.calendar == "gregorian":
            return "-".join([f"{self.year:04d}"] + [f"{p:02d}" for p in (self.month, self.day) if p is not None])
        first, last = self.gregorian_range() or (None, None)
        return first.isoformat() if first is not None and first == last else None

    def gregorian_range(self) -> tuple[dt.date, dt.date] | None:
        """The first and last Gregorian day the date covers; None for a lunar date or a
        Solar Hijri year outside `solar_hijri.SUPPORTED` (no exact conversion)."""
        if self.calendar == "gregorian":
            last_month = self.month or 12
            last_day = self.day or _month_length("gregorian", self.year, last_month)
            return dt.date(self.year, self.month or 1, self.day or 1), dt.date(self.year, last_month, last_day)
        if self.calendar == "hijri_qamari" or self.year not in solar_hijri.SUPPORTED:
            return None
        if self.day is not None and self.month is not None:
            day = solar_hijri.to_gregorian(self.year, self.month, self.day)
            return day, day
        return solar_hijri.first_and_last(self.year, self.month)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": "date", "calendar": self.calendar, "year": self.year}
        out.update({k: v for k, v in (("month", self.month), ("day", self.day)) if v is not None})
        out["iso"] = self.iso()
        if out["iso"] is None and (span := self.gregorian_range()):
            out["from"], out["to"] = span[0].isoformat(), span[1].isoformat()
        return out

    @classmethod
    def from_json(cls, data: object) -> DateValue:
        record = _record(data, "date", {"kind", "calendar", "year", "month", "day", "iso", "from", "to"})
        parts = [record.get(k) for k in ("year", "month", "day")]
        if not all(p is None or (isinstance(p, int) and not isinstance(p, bool)) for p in parts) or parts[0] is None:
            raise ValueError(f"date year, month and day must be whole numbers (year required), not {parts}")
        if record.get("calendar") not in CALENDARS:
            raise ValueError(f"unknown calendar {record.get('calendar')!r}: one of {', '.join(CALENDARS)}")
        year, month, day = (cast(int | None, p) for p in parts)
        value = cls(cast(Calendar, record["calendar"]), cast(int, year), month, day)
        derived = value.to_json()
        for key in ("iso", "from", "to"):
            if key in record and record[key] != derived.get(key):
                raise ValueError(f"date {key} {record[key]!r} does not match the date: {derived.get(key)!r}")
        return value


def _month_length(calendar: Calendar, year: int, month: int) -> int:
    if calendar == "solar_hijri":
        return solar_hijri.month_length(year, month) if year in solar_hijri.SUPPORTED else (31 if month <= 6 else 30)
    if calendar == "hijri_qamari":
        return 30  # months have 29 or 30 days by sighting; 30 is the most any has
    next_month = dt.date(year + month // 12, month % 12 + 1, 1)
    return (next_month - dt.timedelta(days=1)).day


def _record(data: object, kind: str, keys: set[str]) -> dict[str, Any]:
    if not isinstance(data, dict) or data.get("kind") != kind:
        raise ValueError(f"not a {kind} value: {data!r}")
    if unknown := sorted(set(data) - keys):
        raise ValueError(f"{kind} value has unknown keys: {', '.join(map(str, unknown))}")
    return cast(dict[str, Any], data)


def value_from_json(data: object) -> Amount | DateValue:
    """The value a `to_json()` dict describes (its `kind` says which)."""
    kind = data.get("kind") if isinstance(data, dict) else None
    if kind == "amount":
        return Amount.from_json(data)
    if kind == "date":
        return DateValue.from_json(data)
    raise ValueError(f"not a value (kind must be amount or date): {data!r}")
