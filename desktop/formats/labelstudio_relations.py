"""Label Studio relations: result items linking two regions of one annotation.

    {"from_id": "1-2", "to_id": "1-3", "type": "relation", "direction": "right", "labels": ["holds"]}

The shape Label Studio's editor serialises (`web/libs/editor/src/stores/
RelationStore.js`, `serialize`): region ids, a direction (`right`: from → to,
`left`: to → from, `bi`: no direction) and the chosen `<Relation>` values.
Label Studio keeps one relation per ordered pair of regions, its labels a
list, so Barchasb writes the types of one pair as one item and reads each
label as a relation of its own (and each label of a region with several as
a span of its own). A relation without a label has no type to import: it is
left out and counted, like predictions.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from desktop.core.errors import InputError
from desktop.formats.links import check_type
from desktop.formats.records import RelationRecord

DIRECTIONS = ("right", "left", "bi")


def relation_results(
    relations: list[RelationRecord], regions: dict[int, str], symmetric: tuple[str, ...]
) -> list[dict[str, Any]]:
    """The relation items of one annotation; `regions` maps span indexes to region ids."""
    pairs: dict[tuple[str, str], set[str]] = {}
    for relation in relations:
        pairs.setdefault((regions[relation.head], regions[relation.tail]), set()).add(relation.type)
    items = []
    for (head, tail), types in sorted(pairs.items()):
        direction = "bi" if types <= set(symmetric) else "right"
        labels = sorted(types)
        items.append({"from_id": head, "to_id": tail, "type": "relation", "direction": direction, "labels": labels})
    return items


def read_relation_results(
    results: list[dict[str, Any]],
    regions: dict[object, list[int]],
    who: str | None,
    left_out: Counter[str],
    path: str,
    line: int,
) -> list[RelationRecord]:
    """The relations among one annotation's `results`; `regions` maps region ids to
    the indexes of their spans."""
    relations = []
    for item in results:
        if item.get("type") != "relation":
            continue
        labels = item.get("labels") or []
        if not isinstance(labels, list):
            raise InputError("labelstudio.relation_labels", path=path, line=line)
        if not labels:
            left_out["relations without a label"] += 1
            continue
        ends = [_region(regions, item.get(key), key, path, line) for key in ("from_id", "to_id")]
        direction = item.get("direction", "right")
        if direction not in DIRECTIONS:
            raise InputError(
                "labelstudio.direction", path=path, line=line, direction=direction, directions=", ".join(DIRECTIONS)
            )
        heads, tails = (ends[1], ends[0]) if direction == "left" else (ends[0], ends[1])
        for label in labels:
            type_ = check_type(label, "relation", path=path, line=line)
            relations += [RelationRecord(h, t, type_, who) for h in heads for t in tails]
    return relations


def _region(regions: dict[object, list[int]], region: object, key: str, path: str, line: int) -> list[int]:
    if isinstance(region, list | dict) or region is None or region not in regions:
        raise InputError("labelstudio.region", path=path, line=line, key=key, region=region)
    return regions[region]
