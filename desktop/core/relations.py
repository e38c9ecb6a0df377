"""Relations between spans, typed span attributes and entity identity.

A `Relation` joins two spans of one annotator's layer in one document (it may
cross sentences); its `RelationType` says which labels may stand at each end
and whether it is directed. Symmetric relations are stored with the smaller
span id as head, so one fact has one row. Attribute values are plain JSON
values (str, int, float, bool, dict), checked against their `AttributeField`
by `desktop.core.attributes`. An `Entity` is a project-wide identity a span
(a mention) may link to.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from desktop.core.errors import InputError
from desktop.core.hotkeys import check_hotkey
from desktop.core.model import Label, Origin, check_label_key
from desktop.core.reasons import Reason

_COLOR_DIGITS = frozenset("0123456789abcdefABCDEF")


def _check_colour(owner: str, colour: str) -> None:
    if len(colour) != 7 or colour[0] != "#" or not set(colour[1:]) <= _COLOR_DIGITS:
        raise ValueError(f"{owner}: colour {colour!r} is not #rrggbb")


@dataclass(frozen=True, slots=True)
class RelationType:
    """One relation type of the scheme; empty `heads`/`tails` allow any label."""

    key: str
    name_fa: str
    name_en: str
    colour: str
    hotkey: str = ""
    directed: bool = True
    heads: tuple[str, ...] = ()
    tails: tuple[str, ...] = ()
    description: str = ""
    order: int = 0

    def __post_init__(self) -> None:
        check_label_key(self.key)
        owner = f"relation type {self.key}"
        _check_colour(owner, self.colour)
        if not self.name_fa or not self.name_en:
            raise ValueError(f"{owner}: both Persian and English names are needed")
        object.__setattr__(self, "hotkey", check_hotkey(self.hotkey))
        object.__setattr__(self, "heads", tuple(check_label_key(k) for k in self.heads))
        object.__setattr__(self, "tails", tuple(check_label_key(k) for k in self.tails))
        if not self.directed and set(self.heads) != set(self.tails):
            raise ValueError(f"{owner}: a symmetric type needs the same head and tail labels")

    def allows(self, head_label: str, tail_label: str) -> bool:
        """Whether head → tail may carry this type (either way round when symmetric)."""
        if _fits(self.heads, head_label) and _fits(self.tails, tail_label):
            return True
        return not self.directed and _fits(self.heads, tail_label) and _fits(self.tails, head_label)


def _fits(allowed: tuple[str, ...], label: str) -> bool:
    return not allowed or label in allowed


@dataclass(frozen=True, slots=True)
class Relation:
    """A typed link from a head span to a tail span in one annotator's layer."""

    document_id: int
    annotator_id: int
    head: int  # span id
    tail: int  # span id
    type: str  # RelationType.key
    origin: Origin = Origin.MANUAL
    note: str = ""
    id: int | None = None
    created_at: str = ""
    updated_at: str = ""

    def __post_init__(self) -> None:
        check_label_key(self.type)
        object.__setattr__(self, "origin", Origin(self.origin))
        if self.head == self.tail:
            raise ValueError(f"relation {self.type}: a span cannot be related to itself")

    def reversed(self) -> Relation:
        """The same relation pointing the other way (same id and stamps)."""
        return replace(self, head=self.tail, tail=self.head)

    def same_fact(self, other: Relation) -> bool:
        """Same ends, type, document and layer (ids and stamps aside)."""
        return (self.document_id, self.annotator_id, self.head, self.tail, self.type) == (
            other.document_id,
            other.annotator_id,
            other.head,
            other.tail,
            other.type,
        )


def check_relation(rtype: RelationType, relation: Relation, head: Label | str, tail: Label | str) -> Relation:
    """The relation, normalised, if `rtype` allows it between the two spans' labels.

    `head` and `tail` are the labels (or label keys) of the spans at each end.
    A symmetric type puts the smaller span id first; InputError says what is wrong.
    """
    head_key = head.key if isinstance(head, Label) else head
    tail_key = tail.key if isinstance(tail, Label) else tail
    if relation.type != rtype.key:
        raise InputError("relation.wrong_type", type=relation.type, checked=rtype.key)
    if not rtype.allows(head_key, tail_key):
        raise InputError(
            "relation.not_allowed_here",
            type=rtype.key,
            head=head_key,
            tail=tail_key,
            heads=_allowed(rtype.heads),
            tails=_allowed(rtype.tails),
        )
    if not rtype.directed and relation.head > relation.tail:
        return relation.reversed()
    return relation


def _allowed(keys: tuple[str, ...]) -> str | Reason:
    return ", ".join(keys) if keys else Reason("relation.any_label")


@dataclass(frozen=True, slots=True)
class Entity:
    """A project-wide identity that mentions (spans) link to."""

    name: str
    type: str  # label key
    aliases: tuple[str, ...] = ()
    external_id: str = ""
    id: int | None = None

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("an entity needs a name")
        check_label_key(self.type)
        aliases = tuple(dict.fromkeys(a.strip() for a in self.aliases if a.strip() and a.strip() != self.name))
        object.__setattr__(self, "aliases", aliases)

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name and every alias."""
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class MentionLink:
    """A span (mention) linked to an entity."""

    span_id: int
    entity_id: int
