"""Counting one document's relation, attribute and entity-link agreement for a pair
(the definitions are in `facts`)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any

from desktop.core.agreement.facts import (
    CHANCE_KINDS,
    NO_VALUE,
    FactAgreement,
    FactScheme,
    FieldAgreement,
    Key,
    LayerFacts,
    LinkAgreement,
    RelationKey,
)
from desktop.core.agreement.measures import Counts


def count_facts(
    a: LayerFacts,
    b: LayerFacts,
    same: Collection[Key],
    overlaps: Iterable[tuple[Key, Key]],
    into: FactAgreement,
    scheme: FactScheme,
) -> None:
    """Add one document's facts of a pair: `same` are the span keys both layers have,
    `overlaps` the further (a span, b span) pairs overlap matching made."""
    exact = {key: key for key in same}
    matches = {"exact": exact, "overlap": {**exact, **{y: x for x, y in overlaps}}}  # b span → a span
    for mode, b_to_a in matches.items():
        _relations(a.relations, b.relations, b_to_a, scheme.symmetric, into.relations[mode])
        _links(a.links, b.links, b_to_a, into.links[mode])
    _attributes(a.attributes, b.attributes, exact, scheme.kinds, into.attributes)


def _relations(
    mine: Iterable[RelationKey],
    theirs: Iterable[RelationKey],
    b_to_a: Mapping[Key, Key],
    symmetric: frozenset[str],
    table: dict[str, Counts],
) -> None:
    wanted = {_oriented(r, symmetric) for r in mine}
    found: set[RelationKey] = set()
    for head, tail, rtype in theirs:
        a_head, a_tail = b_to_a.get(head), b_to_a.get(tail)
        if a_head is None or a_tail is None:
            _table(table, rtype).fp += 1  # an end only b's layer has: no match possible
        else:
            found.add(_oriented((a_head, a_tail, rtype), symmetric))
    for _, _, rtype in wanted & found:
        _table(table, rtype).tp += 1
    for _, _, rtype in wanted - found:
        _table(table, rtype).fn += 1
    for _, _, rtype in found - wanted:
        _table(table, rtype).fp += 1


def _oriented(relation: RelationKey, symmetric: frozenset[str]) -> RelationKey:
    head, tail, rtype = relation
    return (tail, head, rtype) if rtype in symmetric and tail < head else relation


def _table(table: dict[str, Counts], rtype: str) -> Counts:
    found = table.get(rtype)
    if found is None:
        found = table[rtype] = Counts()
    return found


def _links(mine: Mapping[Key, int], theirs: Mapping[Key, int], b_to_a: Mapping[Key, Key], into: LinkAgreement) -> None:
    if not mine and not theirs:
        return
    for b_key, a_key in b_to_a.items():
        if b_key not in theirs and a_key not in mine:
            continue
        left, right = mine.get(a_key), theirs.get(b_key)
        into.units += 1
        if left is not None and right is not None:
            into.same += left == right
            into.different += left != right


def _attributes(
    mine: Mapping[Key, Mapping[str, Any]],
    theirs: Mapping[Key, Mapping[str, Any]],
    same: Collection[Key],
    kinds: Mapping[str, str],
    into: dict[str, FieldAgreement],
) -> None:
    for key in (k for k in mine.keys() | theirs.keys() if k in same):
        left, right = mine.get(key, {}), theirs.get(key, {})
        for name in left.keys() | right.keys():
            path = f"{key[2]}.{name}"
            figures = into.get(path)
            if figures is None:
                figures = into[path] = FieldAgreement(kinds.get(path))
            _compare(figures, left.get(name), right.get(name))


def _compare(figures: FieldAgreement, left: Any, right: Any) -> None:
    figures.units += 1
    if left is not None and right is not None:
        figures.both += 1
        figures.equal += _equal(left, right)
    if figures.kind in CHANCE_KINDS:
        figures.confusion[(_category(left), _category(right))] += 1


def _equal(left: Any, right: Any) -> bool:
    """Equal JSON values (True is not 1 here, as it is in Python)."""
    return left == right and isinstance(left, bool) == isinstance(right, bool)


def _category(value: Any) -> str:
    if value is None:
        return NO_VALUE
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def unmatched_relations(
    mine: Iterable[RelationKey], theirs: Iterable[RelationKey], b_to_a: Mapping[Key, Key], symmetric: frozenset[str]
) -> tuple[list[RelationKey], list[RelationKey]]:
    """The relations of a and of b (each in its own span keys) that found no match, in text order."""
    wanted = {_oriented(r, symmetric): r for r in mine}
    found: dict[RelationKey, RelationKey] = {}
    b_only = []
    for relation in theirs:
        head, tail, rtype = relation
        a_head, a_tail = b_to_a.get(head), b_to_a.get(tail)
        if a_head is None or a_tail is None:
            b_only.append(relation)
        else:
            found[_oriented((a_head, a_tail, rtype), symmetric)] = relation
    b_only += [r for key, r in found.items() if key not in wanted]
    return sorted(r for key, r in wanted.items() if key not in found), sorted(b_only)
