"""The agreement measures: precision/recall/F1 counts, Cohen's kappa and
Krippendorff's alpha (nominal), computed from counts so that figures pool
exactly over documents. An undefined figure is None, never NaN.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

OUTSIDE = "O"  # the tag of a token no span covers


@dataclass
class Counts:
    """Matches between a reference layer (a) and a compared layer (b)."""

    tp: int = 0  # matched pairs
    fp: int = 0  # spans of b without a match
    fn: int = 0  # spans of a without a match

    def __iadd__(self, other: Counts) -> Counts:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn
        return self

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        """2tp / (2tp + fp + fn): symmetric in a and b; None when neither has spans."""
        total = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / total if total else None

    def swapped(self) -> Counts:
        return Counts(self.tp, self.fn, self.fp)

    def as_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


def cohen_kappa(confusion: Mapping[tuple[str, str], int]) -> float | None:
    """Cohen's kappa of two raters from their confusion counts {(tag a, tag b): n}.

    Computed in integers until the last division; None when chance agreement
    is certain (both raters used one and the same tag throughout) or no items.
    """
    n = sum(confusion.values())
    agree = sum(count for (a, b), count in confusion.items() if a == b)
    left: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for (a, b), count in confusion.items():
        left[a] += count
        right[b] += count
    chance = sum(left[tag] * right[tag] for tag in left)
    if n == 0 or chance == n * n:
        return None
    return (n * agree - chance) / (n * n - chance)


class AlphaCounts:
    """Krippendorff's alpha for nominal data, accumulated unit by unit.

    A unit contributes only when it has two values or more (pairable).
    alpha = 1 - (n - 1) * sum_u (m_u^2 - sum_c n_uc^2) / (m_u - 1) / (n^2 - sum_c n_c^2).
    """

    def __init__(self) -> None:
        self.values: Counter[str] = Counter()  # n_c over pairable units
        # sum of (m_u^2 - sum_c n_uc^2) by m_u: integers, so the total is the same in any order
        self._pairs: Counter[int] = Counter()

    @property
    def disagreement(self) -> float:
        """The sum over units of their off-diagonal coincidences."""
        return sum(total / (m - 1) for m, total in sorted(self._pairs.items()))

    def add_unit(self, values: Iterable[str], times: int = 1) -> None:
        """One unit's values (`times` units with these same values)."""
        counts = Counter(values)
        m = sum(counts.values())
        if m < 2 or times <= 0:
            return
        for value, count in counts.items():
            self.values[value] += count * times
        self._pairs[m] += times * (m * m - sum(c * c for c in counts.values()))

    def merge(self, other: AlphaCounts) -> None:
        self.values.update(other.values)
        self._pairs.update(other._pairs)

    def alpha(self) -> float | None:
        n = sum(self.values.values())
        expected = n * n - sum(c * c for c in self.values.values())
        if n < 2 or expected == 0:
            return None
        return 1 - (n - 1) * self.disagreement / expected
