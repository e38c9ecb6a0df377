"""Reading another project's layer above spans for a merge (a read model): its relation
types, attribute fields and entity registry, and per document each layer's relations
(ends as span keys), attribute values and entity links, streamed by document id.

`FileFacts` reads a project file with SQL (a file from before relations existed, schema
3 or older, has none of these tables and reads as empty, as a file from before review
reads without gold provenance); `DumpFacts` reads any store's whole-project dump
(storage/tables.py rows), for a merge from a server project. Gold relations come with
their provenance, and the review's relation rejections come along (a file from before
relation review reads without them).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from operator import itemgetter
from typing import Protocol

from desktop.core.attributes import AttributeField
from desktop.core.relations import Entity, RelationType
from desktop.core.review_relations import RelationProvenance
from desktop.storage.merge_source import DocumentRows
from desktop.storage.relation_rows import FIELD_COLUMNS, RELATION_TYPE_COLUMNS, field_from_row, relation_type_from_row
from desktop.storage.review_relations import (
    PROVENANCE_COLUMNS,
    REJECTION_COLUMNS,
    relation_provenance_from_row,
    relation_rejection_from_row,
)
from desktop.storage.tables import Row, TableDump

_TABLES = {"relation_types", "attribute_fields", "relations", "span_attributes", "entities", "span_entities"}


class SourceFacts(Protocol):
    """What a merge reads of the other project's relation layer."""

    def relation_types(self) -> list[RelationType]: ...
    def attribute_fields(self) -> list[AttributeField]: ...
    def entities(self) -> list[Entity]:
        """The registry, by id, with aliases in order."""
        ...

    def relations(self) -> DocumentRows:
        """(document, annotator, head key, tail key, type, origin, note, created_at, gold provenance or
        None), by document."""
        ...

    def relation_rejections(self) -> DocumentRows:
        """(document, `RelationRejection`), by document."""
        ...

    def attributes(self) -> DocumentRows:
        """(document, annotator, span key, field name, value), by document."""
        ...

    def links(self) -> DocumentRows:
        """(document, annotator, span key, entity id), by document."""
        ...


class FileFacts:
    """The relation layer of a project file, over the merge's read transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        self.present = tables >= _TABLES
        self.reviewed = self.present and tables >= {"gold_relation_provenance", "review_relation_rejections"}

    def relation_types(self) -> list[RelationType]:
        sql = f"SELECT {RELATION_TYPE_COLUMNS} FROM relation_types ORDER BY sort_order, key"
        return [relation_type_from_row(row) for row in self._read(sql)]

    def attribute_fields(self) -> list[AttributeField]:
        sql = f"SELECT {FIELD_COLUMNS} FROM attribute_fields ORDER BY label, sort_order, name"
        return [field_from_row(row) for row in self._read(sql)]

    def entities(self) -> list[Entity]:
        aliases = self._read("SELECT entity_id, alias, position FROM entity_aliases")
        return _entities(self._read("SELECT id, name, type, external_id FROM entities"), aliases)

    def relations(self) -> DocumentRows:
        provenance = (
            (f", {_PROVENANCE} FROM relations r LEFT JOIN gold_relation_provenance p ON p.relation_id = r.id")
            if self.reviewed
            else " FROM relations r"
        )
        return DocumentRows(
            _relation(row)
            for row in self._read(
                'SELECT r.document_id, r.annotator_id, h.start, h."end", h.label, t.start, t."end", t.label,'
                f" r.type, r.origin, r.note, r.created_at{provenance}"
                " JOIN spans h ON h.id = r.head JOIN spans t ON t.id = r.tail ORDER BY r.document_id, r.id"
            )
        )

    def relation_rejections(self) -> DocumentRows:
        sql = f"SELECT {REJECTION_COLUMNS} FROM review_relation_rejections ORDER BY document_id, id"
        rows = self._read(sql) if self.reviewed else iter(())
        return DocumentRows((row[1], relation_rejection_from_row(row)) for row in rows)

    def attributes(self) -> DocumentRows:
        return DocumentRows(
            (row[0], row[1], tuple(row[2:5]), row[5], json.loads(row[6]))
            for row in self._read(
                'SELECT s.document_id, s.annotator_id, s.start, s."end", s.label, a.name, a.value'
                " FROM span_attributes a JOIN spans s ON s.id = a.span_id ORDER BY s.document_id, a.span_id, a.name"
            )
        )

    def links(self) -> DocumentRows:
        return DocumentRows(
            (row[0], row[1], tuple(row[2:5]), row[5])
            for row in self._read(
                'SELECT s.document_id, s.annotator_id, s.start, s."end", s.label, m.entity_id'
                " FROM span_entities m JOIN spans s ON s.id = m.span_id ORDER BY s.document_id, m.span_id"
            )
        )

    def _read(self, sql: str) -> Iterator[Row]:
        return iter(()) if not self.present else iter(self._conn.cursor().execute(sql))


class DumpFacts:
    """The relation layer of a store's whole-project dump (rows as storage/tables.py gives them).

    Relations, values and links are few beside spans: they are read whole, their spans'
    keys found in one pass over the spans, and handed out in document order."""

    def __init__(self, dump: TableDump) -> None:
        self._dump = dump
        self._keys: dict[int, tuple[int, int, tuple[int, int, str]]] | None = None  # span → document, layer, key

    def relation_types(self) -> list[RelationType]:
        types = [relation_type_from_row(row) for row in self._dump.rows("relation_types")]
        return sorted(types, key=lambda t: (t.order, t.key))

    def attribute_fields(self) -> list[AttributeField]:
        fields = [field_from_row(row) for row in self._dump.rows("attribute_fields")]
        return sorted(fields, key=lambda f: (f.label, f.order, f.name))

    def entities(self) -> list[Entity]:
        return _entities((row[:4] for row in self._dump.rows("entities")), self._dump.rows("entity_aliases"))

    def relations(self) -> DocumentRows:
        keys = self._span_keys()
        made: dict[int, RelationProvenance] = {}
        for rid, method, source_id, layers, *source, by, at in self._dump.rows("gold_relation_provenance"):
            made[rid] = relation_provenance_from_row((method, by, at, source_id, layers, *source))
        rows = [
            (doc, layer, keys[head][2], keys[tail][2], rtype, origin, note, created, made.get(rid))
            for rid, doc, layer, head, tail, rtype, origin, note, created, _ in self._dump.rows("relations")
        ]
        return _by_document(rows)

    def relation_rejections(self) -> DocumentRows:
        found = [relation_rejection_from_row(row) for row in self._dump.rows("review_relation_rejections")]
        return _by_document([(r.document_id, r) for r in found])

    def attributes(self) -> DocumentRows:
        keys = self._span_keys()
        rows = [(*keys[sid], name, json.loads(value)) for sid, name, value, _ in self._dump.rows("span_attributes")]
        return _by_document(rows)

    def links(self) -> DocumentRows:
        keys = self._span_keys()
        return _by_document([(*keys[sid], entity) for sid, entity, _ in self._dump.rows("span_entities")])

    def _span_keys(self) -> dict[int, tuple[int, int, tuple[int, int, str]]]:
        if self._keys is None:
            wanted = {row[0] for row in self._dump.rows("span_attributes")}
            wanted |= {row[0] for row in self._dump.rows("span_entities")}
            wanted |= {end for row in self._dump.rows("relations") for end in row[3:5]}
            self._keys = {
                sid: (doc, layer, (start, end, label))
                for sid, doc, start, end, label, layer, *_ in self._dump.rows("spans")
                if sid in wanted
            }
        return self._keys


_PROVENANCE = ", ".join(f"p.{column.strip()}" for column in PROVENANCE_COLUMNS.split(","))


def _relation(row: Row) -> Row:
    """A relation row with its ends as keys and its gold provenance (None: none) last."""
    made = relation_provenance_from_row(row[12:]) if len(row) > 12 and row[12] is not None else None
    return (row[0], row[1], tuple(row[2:5]), tuple(row[5:8]), *row[8:12], made)


def _entities(rows: Iterable[Row], aliases: Iterable[Row]) -> list[Entity]:
    names: dict[int, list[tuple[int, str]]] = {}
    for eid, alias, position in aliases:
        names.setdefault(eid, []).append((position, alias))
    return [
        Entity(name, etype, tuple(alias for _, alias in sorted(names.get(eid, []))), external, eid)
        for eid, name, etype, external in sorted(rows)
    ]


def _by_document(rows: list[Row]) -> DocumentRows:
    rows.sort(key=itemgetter(0))  # stable: each document's rows keep their order
    return DocumentRows(iter(rows))
