"""Migration 0002: review decisions.

The gold layer is an annotator of kind 'gold' whose spans live in `spans`
like any layer's, so exports, merges and agreement read it unchanged. Its
document status is the document's review status (new: not reviewed,
in_progress: in review, done: reviewed). This migration adds what a plain
span cannot say: where each gold span came from (`gold_provenance`) and the
candidates the reviewer rejected (`review_rejections`).
"""

SQL = """
CREATE TABLE gold_provenance (
    span_id INTEGER PRIMARY KEY REFERENCES spans(id),   -- the gold span
    method TEXT NOT NULL CHECK (method IN ('accepted', 'edited', 'drawn')),
    source_span_id INTEGER,          -- the layer span chosen; no foreign key: layers change later
    source_layers TEXT NOT NULL DEFAULT '[]',           -- JSON: names of layers that proposed it
    source_start INTEGER,            -- the candidate as decided; NULL when drawn
    source_end INTEGER,
    source_label TEXT REFERENCES labels(key) ON UPDATE CASCADE,
    decided_by TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    CHECK ((method = 'drawn') = (source_start IS NULL))
);
CREATE TABLE review_rejections (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    start INTEGER NOT NULL CHECK (start >= 0),
    "end" INTEGER NOT NULL CHECK ("end" > start),
    label TEXT NOT NULL REFERENCES labels(key) ON UPDATE CASCADE,
    layers TEXT NOT NULL DEFAULT '[]',                  -- JSON: names of layers that proposed it
    decided_by TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    UNIQUE (document_id, start, "end", label)
);
"""
