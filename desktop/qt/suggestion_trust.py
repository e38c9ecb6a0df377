"""How far to trust a suggestion, in words: its source and score for the status bar, a source's
precision for the Sources dialog. Digits follow the UI language (Persian digits in Persian)."""

from __future__ import annotations

from desktop.core.suggestion import Suggestion
from desktop.i18n import decimal, number, tr
from desktop.qt.source_names import source_name
from desktop.workspace.suggestions.decisions import Suggestions


def describe(suggestion: Suggestion) -> str:
    """«Suggested by the places list, score 0.85: Y accepts, X rejects»."""
    return tr(
        "Suggested by {source}, score {score}: Y accepts, X rejects",
        source=source_name(suggestion.source),
        score=decimal(suggestion.score, 2),
    )


def percent(share: float | None) -> str:
    """A precision as a whole percentage («۸۵٪» in Persian); a dash before any decision."""
    return "–" if share is None else tr("{n}%", n=number(round(share * 100)))


def weak_offer(suggestions: Suggestions, source: str) -> str | None:
    """After a rejection: if it left `source` weak (and not muted), the offer to mute it."""
    record = suggestions.source_record(source)
    if record is None or not record.weak or record.muted:
        return None
    return tr(
        "{source} was right in {precision} of {n} decisions: mute it in Suggestions › Sources and their precision…",
        source=source_name(source),
        precision=percent(record.precision),
        n=number(record.decided),
    )
