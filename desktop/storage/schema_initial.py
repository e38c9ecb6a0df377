"""Migration 0001: the initial schema (documents, labels, annotators, spans, status, history).

Shipped: never edit it. Its place in the list lives in `desktop/storage/migrations.py`.
"""

SQL = """
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL                       -- JSON
);
CREATE TABLE documents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,     -- stable: never reused
    name TEXT NOT NULL,
    content_hash TEXT NOT NULL UNIQUE,        -- sha256 of the stored text
    raw_hash TEXT NOT NULL,                   -- sha256 of the raw original
    text TEXT NOT NULL,                       -- stored text: spans index this
    raw TEXT NOT NULL,                        -- the decoded file, verbatim
    offsets TEXT,                             -- JSON map stored -> raw; NULL: identity
    meta TEXT NOT NULL DEFAULT '{}',          -- JSON: source, encoding, import report
    length INTEGER NOT NULL,                  -- code points in text
    created_at TEXT NOT NULL
);
CREATE INDEX documents_raw_hash ON documents(raw_hash);
CREATE TABLE labels (
    key TEXT PRIMARY KEY,
    name_fa TEXT NOT NULL,
    name_en TEXT NOT NULL,
    color TEXT NOT NULL CHECK (color GLOB '#[0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F]'),
    hotkey TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    sort_order INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE annotators (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL DEFAULT 'human' CHECK (kind IN ('human', 'gold', 'model')),
    created_at TEXT NOT NULL
);
CREATE TABLE spans (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    start INTEGER NOT NULL CHECK (start >= 0),
    "end" INTEGER NOT NULL CHECK ("end" > start),
    label TEXT NOT NULL REFERENCES labels(key) ON UPDATE CASCADE,
    annotator_id INTEGER NOT NULL REFERENCES annotators(id),
    origin TEXT NOT NULL CHECK (origin IN ('manual', 'imported', 'suggested')),
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (document_id, annotator_id, start, "end", label)
);
CREATE INDEX spans_document ON spans(document_id, annotator_id, start);
CREATE INDEX spans_label ON spans(label);
CREATE TABLE document_status (
    document_id INTEGER NOT NULL REFERENCES documents(id),
    annotator_id INTEGER NOT NULL REFERENCES annotators(id),
    status TEXT NOT NULL CHECK (status IN ('new', 'in_progress', 'done')),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (document_id, annotator_id)
) WITHOUT ROWID;
CREATE TABLE history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,                      -- annotator name, or 'system'
    action TEXT NOT NULL,                     -- e.g. span.create, span.delete
    entity TEXT NOT NULL,                     -- span, document, status, label
    entity_id TEXT NOT NULL,
    document_id INTEGER,
    batch TEXT,                               -- groups the rows of one user action
    before TEXT,                              -- JSON of the row before, NULL if created
    after TEXT                                -- JSON of the row after, NULL if deleted
);
CREATE INDEX history_entity ON history(entity, entity_id);
CREATE INDEX history_document ON history(document_id);
CREATE TRIGGER history_no_update BEFORE UPDATE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER history_no_delete BEFORE DELETE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
"""
