"""Migration 0004: relations between spans, span attributes and entity identity.

Relation types and attribute fields belong to the scheme, stored beside `labels`.
A relation joins two spans of one layer; an attribute value and an entity link
belong to one span. Their foreign keys cascade when a span goes, so no row ever
points at a missing span: the workspace removes them first, journaled, so undo
can bring them back; the cascade is the safety net for every other path.
"""

SQL = """
CREATE TABLE relation_types (
    key TEXT PRIMARY KEY,
    name_fa TEXT NOT NULL,
    name_en TEXT NOT NULL,
    color TEXT NOT NULL CHECK (color GLOB '#[0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F]'),
    hotkey TEXT NOT NULL DEFAULT '',
    directed INTEGER NOT NULL DEFAULT 1 CHECK (directed IN (0, 1)),
    heads TEXT NOT NULL DEFAULT '[]',          -- JSON: label keys allowed at the head; [] any
    tails TEXT NOT NULL DEFAULT '[]',          -- JSON: label keys allowed at the tail; [] any
    description TEXT NOT NULL DEFAULT '',
    sort_order INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE attribute_fields (
    label TEXT NOT NULL REFERENCES labels(key) ON UPDATE CASCADE ON DELETE CASCADE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('text', 'choice', 'number', 'date', 'entity', 'boolean', 'value')),
    choices TEXT NOT NULL DEFAULT '[]',        -- JSON list of strings (choice fields)
    required INTEGER NOT NULL DEFAULT 0 CHECK (required IN (0, 1)),
    name_fa TEXT NOT NULL DEFAULT '',
    name_en TEXT NOT NULL DEFAULT '',
    sort_order INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (label, name)
) WITHOUT ROWID;
CREATE TABLE relations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    annotator_id INTEGER NOT NULL REFERENCES annotators(id),
    head INTEGER NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
    tail INTEGER NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
    type TEXT NOT NULL REFERENCES relation_types(key) ON UPDATE CASCADE,
    origin TEXT NOT NULL CHECK (origin IN ('manual', 'imported', 'suggested')),
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (head != tail),
    UNIQUE (head, tail, type)
);
CREATE INDEX relations_document ON relations(document_id, annotator_id);
CREATE INDEX relations_tail ON relations(tail);
CREATE TABLE span_attributes (
    span_id INTEGER NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    value TEXT NOT NULL,                       -- JSON
    updated_at TEXT NOT NULL,
    PRIMARY KEY (span_id, name)
) WITHOUT ROWID;
CREATE TABLE entities (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    type TEXT NOT NULL,                        -- a label key; no foreign key: labels come and go
    external_id TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE entity_aliases (
    entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    alias TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (entity_id, alias)
) WITHOUT ROWID;
CREATE TABLE span_entities (
    span_id INTEGER PRIMARY KEY REFERENCES spans(id) ON DELETE CASCADE,
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    linked_at TEXT NOT NULL
);
CREATE INDEX span_entities_entity ON span_entities(entity_id);
"""
