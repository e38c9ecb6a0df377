"""The figures of one pair of layers (pooled over documents) and of one document."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from desktop.core.agreement.facts import FactAgreement
from desktop.core.agreement.matching import MODES
from desktop.core.agreement.measures import Counts, cohen_kappa


@dataclass
class PairAgreement:
    """Two layers over the documents both annotated."""

    a: str
    b: str
    documents: int = 0
    by_label: dict[str, dict[str, Counts]] = field(
        default_factory=lambda: {mode: defaultdict(Counts) for mode in MODES}
    )
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)  # {(tag a, tag b): tokens}
    facts: FactAgreement = field(default_factory=FactAgreement)  # relations, attributes, entity links

    def overall(self, mode: str = "exact") -> Counts:
        total = Counts()
        for counts in self.by_label[mode].values():
            total += counts
        return total

    def f1(self, mode: str = "exact", label: str | None = None) -> float | None:
        counts = self.overall(mode) if label is None else self.by_label[mode].get(label, Counts())
        return counts.f1

    @property
    def kappa(self) -> float | None:
        return cohen_kappa(self.confusion)

    @property
    def tokens(self) -> int:
        return sum(self.confusion.values())

    def add(self, other: PairAgreement) -> None:
        self.documents += other.documents
        self.confusion.update(other.confusion)
        for mode in MODES:
            for label, counts in other.by_label[mode].items():
                self.by_label[mode][label] += counts
        self.facts.add(other.facts)

    def swapped(self) -> PairAgreement:
        """The same figures with a and b exchanged."""
        confusion = Counter({(y, x): n for (x, y), n in self.confusion.items()})
        out = PairAgreement(self.b, self.a, self.documents, confusion=confusion, facts=self.facts.swapped())
        for mode in MODES:
            for label, counts in self.by_label[mode].items():
                out.by_label[mode][label] = counts.swapped()
        return out

    def as_dict(self) -> dict[str, Any]:
        modes = {
            mode: {
                "overall": self.overall(mode).as_dict(),
                "labels": {k: v.as_dict() for k, v in sorted(self.by_label[mode].items())},
            }
            for mode in MODES
        }
        return {
            "a": self.a,
            "b": self.b,
            "documents": self.documents,
            "tokens": self.tokens,
            "kappa": self.kappa,
            **modes,
            **self.facts.as_dict(),
        }


@dataclass
class DocumentAgreement:
    document_id: int
    layers: tuple[str, ...]
    pairs: dict[tuple[str, str], PairAgreement]
    alpha: float | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "document_id": self.document_id,
            "layers": list(self.layers),
            "alpha": self.alpha,
            "pairs": [
                {
                    "a": p.a,
                    "b": p.b,
                    "kappa": p.kappa,
                    "tokens": p.tokens,
                    "f1": {mode: p.f1(mode) for mode in MODES},
                    "relation_f1": {mode: p.facts.relation_f1(mode) for mode in MODES},
                }
                for p in self.pairs.values()
            ],
        }
