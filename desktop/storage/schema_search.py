"""Migration 0009: the document search index (SQLite; a PostgreSQL project scans).

`_document_search` is an FTS5 table with the trigram tokenizer over each
document's name and text in their index form (`desktop.text.search_form`):
contentless (`content=''`), so it holds the trigrams' postings and not a second
copy of the texts. Folding is Python's, so SQL cannot fill it: a worker indexes
the documents in id order, a batch per transaction, and `_document_search_state`
keeps how far it got (`indexed_upto`: every document with an id up to it is in
the index). Ids only grow (AUTOINCREMENT) and a text never changes, so documents
imported later are simply the ones above the mark; a search asks the index for
those below it and scans the rest (desktop/storage/search_index.py).

The leading underscore marks derived data, as sqlite-utils' migration log: not a
table of the project (storage/tables.py), so a whole-project copy leaves it behind
and the copy's worker builds it again.
"""

SQL = """
CREATE VIRTUAL TABLE _document_search USING fts5(
    name, text, content = '', tokenize = 'trigram case_sensitive 1'
);
CREATE TABLE _document_search_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    indexed_upto INTEGER NOT NULL CHECK (indexed_upto >= 0)
);
INSERT INTO _document_search_state (id, indexed_upto) VALUES (1, 0);
"""
