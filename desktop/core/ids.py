"""The id of a stored row, from a value object that may not be stored yet.

Spans, suggestions and rejections carry `id: int | None`: None while they are
only a value (a span being drawn), the row id once the project holds them.
Code that only ever sees stored ones (a layer read back, a mark on screen)
asks for the id through `stored_id`, which says so to the type checker and
fails loudly if an unstored value ever gets there.
"""

from __future__ import annotations

from typing import Protocol


class Identified(Protocol):
    """A value object with an id once stored (`Span`, `Suggestion`, `Rejection`, ...)."""

    @property
    def id(self) -> int | None: ...


def stored_id(item: Identified) -> int:
    """`item.id`, which a stored item always has."""
    if item.id is None:
        raise ValueError(f"{type(item).__name__} has no id: it was never stored ({item!r})")
    return item.id
