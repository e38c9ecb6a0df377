"""What a suggester proposes (a `Proposal`), before it is stored as a `Suggestion`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Proposal:
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

    @property
    def sources(self) -> tuple[str, ...]:
        """The `Proposal.source` values it proposes (read-only here, so `("crf",)` fits)."""
        ...

    def suggest(self, text: str) -> list[Proposal]: ...


def best_per_key(proposals: Iterable[Proposal]) -> list[Proposal]:
    """One proposal per (start, end, label): the highest score, the first on ties."""
    best: dict[tuple[int, int, str], Proposal] = {}
    for proposal in proposals:
        kept = best.get(proposal.key)
        if kept is None or proposal.score > kept.score:
            best[proposal.key] = proposal
    return sorted(best.values(), key=lambda c: (c.start, c.end, c.label))
