"""Agreement on what layers put on their spans: relations, attribute values, entity links.

Each is measured over the spans two layers matched (`matching`), so a layer
b's fact is compared with a's fact on the span b's span was matched to:

- **Relation F1**, per relation type and pooled (micro), in both match modes:
  a relation of b matches one of a when its head and tail are matched to a's
  head and tail and the type is the same (either way round for a symmetric
  type). A relation with an unmatched end is a miss, so span errors count.
- **Attribute agreement**, per field (`label.name`), on the spans both layers
  have with the same offsets and label: of those where a layer set the field
  (`units`), the share with equal values on both sides (a value on one side
  only is a disagreement); for choice and boolean fields also Cohen's kappa
  over the same units, "no value" being a category of its own.
- **Entity-link agreement**, per match mode: of the matched span pairs where
  a layer linked its span (`units`), the share linked to the same entity.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from desktop.core.agreement.measures import Counts, cohen_kappa

Key = tuple[int, int, str]  # start, end, label
RelationKey = tuple[Key, Key, str]  # head, tail, type
MODES = ("exact", "overlap")
CHANCE_KINDS = frozenset({"choice", "boolean"})  # fields where kappa applies
NO_VALUE = "\x00"  # the kappa category of a field left unset


@dataclass(slots=True)
class LayerFacts:
    """What one layer put on its spans in one document, by span key."""

    relations: list[RelationKey] = field(default_factory=list)
    attributes: dict[Key, dict[str, Any]] = field(default_factory=dict)  # span → {field name: value}
    links: dict[Key, int] = field(default_factory=dict)  # span → entity id

    def __bool__(self) -> bool:
        return bool(self.relations or self.attributes or self.links)


@dataclass(frozen=True, slots=True)
class FactScheme:
    """What the measures need of the scheme: symmetric types, field kinds by `label.name`."""

    symmetric: frozenset[str] = frozenset()
    kinds: Mapping[str, str] = field(default_factory=dict)


@dataclass
class FieldAgreement:
    """One attribute field over the spans both layers have."""

    kind: str | None = None  # None: the field is not in the scheme (any more)
    units: int = 0  # spans where a layer set the field
    both: int = 0  # ... where both did
    equal: int = 0  # ... where both did, with the same value
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)  # choice/boolean categories

    @property
    def share(self) -> float | None:
        return self.equal / self.units if self.units else None

    @property
    def kappa(self) -> float | None:
        return cohen_kappa(self.confusion) if self.kind in CHANCE_KINDS else None

    def add(self, other: FieldAgreement) -> None:
        self.kind = self.kind or other.kind
        self.units, self.both, self.equal = self.units + other.units, self.both + other.both, self.equal + other.equal
        self.confusion.update(other.confusion)

    def swapped(self) -> FieldAgreement:
        confusion = Counter({(y, x): n for (x, y), n in self.confusion.items()})
        return FieldAgreement(self.kind, self.units, self.both, self.equal, confusion)

    def as_dict(self) -> dict[str, Any]:
        figures = {"units": self.units, "both": self.both, "equal": self.equal}
        return {"kind": self.kind, **figures, "share": self.share, "kappa": self.kappa}


@dataclass
class LinkAgreement:
    """Entity links on matched spans: the same entity, a different one, or only one side linked."""

    units: int = 0
    same: int = 0
    different: int = 0

    @property
    def share(self) -> float | None:
        return self.same / self.units if self.units else None

    def add(self, other: LinkAgreement) -> None:
        self.units, self.same, self.different = (
            self.units + other.units,
            self.same + other.same,
            self.different + other.different,
        )

    def as_dict(self) -> dict[str, Any]:
        one_sided = self.units - self.same - self.different
        return {"units": self.units, "same": self.same, "different": self.different, "one_sided": one_sided,
                "share": self.share}  # fmt: skip


@dataclass
class FactAgreement:
    """A pair's relation, attribute and entity-link figures (b against a)."""

    relations: dict[str, dict[str, Counts]] = field(default_factory=lambda: {m: defaultdict(Counts) for m in MODES})
    attributes: dict[str, FieldAgreement] = field(default_factory=dict)  # by `label.name`
    links: dict[str, LinkAgreement] = field(default_factory=lambda: {m: LinkAgreement() for m in MODES})

    def relations_overall(self, mode: str = "exact") -> Counts:
        total = Counts()
        for counts in self.relations[mode].values():
            total += counts
        return total

    def relation_f1(self, mode: str = "exact", rtype: str | None = None) -> float | None:
        counts = self.relations_overall(mode) if rtype is None else self.relations[mode].get(rtype, Counts())
        return counts.f1

    def add(self, other: FactAgreement) -> None:
        for mode in MODES:
            for rtype, counts in other.relations[mode].items():
                self.relations[mode][rtype] += counts
            self.links[mode].add(other.links[mode])
        for path, figures in other.attributes.items():
            self.attributes.setdefault(path, FieldAgreement(figures.kind)).add(figures)

    def swapped(self) -> FactAgreement:
        out = FactAgreement(attributes={p: f.swapped() for p, f in self.attributes.items()})
        for mode in MODES:
            out.relations[mode].update({t: c.swapped() for t, c in self.relations[mode].items()})
            out.links[mode].add(self.links[mode])
        return out

    def as_dict(self) -> dict[str, Any]:
        relations = {
            mode: {
                "overall": self.relations_overall(mode).as_dict(),
                "types": {t: c.as_dict() for t, c in sorted(self.relations[mode].items())},
            }
            for mode in MODES
        }
        return {
            "relations": relations,
            "attributes": {p: f.as_dict() for p, f in sorted(self.attributes.items())},
            "entity_links": {mode: self.links[mode].as_dict() for mode in MODES},
        }
