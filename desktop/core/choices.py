"""The choices of a choice attribute: a stable key with a Persian and an English name.

A scheme file (and the project's `attribute_fields.choices` column) writes a choice
either as its bare key, as projects made before display names did, or as an object
`{"key": "signed", "fa": "امضاشده", "en": "Signed"}`; both read into a `Choice`.
Values are stored, checked and exported by key; the names are only what the window
shows. A choice without names is written back as its bare key, so an old project's
rows and exports stay byte for byte what they were. In the scheme editor a manager
types choices on one line as `key=فارسی=English`, separated by commas.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from desktop.core.errors import InputError

_PARTS = ("key", "fa", "en")
_SEPARATORS = re.compile(r"[,،;؛\n]")  # as the editor splits aliases: Persian or Latin commas, semicolons


@dataclass(frozen=True, slots=True)
class Choice:
    """One choice of a choice field: the key values are stored by, and its display names."""

    key: str
    name_fa: str = ""
    name_en: str = ""

    def __post_init__(self) -> None:
        if not _one_line(self.key) or not self.key.strip() or self.key != self.key.strip():
            raise InputError("choice.bad_key", key=self.key)
        for name in (self.name_fa, self.name_en):
            if not _one_line(name):
                raise InputError("choice.bad_name", key=self.key, name=name)

    def name(self, language: str) -> str:
        """The name in `language` ("fa" or "en"); the key when that name is not given."""
        return (self.name_fa if language == "fa" else self.name_en) or self.key

    def to_json(self) -> str | dict[str, str]:
        """The bare key when the choice has no names, else the object form."""
        if not (self.name_fa or self.name_en):
            return self.key
        names = {"fa": self.name_fa, "en": self.name_en}
        return {"key": self.key, **{part: name for part, name in names.items() if name}}

    def as_text(self) -> str:
        """How the scheme editor shows it: `key=فارسی=English`, or the bare key."""
        if not (self.name_fa or self.name_en):
            return self.key
        return "=".join((self.key, self.name_fa, self.name_en)).rstrip("=")


def choice_from_json(entry: object) -> Choice:
    """A choice as a scheme file writes it: a bare key, or {"key", "fa", "en"}."""
    if isinstance(entry, Choice):
        return entry
    if isinstance(entry, str):
        return Choice(entry)
    if not isinstance(entry, dict) or not isinstance(entry.get("key"), str):
        raise InputError("choice.not_key_or_object", value=entry)
    unknown = sorted(str(part) for part in entry if part not in _PARTS)
    if unknown:
        raise InputError("choice.unknown_part", key=entry["key"], part=unknown[0])
    names = [entry.get(part, "") for part in ("fa", "en")]
    for name in names:
        if not isinstance(name, str):
            raise InputError("choice.bad_name", key=entry["key"], name=name)
    return Choice(entry["key"], names[0].strip(), names[1].strip())


def choices_from_json(entries: Iterable[object]) -> tuple[Choice, ...]:
    """Every choice of a field, each key once."""
    choices = tuple(choice_from_json(entry) for entry in entries)
    seen: set[str] = set()
    for choice in choices:
        if choice.key in seen:
            raise InputError("choice.key_twice", key=choice.key)
        seen.add(choice.key)
    return choices


def choices_to_json(choices: Iterable[Choice]) -> list[str | dict[str, str]]:
    return [choice.to_json() for choice in choices]


def choices_from_text(text: str) -> tuple[Choice, ...]:
    """Choices as typed in the scheme editor: `key=فارسی=English`, separated by commas."""
    choices = []
    for item in (part.strip() for part in _SEPARATORS.split(text)):
        if not item:
            continue
        parts = [part.strip() for part in item.split("=")]
        if len(parts) > 3 or not parts[0]:
            raise InputError("choice.text_form", text=item)
        parts += [""] * (3 - len(parts))
        choices.append(Choice(*parts))
    return choices_from_json(choices)


def choices_as_text(choices: Iterable[Choice]) -> str:
    """The editor's line for `choices` (what `choices_from_text` reads back)."""
    return "، ".join(choice.as_text() for choice in choices)


def _one_line(text: object) -> bool:
    return isinstance(text, str) and not any(unicodedata.category(c) in ("Cc", "Cs") for c in text)
