"""Migration 0008: a covering index for the document list.

A document's row holds its text (kilobytes) next to its name, so listing the
names of a million documents by `SELECT id, name FROM documents` read the
whole 5 GB file (10-20 s). An index on `(id, name)` holds only those two
columns, a few tens of MB, and SQLite answers the list from it alone. Building
it on an old project reads every row once, at the upgrade (about 6 s a million
documents).
"""

SQL = """
CREATE INDEX documents_listing ON documents(id, name);
"""
