"""User-interface strings in Persian and English.

Strings are written in English in the code and looked up in
resources/translations/<lang>.json; a missing entry falls back to English,
so the UI is never blank.
"""

from __future__ import annotations

import json
from functools import cache

from desktop.resources import resource_path

_language = "en"


def set_language(language: str) -> None:
    global _language
    _language = language


def language() -> str:
    return _language


def is_rtl() -> bool:
    return _language == "fa"


@cache
def _table(lang: str) -> dict[str, str]:
    if lang == "en":
        return {}
    path = resource_path("translations", f"{lang}.json")
    return json.loads(path.read_text(encoding="utf-8"))


def tr(text: str, **values: object) -> str:
    """The current language's version of `text`, with {placeholders} filled."""
    translated = _table(_language).get(text, text)
    return translated.format(**values) if values else translated


def N_(text: str) -> str:
    """Marks a string for translation where it is defined; `tr` translates it where shown."""
    return text


_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def number(value: int | str) -> str:
    """A number in the UI language's digits."""
    return str(value).translate(_PERSIAN_DIGITS) if _language == "fa" else str(value)


def decimal(value: float, places: int = 3) -> str:
    """A fraction in the UI language's digits and decimal separator (٫ in Persian)."""
    text = f"{value:.{places}f}"
    return number(text.replace(".", "\u066b")) if _language == "fa" else text


def isolate(text: str) -> str:
    """Wrap text in Unicode first-strong isolates so a Latin file name keeps its
    own order inside a right-to-left line (and never reorders what follows)."""
    return f"\u2068{text}\u2069"
