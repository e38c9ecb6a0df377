"""A candidate's details in review: its spans' attribute values and entity links, per layer.

Accepting a candidate into gold carries the details its proposing layers agree
on: a value every one of them gives (a layer without the value disagrees with a
layer that has one). Where they differ gold gets nothing and review lists the
difference, so the reviewer takes one layer's value on purpose. The entity link
is one more detail, named `ENTITY_LINK`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

ENTITY_LINK = "@entity"  # not an attribute name (those are lower-case letters, digits and _)

type Details = Mapping[str, object]  # attribute name (or ENTITY_LINK) → value


@dataclass(frozen=True, slots=True)
class DetailDifference:
    """One detail the proposing layers give differently (None: a layer gives none)."""

    name: str
    values: tuple[tuple[str, object], ...]  # (layer, value) in layer order
    gold: object = None  # what gold holds now, when the candidate is in gold

    @property
    def is_entity(self) -> bool:
        return self.name == ENTITY_LINK

    def value_of(self, layer: str) -> object:
        return dict(self.values).get(layer)


def agreed_details(per_layer: Mapping[str, Details]) -> dict[str, object]:
    """The details every layer gives with the same value."""
    if not per_layer:
        return {}
    first, *rest = per_layer.values()
    return {name: value for name, value in first.items() if all(other.get(name) == value for other in rest)}


def differences(per_layer: Mapping[str, Details], gold: Details | None = None) -> list[DetailDifference]:
    """The details the layers give differently, by name."""
    names = sorted({name for details in per_layer.values() for name in details})
    found = []
    for name in names:
        values = tuple((layer, details.get(name)) for layer, details in per_layer.items())
        if len({repr(value) for _, value in values}) > 1:
            found.append(DetailDifference(name, values, None if gold is None else gold.get(name)))
    return found
