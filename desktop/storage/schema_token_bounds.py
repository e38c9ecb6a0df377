"""Migration 0010: each document's token and sentence boundaries, kept so exports need not tokenise.

`jsonl --tokens`, hf, CoNLL and spaCy exports need every token of every document;
tokenising is about half of what such an export costs, and a document's text never
changes once labelled. `_document_token_bounds` keeps, per document, the boundaries
of `desktop.text.tokens.tokenize` and `sentences` (start, end, start, end, ...) as the
steps from one to the next, uint32 little-endian, zlib-compressed (desktop/text/token_batch.py
packs them: about 1.5 bytes a token, a sixth of the text's size), with the `tokenizer`
version that made them: a row of another version is ignored and made again. Rows are
written by the first large token-based export that tokenised the documents
(desktop/workspace/export/stored_tokens.py), through a connection of its own; nothing
is journaled (no user action changes a boundary).

Derived data, like the search index (migration 0009): the leading underscore keeps it
out of the project's tables (storage/tables.py), so a whole-project copy leaves it
behind and the copy's first export makes it again. A PostgreSQL project tokenises at
each export (its step only holds the versions equal). No foreign key: ids are never
reused, so a row can never describe another document.
"""

SQL = """
CREATE TABLE _document_token_bounds (
    document_id INTEGER PRIMARY KEY,
    tokenizer INTEGER NOT NULL,  -- desktop.text.tokens.TOKENIZER_VERSION
    tokens BLOB NOT NULL,        -- tokenize(text), packed
    sentences BLOB NOT NULL      -- sentences(text), packed
);
"""
