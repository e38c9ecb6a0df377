"""doccano's relation-extraction JSONL: spans as `entities` with ids, `relations` between them.

    {"id": 1, "text": "...",
     "entities": [{"id": 0, "label": "official", "start_offset": 11, "end_offset": 25}, ...],
     "relations": [{"id": 0, "from_id": 0, "to_id": 1, "type": "holds"}, ...]}

What doccano 1.x exports from a sequence-labelling project with relations on
(`backend/data_export/models.py`: `ExportedSpan.to_dict`, `ExportedRelation.to_dict`)
and imports (`data_import/pipeline/examples/relation_extraction/example.jsonl`).
An entity id is the span's id: unique within the line, referred to by
`from_id` (head) and `to_id` (tail). Offsets are converted like the plain
doccano shape (`desktop.formats.doccano`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from desktop.core.errors import InputError
from desktop.formats.jsonio import require_object
from desktop.formats.links import check_type
from desktop.formats.records import DocumentRecord, RelationRecord


def entities_and_relations(
    doc: DocumentRecord, unit: Callable[[int], int]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The line's `entities` (each span once: doccano has no annotators) and
    `relations`, both sorted, ids counting from 0; `unit` converts an offset."""
    keys = sorted({(s.start, s.end, s.label) for s in doc.spans})
    position = {key: i for i, key in enumerate(keys)}
    index = [position[(s.start, s.end, s.label)] for s in doc.spans]
    entities = [
        {"id": i, "label": label, "start_offset": unit(start), "end_offset": unit(end)}
        for i, (start, end, label) in enumerate(keys)
    ]
    links = sorted({(index[r.head], index[r.tail], r.type) for r in doc.relations})
    relations = [
        {"id": i, "from_id": head, "to_id": tail, "type": type_} for i, (head, tail, type_) in enumerate(links)
    ]
    return entities, relations


def read_relations(items: list[Any], ids: list[object], path: str, line: int) -> list[RelationRecord]:
    """Relations of a line whose `entities` had `ids`, in order; a relation to an
    id the line does not have is an error."""
    where: dict[object, int] = {}
    for i, entity_id in enumerate(ids):
        if entity_id is None or isinstance(entity_id, bool | float | list | dict) or entity_id in where:
            raise InputError("doccano.bad_entity_id", path=path, line=line, id=entity_id)
        where[entity_id] = i
    relations = []
    for number, item in enumerate(items, 1):
        relation = require_object(item, path, line)
        ends = []
        for key in ("from_id", "to_id"):
            if relation.get(key) not in where:
                raise InputError(
                    "doccano.relation_end", path=path, line=line, number=number, key=key, value=relation.get(key)
                )
            ends.append(where[relation[key]])
        type_ = check_type(relation.get("type"), "relation", path=path, line=line)
        relations.append(RelationRecord(ends[0], ends[1], type_))
    return relations
