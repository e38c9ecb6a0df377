"""Migration 0006: relations in review.

A gold relation is a row of `relations` in the gold layer, joining two gold
spans; this migration adds what a plain relation cannot say: where it came from
(`gold_relation_provenance`, one row per gold relation) and the relation
candidates the reviewer rejected (`review_relation_rejections`). A candidate is
named by its ends' offsets and labels and its type, as layers are compared; the
label and type keys are plain text (no foreign key), so a label or type removed
later leaves a rejection that simply matches nothing. The provenance row goes
with its relation (ON DELETE CASCADE) on paths that are not review's own; review
removes it first, journaled, so undo brings it back.
"""

SQL = """
CREATE TABLE gold_relation_provenance (
    relation_id INTEGER PRIMARY KEY REFERENCES relations(id) ON DELETE CASCADE,
    method TEXT NOT NULL CHECK (method IN ('accepted', 'edited', 'drawn')),
    source_relation_id INTEGER,      -- the layer relation chosen; no foreign key: layers change later
    source_layers TEXT NOT NULL DEFAULT '[]',           -- JSON: names of layers that drew it
    source_head_start INTEGER,       -- the candidate as decided; NULL when drawn
    source_head_end INTEGER,
    source_head_label TEXT,
    source_tail_start INTEGER,
    source_tail_end INTEGER,
    source_tail_label TEXT,
    source_type TEXT,
    decided_by TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    CHECK ((method = 'drawn') = (source_type IS NULL))
);
CREATE TABLE review_relation_rejections (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    head_start INTEGER NOT NULL CHECK (head_start >= 0),
    head_end INTEGER NOT NULL CHECK (head_end > head_start),
    head_label TEXT NOT NULL,
    tail_start INTEGER NOT NULL CHECK (tail_start >= 0),
    tail_end INTEGER NOT NULL CHECK (tail_end > tail_start),
    tail_label TEXT NOT NULL,
    type TEXT NOT NULL,
    layers TEXT NOT NULL DEFAULT '[]',                  -- JSON: names of layers that drew it
    decided_by TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    UNIQUE (document_id, head_start, head_end, head_label, tail_start, tail_end, tail_label, type)
);
"""
