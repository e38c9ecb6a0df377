"""What agreement compares besides spans: each layer's relations (their ends as span
keys), attribute values and entity links, streamed by document id like the spans.

A table with no row of the chosen layers costs one indexed look-up and no cursor,
so a project without relations reads as fast as before they existed.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from desktop.core.agreement.facts import FactScheme, LayerFacts
from desktop.storage.merge_source import DocumentRows
from desktop.storage.reader import Reader

_RELATIONS = (
    'SELECT r.document_id, r.annotator_id, h.start, h."end", h.label, t.start, t."end", t.label, r.type'
    " FROM relations r JOIN spans h ON h.id = r.head JOIN spans t ON t.id = r.tail"
    " WHERE r.annotator_id IN ({marks}){scope} ORDER BY r.document_id"
)
# driven from the small table (CROSS JOIN keeps SQLite from scanning every span first)
_ATTRIBUTES = (
    'SELECT s.document_id, s.annotator_id, s.start, s."end", s.label, a.name, a.value'
    " FROM span_attributes a CROSS JOIN spans s ON s.id = a.span_id"
    " WHERE s.annotator_id IN ({marks}){scope} ORDER BY s.document_id"
)
_LINKS = (
    'SELECT s.document_id, s.annotator_id, s.start, s."end", s.label, m.entity_id'
    " FROM span_entities m CROSS JOIN spans s ON s.id = m.span_id"
    " WHERE s.annotator_id IN ({marks}){scope} ORDER BY s.document_id"
)
_ANY = {
    "relations": "SELECT EXISTS (SELECT 1 FROM relations WHERE annotator_id IN ({marks}))",
    "attributes": "SELECT EXISTS (SELECT 1 FROM span_attributes)",
    "links": "SELECT EXISTS (SELECT 1 FROM span_entities)",
}


def fact_scheme(conn: Reader) -> FactScheme:
    """The symmetric relation types and each attribute field's kind (by `label.name`)."""
    symmetric = frozenset(
        key for key, directed in conn.execute("SELECT key, directed FROM relation_types") if not directed
    )
    fields = conn.execute("SELECT label, name, kind FROM attribute_fields")
    return FactScheme(symmetric, {f"{label}.{name}": kind for label, name, kind in fields})


class FactRows:
    """The chosen layers' relations, attribute values and links, taken one document at a time."""

    def __init__(self, conn: Reader, ids: dict[int, str], only: Sequence[int] | None) -> None:
        self._names = ids
        marks = ",".join(str(i) for i in ids) or "NULL"
        params = [] if only is None else [json.dumps(list(only))]

        def rows(table: str, sql: str, prefix: str) -> DocumentRows | None:
            if not conn.execute(_ANY[table].format(marks=marks)).fetchone()[0]:
                return None
            scope = "" if only is None else f" AND {prefix}.document_id IN (SELECT value FROM json_each(?))"
            return DocumentRows(iter(conn.cursor().execute(sql.format(marks=marks, scope=scope), params)))

        self._relations = rows("relations", _RELATIONS, "r")
        self._attributes = rows("attributes", _ATTRIBUTES, "s")
        self._links = rows("links", _LINKS, "s")

    @property
    def any(self) -> bool:
        """Whether the chosen layers have any relation, value or link at all."""
        return any(rows is not None for rows in (self._relations, self._attributes, self._links))

    def take(self, document_id: int) -> dict[str, LayerFacts]:
        """{layer name: its facts} for the layers with any in this document."""
        facts: dict[str, LayerFacts] = {}

        def of(annotator_id: int) -> LayerFacts:
            name = self._names[annotator_id]
            found = facts.get(name)
            if found is None:
                found = facts[name] = LayerFacts()
            return found

        for _, who, hs, he, hl, ts, te, tl, rtype in _take(self._relations, document_id):
            of(who).relations.append(((hs, he, hl), (ts, te, tl), rtype))
        for _, who, start, end, label, name, value in _take(self._attributes, document_id):
            of(who).attributes.setdefault((start, end, label), {})[name] = json.loads(value)
        for _, who, start, end, label, entity_id in _take(self._links, document_id):
            of(who).links[(start, end, label)] = entity_id
        return facts


def _take(rows: DocumentRows | None, document_id: int) -> list[tuple[Any, ...]]:
    return [] if rows is None else rows.take(document_id)
