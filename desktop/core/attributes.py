"""Typed span attributes: the fields a label carries and the check of a value.

Values are plain JSON values so they store, journal and export as they are:
text → str, choice → the key of one of the field's choices (desktop.core.choices), number → int or float,
date → an ISO date, full or partial ("2025", "2025-11", "2025-11-12"),
entity → an entity id (int), boolean → bool, value → a normalised value as a
JSON object (desktop.text.values' `to_json()`, e.g. {"kind": "amount",
"value": "1800000000", "unit": "USD"}; the workspace checks it reads back).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from desktop.core.choices import Choice, choices_from_json
from desktop.core.errors import InputError
from desktop.core.model import check_label_key
from desktop.core.reasons import Reason

type JsonValue = str | int | float | bool | None | list[JsonValue] | dict[str, JsonValue]
type AttributeValue = str | int | float | bool | dict[str, JsonValue]

_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class AttributeKind(StrEnum):
    """What kind of value an attribute field holds."""

    TEXT = "text"
    CHOICE = "choice"
    NUMBER = "number"
    DATE = "date"
    ENTITY = "entity"
    BOOLEAN = "boolean"
    VALUE = "value"


@dataclass(frozen=True, slots=True)
class AttributeField:
    """One attribute of a label, e.g. `figure.value` or `agreement.status`."""

    label: str  # label key
    name: str
    kind: AttributeKind
    choices: tuple[Choice, ...] = ()  # given as keys, `Choice`s or their JSON: read into `Choice`s
    required: bool = False
    name_fa: str = ""
    name_en: str = ""
    order: int = 0

    def __post_init__(self) -> None:
        check_label_key(self.label)
        if not isinstance(self.name, str) or not _NAME.fullmatch(self.name):
            raise ValueError(f"attribute name {self.name!r} must be lower-case letters, digits or _")
        try:
            object.__setattr__(self, "kind", AttributeKind(self.kind))
        except ValueError:
            kinds = ", ".join(k.value for k in AttributeKind)
            raise ValueError(f"attribute {self.path}: kind {self.kind!r} is not one of {kinds}") from None
        object.__setattr__(self, "choices", choices_from_json(self.choices))
        if self.kind is AttributeKind.CHOICE and not self.choices:
            raise ValueError(f"attribute {self.path}: a choice field needs choices")
        if self.kind is not AttributeKind.CHOICE and self.choices:
            raise ValueError(f"attribute {self.path}: only a choice field has choices")

    @property
    def path(self) -> str:
        """`label.name`, how messages and formats name the field."""
        return f"{self.label}.{self.name}"

    @property
    def choice_keys(self) -> tuple[str, ...]:
        """The keys of the choices: what a value of a choice field may be."""
        return tuple(choice.key for choice in self.choices)


def check_attribute(field: AttributeField, value: object) -> AttributeValue:
    """The value, normalised, if it fits the field; InputError says what is wrong."""
    checker = _CHECKS[field.kind]
    result = checker(field, value)
    if result is None:
        where = {"field": field.path, "value": value, "kind": field.kind.value}
        if field.kind is AttributeKind.CHOICE:
            raise InputError(Reason("attribute.not_a_choice", {**where, "choices": ", ".join(field.choice_keys)}))
        if field.kind is AttributeKind.DATE:
            raise InputError(Reason("attribute.not_a_date", where))
        raise InputError(Reason("attribute.bad_value", where))
    return result


def _text(_field: AttributeField, value: object) -> AttributeValue | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _choice(field: AttributeField, value: object) -> AttributeValue | None:
    return value if isinstance(value, str) and value in field.choice_keys else None


def _number(_field: AttributeField, value: object) -> AttributeValue | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value if math.isfinite(value) else None


def _date(_field: AttributeField, value: object) -> AttributeValue | None:
    match = _ISO.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return None
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        date(year, month, day)
    except ValueError:
        return None
    return value  # type: ignore[return-value]


def _entity(_field: AttributeField, value: object) -> AttributeValue | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _boolean(_field: AttributeField, value: object) -> AttributeValue | None:
    return value if isinstance(value, bool) else None


def _value(_field: AttributeField, value: object) -> AttributeValue | None:
    if not isinstance(value, dict) or not value or not all(isinstance(k, str) for k in value):
        return None
    return value if _json_like(value) else None


def _json_like(value: object) -> bool:
    if value is None or isinstance(value, str | bool | int):
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list):
        return all(_json_like(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _json_like(v) for k, v in value.items())
    return False


_CHECKS = {
    AttributeKind.TEXT: _text,
    AttributeKind.CHOICE: _choice,
    AttributeKind.NUMBER: _number,
    AttributeKind.DATE: _date,
    AttributeKind.ENTITY: _entity,
    AttributeKind.BOOLEAN: _boolean,
    AttributeKind.VALUE: _value,
}


def missing_required(fields: tuple[AttributeField, ...], values: dict[str, AttributeValue]) -> tuple[str, ...]:
    """The names of required fields without a value (for review warnings)."""
    return tuple(f.name for f in fields if f.required and f.name not in values)
