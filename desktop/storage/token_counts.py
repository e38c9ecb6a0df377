"""Documents' stored token counts (migration 0007, `document_tokens`).

A count is derived data: how many tokens the tokenizer of version `tokenizer`
finds in the document's text (the caller names the version: storage does not
tokenise). Counts are read with the agreement input; they are written inside an
import's action (`save_token_counts`), or after an agreement pass that had to
count documents, through a connection of its own (`keep_in_file`, any thread).
Nothing is journaled: no user action changes a count.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from contextlib import closing
from pathlib import Path

from desktop.storage.base import RepositoryBase
from desktop.storage.db import BUSY_TIMEOUT_MS

UPSERT = "INSERT OR REPLACE INTO document_tokens (document_id, tokens, tokenizer) VALUES (?, ?, ?)"


def count_rows(counts: Mapping[int, int], tokenizer: int) -> list[tuple[int, int, int]]:
    """The rows of `document_tokens` for {document id: token count}."""
    return [(doc_id, count, tokenizer) for doc_id, count in counts.items()]


class TokenCountsMixin(RepositoryBase):
    def save_token_counts(self, counts: Mapping[int, int], tokenizer: int) -> None:
        """Store documents' token counts (inside `action()`, with the documents they count)."""
        if self._batch is None:
            raise RuntimeError("a change outside Repository.action()")
        if counts:
            self.db.conn.executemany(UPSERT, count_rows(counts, tokenizer))


def keep_in_file(path: Path, counts: Mapping[int, int], tokenizer: int) -> bool:
    """Store counts in a project file through a connection of its own, durably, in one
    transaction; False when the file cannot be written now (read-only, locked past the
    timeout, an older schema): the documents are then simply counted again next time."""
    return keep_rows_in_file(path, UPSERT, count_rows(counts, tokenizer))


def keep_rows_in_file(path: Path, sql: str, rows: Iterable[Sequence[object]]) -> bool:
    """`executemany(sql, rows)` on a project file through a connection of its own, durably, in
    one transaction; False when the file cannot be written now (derived data: a cache)."""
    try:
        uri = f"{Path(path).resolve().as_uri()}?mode=rw"  # never makes a file that is not there
        with closing(sqlite3.connect(uri, uri=True, isolation_level=None)) as conn:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.executemany(sql, rows)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
    except sqlite3.OperationalError:  # read-only, busy, no such table: a cache, not the user's data
        return False
    return True
