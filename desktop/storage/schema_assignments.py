"""Migration 0005: which documents the manager gave to which annotators (their queues).

One row per (document, annotator): the annotator's queue is their rows in
document order, and their progress is how many of those documents their
layer has marked done. Who assigned it and when are kept with the row; the
history journals every assignment and its removal.
"""

SQL = """
CREATE TABLE assignments (
    document_id INTEGER NOT NULL REFERENCES documents(id),
    annotator_id INTEGER NOT NULL REFERENCES annotators(id),
    assigned_by TEXT NOT NULL,
    assigned_at TEXT NOT NULL,
    PRIMARY KEY (document_id, annotator_id)
) WITHOUT ROWID;
CREATE INDEX assignments_annotator ON assignments(annotator_id, document_id);
"""
