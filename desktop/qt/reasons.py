"""Why input was refused, in the UI's language.

An `InputError` carries a `Reason` (desktop/core/reasons.py): a code, its values, and one English
template per code. Here the template goes through `tr()` (its Persian entry is in
resources/translations/fa.json) with each value shown the Persian way: numbers in Persian digits,
file names and values from the file isolated (so a Latin name keeps its order in a right-to-left
line), a reason inside a reason worded the same way.
"""

from __future__ import annotations

from desktop.core.errors import BarchasbError, reason_of
from desktop.core.reasons import REASONS, Reason
from desktop.i18n import isolate, language, number, tr


def explain(why: Reason) -> str:
    """`why` in the UI's language (English: exactly what the terminal prints)."""
    template = REASONS.get(why.code)
    if template is None or language() == "en":
        return str(why)
    return tr(template, **{key: _shown(value) for key, value in why.params.items()})


def explain_error(error: BaseException) -> str:
    """A user-caused error in the UI's language, with its file and line (anything else as Python words it)."""
    return explain(reason_of(error)) if isinstance(error, BarchasbError) else str(error)


def _shown(value: object) -> str:
    if isinstance(value, Reason):
        return explain(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return number(value)
    if isinstance(value, str):
        return isolate(value)
    return isolate(repr(value))  # a value from the file (a list, None): as the file wrote it
