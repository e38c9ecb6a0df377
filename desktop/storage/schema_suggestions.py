"""Migration 0003: suggestions, gazetteers and trained suggester models.

Suggestions live in their own table, never in `spans`: exports and agreement
read spans only, so a suggestion cannot leak into either. Each row belongs to
the layer (annotator) it would join when accepted, and its key
`(document, annotator, start, end, label)` is unique, so a rejected
suggestion stays rejected when the suggesters run again.
"""

SQL = """
CREATE TABLE suggestions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    annotator_id INTEGER NOT NULL REFERENCES annotators(id),
    start INTEGER NOT NULL CHECK (start >= 0),
    "end" INTEGER NOT NULL CHECK ("end" > start),
    label TEXT NOT NULL REFERENCES labels(key) ON UPDATE CASCADE ON DELETE CASCADE,
    source TEXT NOT NULL,                     -- rule:figure, gazetteer:NAME, propagation, crf
    score REAL NOT NULL DEFAULT 1.0 CHECK (score >= 0 AND score <= 1),
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'accepted', 'rejected')),
    detail TEXT NOT NULL DEFAULT '',          -- kind of figure, gazetteer entry, ...
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (document_id, annotator_id, start, "end", label)
);
CREATE INDEX suggestions_layer ON suggestions(document_id, annotator_id, state);
CREATE TABLE gazetteers (
    name TEXT PRIMARY KEY,
    label TEXT NOT NULL REFERENCES labels(key) ON UPDATE CASCADE,
    description TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE TABLE gazetteer_entries (
    gazetteer TEXT NOT NULL REFERENCES gazetteers(name) ON UPDATE CASCADE ON DELETE CASCADE,
    entry TEXT NOT NULL,
    PRIMARY KEY (gazetteer, entry)
) WITHOUT ROWID;
CREATE TABLE suggester_models (
    name TEXT PRIMARY KEY,                    -- 'crf'
    layer TEXT NOT NULL,                      -- the layer it learned from
    meta TEXT NOT NULL DEFAULT '{}',          -- JSON: labels, documents, features, scores
    model BLOB NOT NULL,                      -- the crfsuite model file, verbatim
    created_at TEXT NOT NULL
);
"""
