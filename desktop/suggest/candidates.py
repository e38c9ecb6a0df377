"""What a suggester proposes, before it is stored as a `Suggestion`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Candidate:
    start: int  # code points into the stored text, end-exclusive
    end: int
    label: str
    source: str  # rule:figure, rule:date, gazetteer:NAME, propagation, crf
    score: float
    detail: str = ""

    @property
    def key(self) -> tuple[int, int, str]:
        return self.start, self.end, self.label


class Suggester(Protocol):
    """Anything that proposes spans for a text."""

    sources: tuple[str, ...]

    def suggest(self, text: str) -> list[Candidate]: ...


def best_per_key(candidates: Iterable[Candidate]) -> list[Candidate]:
    """One candidate per (start, end, label): the highest score, the first on ties."""
    best: dict[tuple[int, int, str], Candidate] = {}
    for candidate in candidates:
        kept = best.get(candidate.key)
        if kept is None or candidate.score > kept.score:
            best[candidate.key] = candidate
    return sorted(best.values(), key=lambda c: (c.start, c.end, c.label))
