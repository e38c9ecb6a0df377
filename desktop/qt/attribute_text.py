"""Attribute values as a line shows them and as the analyst types them back.

Numbers show in the interface's digits (Persian ones and ٫ in the Persian window)
and read back in either; a normalised value shows as it is typed (`12000000 IRT`, `5%`,
`1404/08/21`, `1404/08`: desktop.text.values.written) and reads through desktop.text.values,
so `۱۲ میلیون تومان` works too. What does not read says why, in the interface's language.
"""

from __future__ import annotations

from desktop.core.attributes import AttributeField, AttributeKind, AttributeValue, check_attribute
from desktop.core.errors import InputError
from desktop.i18n import language, number, tr

_ASCII_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٫", "01234567890123456789.")


class FieldInputError(ValueError):
    """What the analyst typed does not fit the field (the message is translated)."""


def is_date_field(field: AttributeField) -> bool:
    """A value field that holds a date (the workspace fills it the same way)."""
    return field.label == "date" or field.name in ("iso", "date")


def shown_text(field: AttributeField, value: AttributeValue) -> str:
    """A stored value as its line shows it: typed back, it reads as the same value."""
    if field.kind is AttributeKind.VALUE and isinstance(value, dict):
        from desktop.text.values import Amount, value_from_json  # (a value field shown: not at start-up)
        from desktop.text.values.written import written

        try:
            parsed = value_from_json(value)
        except ValueError:
            return str(value)
        return _digits(written(parsed)) if isinstance(parsed, Amount) else number(written(parsed))
    if isinstance(value, float | int) and not isinstance(value, bool):
        return _digits(str(value))
    return number(str(value)) if field.kind is AttributeKind.DATE else str(value)


def _digits(text: str) -> str:
    """A number as the interface writes it: Persian digits and ٫ in the Persian one."""
    return number(text.replace(".", "\u066b")) if language() == "fa" else text


def value_hint(value: AttributeValue | None) -> str:
    """What a normalised date means in the Gregorian calendar (`= 2025-11-12`), or nothing."""
    if not isinstance(value, dict) or value.get("kind") != "date":
        return ""
    iso = value.get("iso")
    if isinstance(iso, str) and value.get("calendar") != "gregorian":
        return f"= {number(iso)}"
    first, last = value.get("from"), value.get("to")
    return f"= {number(str(first))} … {number(str(last))}" if first and last else ""


def read_text(field: AttributeField, text: str) -> object:
    """What a typed line means for `field`; FieldInputError (translated) when nothing."""
    if field.kind is AttributeKind.NUMBER:
        plain = text.translate(_ASCII_DIGITS).replace(",", "")
        try:
            return int(plain)
        except ValueError:
            pass
        try:
            return float(plain)
        except ValueError:
            raise FieldInputError(tr("«{value}» is not a number", value=text)) from None
    if field.kind is AttributeKind.DATE:
        try:
            return check_attribute(field, text.translate(_ASCII_DIGITS))
        except InputError:
            raise FieldInputError(
                tr("«{value}» is not a date: write YYYY, YYYY-MM or YYYY-MM-DD", value=text)
            ) from None
    if field.kind is AttributeKind.VALUE:
        return _read_value(field, text)
    return text


def _read_value(field: AttributeField, text: str) -> object:
    from desktop.text.values import parse_amount, parse_date  # (typed: not at start-up)

    if is_date_field(field):
        date = parse_date(text)
        if date is None:
            raise FieldInputError(tr("«{value}» is not a date: write it like 1404/08/21 or 2025-11-12", value=text))
        return date.to_json()
    amount = parse_amount(text)
    if amount is None:
        raise FieldInputError(tr("«{value}» is not an amount: write it like 1800000000 USD or 5%", value=text))
    return amount.to_json()
