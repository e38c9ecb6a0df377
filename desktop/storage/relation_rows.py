"""Rows of the relation tables to domain values and back (and the JSON history keeps)."""

from __future__ import annotations

import json
from typing import Any

from desktop.core.attributes import AttributeField, AttributeKind
from desktop.core.choices import choices_to_json
from desktop.core.model import Origin
from desktop.core.relations import Entity, Relation, RelationType

RELATION_COLUMNS = "id, document_id, annotator_id, head, tail, type, origin, note, created_at, updated_at"
RELATION_TYPE_COLUMNS = "key, name_fa, name_en, color, hotkey, directed, heads, tails, description, sort_order"
FIELD_COLUMNS = "label, name, kind, choices, required, name_fa, name_en, sort_order"

type Row = tuple[Any, ...]


def relation_from_row(row: Row) -> Relation:
    """A relation read back from the project (`RELATION_COLUMNS`).

    The schema checked the values when they were written, so, as for spans,
    `Relation.__post_init__` is skipped (it was most of the cost of reading a
    document's 5,000 relations) and the slots are set directly.
    """
    relation = _new(Relation)
    for setter, value in zip(_SETTERS, row, strict=True):
        setter(relation, value)
    _SET_ORIGIN(relation, _ORIGINS[row[6]])
    return relation


_new = object.__new__
_ORIGINS = {origin.value: origin for origin in Origin}
_SETTERS = tuple(Relation.__dict__[name.strip()].__set__ for name in RELATION_COLUMNS.split(","))
_SET_ORIGIN = Relation.__dict__["origin"].__set__


def relation_to_dict(relation: Relation) -> dict[str, Any]:
    return {
        "id": relation.id,
        "document_id": relation.document_id,
        "annotator_id": relation.annotator_id,
        "head": relation.head,
        "tail": relation.tail,
        "type": relation.type,
        "origin": str(relation.origin),
        "note": relation.note,
        "created_at": relation.created_at,
        "updated_at": relation.updated_at,
    }


def relation_from_dict(data: dict[str, Any]) -> Relation:
    return relation_from_row(tuple(data[c.strip()] for c in RELATION_COLUMNS.split(",")))


def relation_type_from_row(row: Row) -> RelationType:
    key, name_fa, name_en, color, hotkey, directed, heads, tails, description, order = row
    return RelationType(
        key, name_fa, name_en, color, hotkey, bool(directed), tuple(json.loads(heads)), tuple(json.loads(tails)),
        description, order,
    )  # fmt: skip


def relation_type_to_dict(rtype: RelationType) -> dict[str, Any]:
    return {
        "key": rtype.key,
        "name_fa": rtype.name_fa,
        "name_en": rtype.name_en,
        "color": rtype.colour,
        "hotkey": rtype.hotkey,
        "directed": int(rtype.directed),
        "heads": json.dumps(list(rtype.heads)),
        "tails": json.dumps(list(rtype.tails)),
        "description": rtype.description,
        "sort_order": rtype.order,
    }


def field_from_row(row: Row) -> AttributeField:
    label, name, kind, choices, required, name_fa, name_en, order = row
    return AttributeField(label, name, AttributeKind(kind), tuple(json.loads(choices)), bool(required), name_fa,
                          name_en, order)  # fmt: skip


def field_to_dict(field: AttributeField) -> dict[str, Any]:
    return {
        "label": field.label,
        "name": field.name,
        "kind": field.kind.value,
        # a choice without names stays a bare key: an older project's row reads and writes as it was
        "choices": json.dumps(choices_to_json(field.choices), ensure_ascii=False),
        "required": int(field.required),
        "name_fa": field.name_fa,
        "name_en": field.name_en,
        "sort_order": field.order,
    }


def entity_to_dict(entity: Entity) -> dict[str, Any]:
    return {
        "id": entity.id,
        "name": entity.name,
        "type": entity.type,
        "aliases": list(entity.aliases),
        "external_id": entity.external_id,
    }
