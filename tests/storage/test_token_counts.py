"""Stored token counts written from outside an action (storage/token_counts.py): a cache, never a failure."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from desktop.storage.token_counts import keep_in_file
from desktop.workspace import Workspace


def test_counts_are_kept_durably_through_a_connection_of_their_own(tmp_path):
    path = tmp_path / "p.barchasb"
    Workspace.create(path).close()
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("INSERT INTO documents (id, name, content_hash, raw_hash, text, raw, meta, length, created_at)"
                     " VALUES (1, 'a', 'h', 'h', 'سلام دنیا', '', '{}', 9, 't')")  # fmt: skip
    assert keep_in_file(path, {1: 2}, 1)
    assert keep_in_file(path, {1: 3}, 2)  # counted again by a newer tokenizer: replaced
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT * FROM document_tokens").fetchall() == [(1, 3, 2)]


def test_a_file_that_cannot_take_them_is_left_as_it_is(tmp_path):
    missing = tmp_path / "missing.barchasb"
    assert not keep_in_file(missing, {1: 2}, 1)
    assert not missing.exists()  # never made
    old = tmp_path / "old.barchasb"
    with closing(sqlite3.connect(old)) as conn:
        conn.execute("CREATE TABLE documents (id INTEGER PRIMARY KEY)")  # a schema without the table
    assert not keep_in_file(old, {1: 2}, 1)
