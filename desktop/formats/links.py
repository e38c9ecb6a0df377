"""The layer above spans in a file: relations, span attributes and entities.

Every reader checks a record's links before it leaves them, the same way it
checks spans: a relation must join two different spans of one layer that the
record has, an entity id must be known, an attribute value must be a JSON
value a field can hold (and, given the scheme's fields, the one its field
holds). A bad link is an `InputError` naming the file and line, and the
record is refused whole.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from desktop.core.attributes import AttributeField, AttributeKind, check_attribute
from desktop.core.errors import InputError
from desktop.core.reasons import Reason
from desktop.core.relations import RelationType
from desktop.formats.records import DocumentRecord, EntityRecord, RelationRecord, SpanRecord, display_name

Fields = Mapping[str, AttributeField]  # `label.name` -> its field (the scheme's)
NO_FIELDS: Fields = {}


class OpenFields(dict[str, AttributeField]):
    """The scheme's fields, for an import that adds a field for an attribute the
    scheme lacks: values of known fields are checked (and typed) by their field,
    others only as plain JSON values."""


def check_type(value: object, what: str, *, path: str, line: int, number: object = None) -> str:
    """A relation or entity type (`what`; an entity's `number` names it): a non-empty one-line string."""
    if not isinstance(value, str) or not value.strip() or display_name(value) != value:
        if what == "entity":
            raise InputError("entity.bad_type", path=path, line=line, number=number, value=value)
        raise InputError("relation.bad_type", path=path, line=line, value=value)
    return value


def check_links(doc: DocumentRecord, *, path: str, line: int, fields: Fields = NO_FIELDS) -> DocumentRecord:
    """The record, if its relations, entity links and attributes hold together."""
    for number, relation in enumerate(doc.relations, 1):
        _check_relation(doc.spans, relation, number, path=path, line=line)
    ids = _entity_ids(doc.entities, path=path, line=line)
    for span in doc.spans:
        if span.entity is not None and span.entity not in ids:
            raise InputError(
                "span.entity_missing",
                path=path,
                line=line,
                start=span.start,
                end=span.end,
                label=span.label,
                entity=span.entity,
            )
        for name, value in span.attributes.items():
            check_value(span, name, value, fields, ids, path=path, line=line)
    return doc


def check_relation_types(doc: DocumentRecord, types: Mapping[str, RelationType], *, path: str) -> None:
    """Refuse a relation whose type the scheme has but does not allow between its
    spans' labels (types the scheme lacks are the caller's to add or refuse)."""
    for number, relation in enumerate(doc.relations, 1):
        rtype = types.get(relation.type)
        head, tail = doc.spans[relation.head].label, doc.spans[relation.tail].label
        if rtype is not None and not rtype.allows(head, tail):
            raise InputError(
                "relation.not_allowed",
                path=path,
                line=doc.line,
                number=number,
                type=relation.type,
                head=head,
                tail=tail,
            )


def _check_relation(spans: list[SpanRecord], relation: RelationRecord, number: int, *, path: str, line: int) -> None:
    where: dict[str, object] = {"number": number, "type": relation.type}
    for end in (relation.head, relation.tail):
        if isinstance(end, bool) or not isinstance(end, int) or not 0 <= end < len(spans):
            raise InputError(Reason("relation.no_span", {**where, "span": end}), path=path, line=line)
    if relation.head == relation.tail:
        raise InputError(Reason("relation.to_itself", where), path=path, line=line)
    check_type(relation.type, "relation", path=path, line=line)
    head, tail = spans[relation.head], spans[relation.tail]
    layers = {head.annotator, tail.annotator} | ({relation.annotator} if relation.annotator is not None else set())
    if len(layers) > 1:
        named = ", ".join(sorted(repr(a or "") for a in layers))
        raise InputError(Reason("relation.annotators", {**where, "annotators": named}), path=path, line=line)


def _entity_ids(entities: list[EntityRecord], *, path: str, line: int) -> set[int]:
    ids: set[int] = set()
    for entity in entities:
        if isinstance(entity.id, bool) or not isinstance(entity.id, int) or entity.id <= 0 or entity.id in ids:
            raise InputError("entity.bad_id", path=path, line=line, id=entity.id)
        if not isinstance(entity.name, str) or not entity.name.strip():
            raise InputError("entity.no_name", path=path, line=line, id=entity.id)
        check_type(entity.type, "entity", path=path, line=line, number=entity.id)
        ids.add(entity.id)
    return ids


def check_value(
    span: SpanRecord, name: str, value: object, fields: Fields, entities: set[int], *, path: str, line: int
) -> None:
    """One attribute of a span: a JSON value a field can hold; with the scheme's
    fields, a field of the span's label and a value of the field's kind."""
    where: dict[str, object] = {"start": span.start, "end": span.end, "label": span.label, "name": name}
    if not fields:
        if not _plain(value):
            raise InputError(Reason("attribute.not_json_value", {**where, "value": value}), path=path, line=line)
        return
    field = fields.get(f"{span.label}.{name}")
    if field is None and isinstance(fields, OpenFields):
        return check_value(span, name, value, NO_FIELDS, entities, path=path, line=line)
    if field is None:
        raise InputError(Reason("attribute.not_a_field", where), path=path, line=line)
    try:
        check_attribute(field, value)
    except InputError as exc:
        raise InputError(exc.why, path=path, line=line) from None
    if field.kind is AttributeKind.ENTITY and value not in entities:
        raise InputError(Reason("attribute.entity_missing", {**where, "value": value}), path=path, line=line)


def _plain(value: object) -> bool:
    if isinstance(value, str | bool | int):
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, dict) and bool(value) and all(isinstance(k, str) for k in value)


class EntityBook:
    """The entities of one file: an id must mean the same entity in every record."""

    def __init__(self) -> None:
        self.seen: dict[int, EntityRecord] = {}

    def check(self, doc: DocumentRecord, *, path: str, line: int) -> DocumentRecord:
        for entity in doc.entities:
            known = self.seen.setdefault(entity.id, entity)
            if known != entity:
                raise InputError(
                    "entity.differs", path=path, line=line, id=entity.id, name=entity.name, earlier=known.name
                )
        return doc


def entity_json(entity: EntityRecord) -> dict[str, Any]:
    return {
        "id": entity.id,
        "name": entity.name,
        "type": entity.type,
        "aliases": list(entity.aliases),
        "external_id": entity.external_id,
    }


def read_entity(item: object, *, path: str, line: int) -> EntityRecord:
    if not isinstance(item, dict):
        raise InputError("entity.not_object", path=path, line=line, actual=type(item).__name__)
    aliases = item.get("aliases", [])
    external = item.get("external_id", "")
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise InputError("entity.aliases", path=path, line=line, id=item.get("id"))
    if not isinstance(external, str):
        raise InputError("entity.external_id", path=path, line=line, id=item.get("id"))
    name: Any = item.get("name")
    number: Any = item.get("id")
    kind: Any = item.get("type")
    return EntityRecord(number, name if isinstance(name, str) else "", kind, tuple(aliases), external)


def relations_onto(
    spans: list[SpanRecord], written: list[SpanRecord], relations: list[RelationRecord]
) -> tuple[list[RelationRecord], list[RelationRecord]]:
    """Relations re-pointed at `written` (a subset of `spans`, or copies of them in
    `spans` order, e.g. spans fitted to tokens), and those whose ends were not written."""
    where = {id(span): i for i, span in enumerate(written)}
    kept: list[RelationRecord] = []
    lost: list[RelationRecord] = []
    for relation in relations:
        head, tail = where.get(id(spans[relation.head])), where.get(id(spans[relation.tail]))
        if head is None or tail is None:
            lost.append(relation)
        else:
            kept.append(RelationRecord(head, tail, relation.type, relation.annotator, relation.origin, relation.note))
    return kept, lost
