"""Disagreement units: grouping the compared layers' spans and classifying each group.

Pure functions over value objects; the workspace feeds them a document's
spans, its gold spans with their provenance, and its rejections.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from desktop.core.model import Span
from desktop.core.review import Candidate, Decision, Key, Provenance, Rejection, Unit, UnitKind


def build_units(
    document_id: int,
    layers: Mapping[str, Sequence[Span]],
    gold: Sequence[Span],
    provenance: Mapping[int, Provenance],
    rejections: Iterable[Rejection],
) -> list[Unit]:
    """The document's units in text order. `layers` maps each compared layer's
    name to its spans (its order is the layer order everywhere after)."""
    accepted = {_key(s) for s in gold}
    accepted |= {p.source for p in provenance.values() if p.source is not None}
    rejected = {r.key for r in rejections}
    tagged = sorted(
        ((span, name) for name, spans in layers.items() for span in spans),
        key=lambda item: (item[0].start, item[0].end, item[0].label),
    )
    order = {name: i for i, name in enumerate(layers)}
    units: list[Unit] = []
    for group in _overlap_groups(tagged):
        start, end = group[0][0].start, max(span.end for span, _ in group)
        candidates = _candidates(document_id, group, order, accepted, rejected)
        kind, missing = classify(group, list(layers))
        gold_here = tuple(s for s in gold if s.start < end and start < s.end)
        units.append(Unit(document_id, len(units), start, end, kind, candidates, missing, gold_here))
    return units


def _overlap_groups(tagged: list[tuple[Span, str]]) -> list[list[tuple[Span, str]]]:
    """Maximal runs of spans, sorted by start, each overlapping the run so far."""
    groups: list[list[tuple[Span, str]]] = []
    end = -1
    for item in tagged:
        if groups and item[0].start < end:
            groups[-1].append(item)
            end = max(end, item[0].end)
        else:
            groups.append([item])
            end = item[0].end
    return groups


def _candidates(
    document_id: int, group: list[tuple[Span, str]], order: Mapping[str, int], accepted: set[Key], rejected: set[Key]
) -> tuple[Candidate, ...]:
    by_key: dict[Key, list[tuple[Span, str]]] = {}
    for span, name in group:
        by_key.setdefault(_key(span), []).append((span, name))
    out = []
    for key, items in by_key.items():
        items.sort(key=lambda item: order[item[1]])
        decision = Decision.ACCEPTED if key in accepted else Decision.REJECTED if key in rejected else Decision.PENDING
        out.append(
            Candidate(
                document_id, *key, tuple(s for s, _ in items), tuple(dict.fromkeys(n for _, n in items)), decision
            )
        )
    return tuple(out)


def classify(group: list[tuple[Span, str]], layers: list[str]) -> tuple[UnitKind, tuple[str, ...]]:
    """The unit's kind and the compared layers that have nothing in it.

    A layer missing makes it partial; otherwise the layers' span sets are
    compared: equal (agreed), equal offsets (label), equal label sets
    (boundary), or neither (label_boundary).
    """
    keys: dict[str, set[Key]] = {name: set() for name in layers}
    for span, name in group:
        keys[name].add(_key(span))
    missing = tuple(name for name in layers if not keys[name])
    if missing:
        return UnitKind.PARTIAL, missing
    sets = list(keys.values())
    if all(s == sets[0] for s in sets):
        return UnitKind.AGREED, ()
    if _all_equal({(a, b) for a, b, _ in s} for s in sets):
        return UnitKind.LABEL, ()
    if _all_equal({label for _, _, label in s} for s in sets):
        return UnitKind.BOUNDARY, ()
    return UnitKind.LABEL_BOUNDARY, ()


def _all_equal(values: Iterable[set[object]]) -> bool:
    values = list(values)
    return all(v == values[0] for v in values)


def competitors(unit: Unit, chosen: Candidate | None, start: int, end: int) -> list[Candidate]:
    """Pending candidates that accepting `chosen` as [start, end) (or drawing it,
    when `chosen` is None) settles as rejected: those overlapping it that no
    layer proposes together with `chosen` (nested spans a layer meant to keep
    side by side are not alternatives)."""
    out = []
    for other in unit.candidates:
        if other.decision is not Decision.PENDING or (chosen and other.key == chosen.key):
            continue
        near = other.overlaps(start, end) or (chosen is not None and other.overlaps(chosen.start, chosen.end))
        together = chosen is not None and set(other.layers) & set(chosen.layers)
        if near and not together:
            out.append(other)
    return out


def next_unit(units: Sequence[Unit], current: int | None, *, pending_only: bool = True) -> Unit | None:
    """The first unit after index `current` (None: from the start), skipping
    decided units when `pending_only`."""
    start = -1 if current is None else current
    return next((u for u in units[start + 1 :] if not (pending_only and u.decided)), None)


def previous_unit(units: Sequence[Unit], current: int | None, *, pending_only: bool = True) -> Unit | None:
    """The last unit before index `current` (None: from the end)."""
    stop = len(units) if current is None else max(current, 0)
    return next((u for u in reversed(units[:stop]) if not (pending_only and u.decided)), None)


def count_units(units: Iterable[Unit]) -> dict[str, int]:
    """How many units of each kind, and how many still need a decision."""
    counts = {str(kind): 0 for kind in UnitKind} | {"total": 0, "undecided": 0}
    for unit in units:
        counts[str(unit.kind)] += 1
        counts["total"] += 1
        counts["undecided"] += not unit.decided
    return counts


def _key(span: Span) -> Key:
    return span.start, span.end, span.label
