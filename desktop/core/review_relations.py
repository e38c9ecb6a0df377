"""Relations in review: comparing the layers' relations and what gold made of them.

A relation of a layer is known across layers by its *key*: its head span's
(start, end, label), its tail span's, and its type (a symmetric type puts the
smaller end key first), so two annotators agree on a relation when they drew
the same type between spans of the same offsets and labels. A *relation
candidate* is one distinct key with the layers that drew it. Candidates between
the same two spans form a group: `agreed` when every compared layer has the same
relations there, `type` when each has some but they differ (type or direction),
`partial` when some layer has none. A candidate is accepted when gold holds a
relation with its key (or one that records it as its source), rejected when a
relation rejection names it, pending otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from desktop.core.model import Span
from desktop.core.relations import Relation
from desktop.core.review import Decision, Key, Method

RelationKey = tuple[Key, Key, str]  # head span's key, tail span's key, type


class RelationKind(StrEnum):
    AGREED = "agreed"  # every layer has the same relations between these two spans
    TYPE = "type"  # every layer has some, but their types or directions differ
    PARTIAL = "partial"  # some layers have none here


@dataclass(frozen=True, slots=True)
class RelationProvenance:
    """Where a gold relation came from and who decided, when."""

    method: Method
    decided_by: str
    decided_at: str = ""
    source_relation_id: int | None = None  # the layer relation chosen (None when drawn)
    source_layers: tuple[str, ...] = ()  # every layer that drew it
    source: RelationKey | None = None  # the candidate's key

    def __post_init__(self) -> None:
        object.__setattr__(self, "method", Method(self.method))
        if (self.source is None) != (self.method is Method.DRAWN):
            raise ValueError("a drawn gold relation has no source, any other has one")

    def as_dict(self) -> dict[str, Any]:
        source = None
        if self.source is not None:
            head, tail, rtype = self.source
            source = {
                "head": list(head),
                "tail": list(tail),
                "type": rtype,
                "layers": list(self.source_layers),
                "relation_id": self.source_relation_id,
            }
        return {"method": str(self.method), "source": source, "decided_by": self.decided_by,
                "decided_at": self.decided_at}  # fmt: skip


@dataclass(frozen=True, slots=True)
class RelationRejection:
    """A relation candidate the reviewer decided gold must not have."""

    document_id: int
    head: Key
    tail: Key
    type: str
    layers: tuple[str, ...] = ()
    decided_by: str = ""
    decided_at: str = ""
    id: int | None = None

    @property
    def key(self) -> RelationKey:
        return self.head, self.tail, self.type


@dataclass(frozen=True, slots=True)
class RelationCandidate:
    """One distinct relation the compared layers drew, in the group between its two spans."""

    document_id: int
    index: int  # position in the document's candidate list
    head: Key
    tail: Key
    type: str
    relations: tuple[Relation, ...]  # the layer relations drawing it, in layer order
    layers: tuple[str, ...]
    kind: RelationKind
    missing: tuple[str, ...]  # compared layers with no relation between these spans
    decision: Decision = Decision.PENDING

    @property
    def key(self) -> RelationKey:
        return self.head, self.tail, self.type

    @property
    def pair(self) -> tuple[Key, Key]:
        return _pair(self.head, self.tail)


def relation_key(relation: Relation, spans: Mapping[int, Span], directed: bool = True) -> RelationKey | None:
    """A relation's key from its end spans (None when an end is not among `spans`)."""
    head, tail = spans.get(relation.head), spans.get(relation.tail)
    if head is None or tail is None:
        return None
    return oriented(span_key(head), span_key(tail), relation.type, directed)


def oriented(head: Key, tail: Key, rtype: str, directed: bool) -> RelationKey:
    """The key as stored and compared: a symmetric type puts the smaller end first."""
    if not directed and tail < head:
        head, tail = tail, head
    return head, tail, rtype


def build_relation_candidates(
    document_id: int,
    layers: Mapping[str, Sequence[Relation]],
    spans: Mapping[int, Span],
    directed: Mapping[str, bool],
    accepted: Iterable[RelationKey],
    rejections: Iterable[RelationRejection],
) -> list[RelationCandidate]:
    """The document's relation candidates in text order of their spans. `layers` maps each
    compared layer to its relations (its order is the layer order); `spans` holds their ends;
    `accepted` is every key gold holds or records as its source."""
    held, rejected = set(accepted), {r.key for r in rejections}
    drawn: dict[RelationKey, list[tuple[Relation, str]]] = {}
    for name, relations in layers.items():
        for relation in relations:
            key = relation_key(relation, spans, directed.get(relation.type, True))
            if key is not None:
                drawn.setdefault(key, []).append((relation, name))
    groups: dict[tuple[Key, Key], dict[str, set[RelationKey]]] = {}
    for key, items in drawn.items():
        group = groups.setdefault(_pair(key[0], key[1]), {name: set() for name in layers})
        for _, name in items:
            group[name].add(key)
    out: list[RelationCandidate] = []
    for key in sorted(drawn, key=lambda k: (*_pair(k[0], k[1]), k)):
        kind, missing = _classify(groups[_pair(key[0], key[1])])
        items = drawn[key]
        decision = Decision.ACCEPTED if key in held else Decision.REJECTED if key in rejected else Decision.PENDING
        rels, names = tuple(r for r, _ in items), tuple(dict.fromkeys(n for _, n in items))
        out.append(RelationCandidate(document_id, len(out), *key, rels, names, kind, missing, decision))
    return out


def rivals(candidates: Sequence[RelationCandidate], chosen: RelationCandidate) -> list[RelationCandidate]:
    """Pending candidates that accepting `chosen` settles as rejected: between the same
    two spans, drawn by no layer that also drew `chosen` (a layer's two facts about one
    pair are not alternatives)."""
    return [
        other
        for other in candidates
        if other.pair == chosen.pair
        and other.key != chosen.key
        and other.decision is Decision.PENDING
        and not set(other.layers) & set(chosen.layers)
    ]


def _classify(group: Mapping[str, set[RelationKey]]) -> tuple[RelationKind, tuple[str, ...]]:
    missing = tuple(name for name, keys in group.items() if not keys)
    if missing:
        return RelationKind.PARTIAL, missing
    sets = list(group.values())
    return (RelationKind.AGREED if all(s == sets[0] for s in sets) else RelationKind.TYPE), ()


def _pair(a: Key, b: Key) -> tuple[Key, Key]:
    return (a, b) if a <= b else (b, a)


def span_key(span: Span) -> Key:
    return span.start, span.end, span.label
