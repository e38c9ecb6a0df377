"""Precision, recall and F1 of suggestions against a layer, per label.

A suggestion counts only if its start, end and label all equal a span's
(exact match, as conlleval and seqeval score entities).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

Key = tuple[int, int, int, str]  # document, start, end, label


@dataclass(frozen=True, slots=True)
class Score:
    label: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "support": self.tp + self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class Evaluation:
    """Counts per label; add predictions and gold spans document by document."""

    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)

    def add(self, predicted: Iterable[Key], gold: Iterable[Key]) -> None:
        predicted, gold = set(predicted), set(gold)
        self.tp.update(k[3] for k in predicted & gold)
        self.fp.update(k[3] for k in predicted - gold)
        self.fn.update(k[3] for k in gold - predicted)

    @property
    def labels(self) -> list[str]:
        return sorted(set(self.tp) | set(self.fp) | set(self.fn))

    def score(self, label: str) -> Score:
        return Score(label, self.tp[label], self.fp[label], self.fn[label])

    def micro(self, labels: Iterable[str] | None = None, name: str = "micro") -> Score:
        chosen = self.labels if labels is None else list(labels)
        return Score(
            name, sum(self.tp[x] for x in chosen), sum(self.fp[x] for x in chosen), sum(self.fn[x] for x in chosen)
        )

    def as_dict(self) -> dict[str, Any]:
        return {"labels": [self.score(x).as_dict() for x in self.labels], "micro": self.micro().as_dict()}

    def table(self, title: str = "") -> str:
        rows = [self.score(x) for x in self.labels] + [self.micro()]
        lines = [title] if title else []
        lines.append(f"{'label':<14}{'precision':>10}{'recall':>8}{'F1':>8}{'support':>9}{'found':>7}")
        for s in rows:
            lines.append(
                f"{s.label:<14}{s.precision:>10.3f}{s.recall:>8.3f}{s.f1:>8.3f}{s.tp + s.fn:>9}{s.tp + s.fp:>7}"
            )
        return "\n".join(lines)
