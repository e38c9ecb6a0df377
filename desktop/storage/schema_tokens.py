"""Migration 0007: each document's token count, kept so agreement need not tokenise it again.

Token kappa and alpha count every token of a document, though only the tokens
near spans carry a label: with the count stored, agreement tokenises only the
stretches around spans (desktop/workspace/agreement/tokens.py). A row is
derived data: `tokenizer` names the version of `desktop.text.tokens.tokenize`
that counted it, so a row of another version is ignored and counted again. Rows
are written by the import of normalised text and, for documents without one
(old projects, other imports), by the first agreement run that reads them;
nothing is journaled (no user action changes a count).
"""

SQL = """
CREATE TABLE document_tokens (
    document_id INTEGER PRIMARY KEY REFERENCES documents(id),
    tokens INTEGER NOT NULL CHECK (tokens >= 0),  -- len(tokenize(text))
    tokenizer INTEGER NOT NULL                    -- desktop.text.tokens.TOKENIZER_VERSION
);
"""
