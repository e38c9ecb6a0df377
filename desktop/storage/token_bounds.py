"""Documents' stored token and sentence boundaries (migration 0010, `_document_token_bounds`).

Derived data, as the token counts (storage/token_counts.py): the caller names the
tokenizer version and hands the boundaries packed (storage never tokenises). Rows
are read with the export's documents (storage/export_source.py) and written by an
export that had to tokenise, through a connection of its own (`keep_in_file`, any
thread), a batch per transaction. Nothing is journaled.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from desktop.storage.token_counts import keep_rows_in_file

# (document id, tokenizer version, packed tokens, packed sentences)
BoundsRow = tuple[int, int, bytes, bytes]
UPSERT = "INSERT OR REPLACE INTO _document_token_bounds (document_id, tokenizer, tokens, sentences) VALUES (?, ?, ?, ?)"
# The columns export reads beside each document: NULLs where none is stored for the version asked.
JOIN = "LEFT JOIN _document_token_bounds b ON b.document_id = d.id AND b.tokenizer = ?"


def keep_in_file(path: Path, rows: Sequence[BoundsRow]) -> bool:
    """Store boundaries in a project file through a connection of its own, durably, in one
    transaction; False when the file cannot be written now (read-only, locked past the
    timeout, an older schema): the documents are then simply tokenised again next time."""
    if not rows:
        return True
    return keep_rows_in_file(path, UPSERT, rows)
