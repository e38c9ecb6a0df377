"""A stored document as export writes it: labels mapped, spans once each, in key order."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from desktop.core.relations import Entity
from desktop.formats.records import DocumentRecord, EntityRecord, RelationRecord, SpanRecord, span_record
from desktop.storage.export_document import StoredDocument
from desktop.storage.export_selection import Selection


class OutputLabels(dict):
    """label -> the label it is exported as (None: left out), worked out once per label."""

    def __init__(self, selection: Selection) -> None:
        super().__init__()
        self.selection = selection

    def __missing__(self, label: str) -> str | None:
        self[label] = mapped = self.selection.output_label(label)
        return mapped


Entities = Callable[[set[int]], dict[int, EntityRecord]]


def document_record(
    doc: StoredDocument,
    labels: OutputLabels,
    annotators: dict[int, str],
    entities: Entities | None = None,
    entity_fields: frozenset[str] = frozenset(),
) -> DocumentRecord:
    """The record export writes for a stored document. Its relations index the
    final (sorted, de-duplicated) span list: a dropped duplicate's relations move
    to the span kept. `entity_fields` are the `label.name` fields holding entity ids."""
    attributes: dict[int, dict[str, Any]] = {}
    for _, span_id, name, value in doc.attributes:
        attributes.setdefault(span_id, {})[name] = json.loads(value)
    links = {span_id: entity_id for _, span_id, entity_id in doc.links}
    provenance = doc.provenance
    spans: dict[tuple, SpanRecord] = {}
    key_of: dict[int, tuple] = {}  # span id -> the key of the span written for it
    for row in doc.spans:
        mapped = labels[row[3]]
        if mapped is None:
            continue
        key = (row[1], row[2], mapped, annotators[row[4]])  # SpanRecord.key
        span_id = row[6]
        key_of[span_id] = key
        if key in spans:
            continue  # a merge can make two spans one: keep it once
        spans[key] = span_record(
            row[1],
            row[2],
            mapped,
            key[3],
            row[5],
            provenance(row) if len(row) > 7 else None,
            attributes.get(span_id) or {},
            links.get(span_id) if links else None,
        )
    keys = sorted(spans)
    written = [spans[k] for k in keys]
    used = {s.entity for s in written if s.entity is not None} if links else set()
    if entity_fields:
        used |= _entity_values(written, doc, entity_fields)
    return DocumentRecord(
        doc.text,
        written,
        export_meta(doc.name, doc.meta),
        name=doc.name,
        id=doc.id,
        tokens=_ranges(doc.meta.get("tokens")),
        sentences=_ranges(doc.meta.get("sentences")),
        content_hash=doc.content_hash,
        done=list(doc.done),
        relations=_relations(doc, key_of, keys, annotators) if doc.relations else [],
        entities=sorted((entities or _none)(used).values(), key=lambda e: e.id) if used else [],
        relation_rejections=doc.relation_rejections,
        token_bounds=doc.token_bounds,
    )


def _none(ids: set[int]) -> dict[int, EntityRecord]:
    return {}


def _relations(
    doc: StoredDocument, key_of: dict[int, tuple], keys: list[tuple], annotators: dict[int, str]
) -> list[RelationRecord]:
    """The relations between written spans (`keys`, in order), once each, in (head, tail, type) order."""
    index = {key: i for i, key in enumerate(keys)}
    found: dict[tuple[int, int, str], RelationRecord] = {}
    for row in doc.relations:
        _, head, tail, rtype, annotator_id, origin, note = row[:7]
        if head not in key_of or tail not in key_of:
            continue  # an end's label is left out of the export
        h, t = index[key_of[head]], index[key_of[tail]]
        if h != t:
            made = RelationRecord(h, t, rtype, annotators[annotator_id], origin, note, doc.relation_provenance(row))
            found.setdefault((h, t, rtype), made)
    return [found[k] for k in sorted(found)]


def _entity_values(spans: list[SpanRecord], doc: StoredDocument, entity_fields: frozenset[str]) -> set[int]:
    """Entity ids held in entity-kind attributes (their entities go out with the record)."""
    if not entity_fields:
        return set()
    labels = {(row[1], row[2]): row[3] for row in doc.spans}
    return {
        value
        for s in spans
        for name, value in s.attributes.items()
        if f"{labels.get((s.start, s.end), s.label)}.{name}" in entity_fields and isinstance(value, int)
    }


class EntityCache:
    """Project entities as `EntityRecord`s, fetched once each from the export source;
    their type goes through the same label mapping as the spans'."""

    def __init__(self, fetch: Callable[[set[int]], list[Entity]], labels: OutputLabels) -> None:
        self._fetch = fetch
        self._labels = labels
        self._known: dict[int, EntityRecord] = {}

    def __call__(self, ids: set[int]) -> dict[int, EntityRecord]:
        missing = ids - self._known.keys()
        for e in self._fetch(missing) if missing else []:
            assert e.id is not None
            kind = self._labels[e.type] or e.type
            self._known[e.id] = EntityRecord(e.id, e.name, kind, e.aliases, e.external_id)
        return {i: self._known[i] for i in ids if i in self._known}


def export_meta(name: str, meta: dict) -> dict:
    """The metadata a document is exported with: the metadata its own file carried
    (annotated imports keep it under `fields`), else just its name. Import
    bookkeeping (paths, dates) stays out, so exports are reproducible."""
    fields = meta.get("fields")
    return fields if isinstance(fields, dict) else {"name": name}


def _ranges(value: object) -> list[tuple[int, int]] | None:
    if not isinstance(value, list):
        return None
    return [(int(a), int(b)) for a, b in value]
