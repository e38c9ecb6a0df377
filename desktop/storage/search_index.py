"""The document search index of a project file: built by batches, asked by phrases.

Migration 0009 (storage/schema_search.py) says what the tables hold. Building
reads the next documents above `indexed_upto` in id order, folds them outside
any transaction, then writes their postings and the new mark in one short write
transaction (the window's own writes wait for at most one batch); a build killed
midway lost only the batch it was folding. `search_index` gives None for a
store that has no index (a PostgreSQL project): its searches scan.

Nothing takes a document out of the index: no action deletes or changes a stored
document (tests/storage/test_search_index.py checks the code for it), so an indexed
id always names the text it was indexed from. Should one ever be deleted, the same
transaction must first tell the contentless index the values it holds (FTS5's
'delete' command with the old name and text in index form), or searches would
still find it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

from desktop.storage.base import JournalMark
from desktop.storage.contract import ProjectStore
from desktop.storage.db import describe, open_database, write_transaction
from desktop.storage.plain_db import ProjectDatabase
from desktop.storage.repository import Repository
from desktop.text.search_form import index_form

_INSERT = "INSERT INTO _document_search (rowid, name, text) VALUES (?, ?, ?)"


class SearchIndex:
    """The index of one open project file (one connection: a worker opens its own)."""

    def __init__(self, db: ProjectDatabase, path: object = "") -> None:
        self.db, self._path = db, str(path)

    def close(self) -> None:
        self.db.close()

    def indexed_upto(self) -> int:
        """Every document with an id up to this one is in the index."""
        upto: int = self.db.execute("SELECT indexed_upto FROM _document_search_state").fetchone()[0]
        return upto

    def pending(self) -> int:
        """Documents not in the index yet (counted on the primary key, no text read)."""
        count: int = self.db.execute("SELECT count(*) FROM documents WHERE id > ?", [self.indexed_upto()]).fetchone()[0]
        return count

    def match(self, phrases: list[str], upto: int, limit: int = -1) -> set[int]:
        """Ids up to `upto` whose name or text (index form) contains one of `phrases`; with
        a `limit`, the lowest ids only (FTS5 stops early: a page of a common word is quick)."""
        expression = " OR ".join('"' + phrase.replace('"', '""') + '"' for phrase in phrases)
        rows = self.db.execute(
            "SELECT rowid FROM _document_search WHERE _document_search MATCH ? AND rowid <= ?"
            + (" ORDER BY rowid LIMIT ?" if limit >= 0 else ""),
            [expression, upto, limit] if limit >= 0 else [expression, upto],
        )
        return {row[0] for row in rows}

    def texts_above(self, upto: int) -> Iterator[tuple[int, str, str]]:
        """(id, name, text) of the documents the index does not hold yet, in id order."""
        yield from self.db.execute("SELECT id, name, text FROM documents WHERE id > ? ORDER BY id", [upto])

    def index_next(self, limit: int) -> int:
        """Index up to `limit` more documents in one transaction; how many were added
        (0 once every document is in, or when another connection moved the mark first)."""
        upto = self.indexed_upto()
        rows = self.db.execute(
            "SELECT id, name, text FROM documents WHERE id > ? ORDER BY id LIMIT ?", [upto, limit]
        ).fetchall()
        forms = [(doc_id, index_form(name), index_form(text)) for doc_id, name, text in rows]
        if not forms:
            return 0
        try:
            with write_transaction(self.db):
                if self.indexed_upto() != upto:  # another window's worker got there first
                    return 0
                self.db.conn.executemany(_INSERT, forms)
                self.db.execute("UPDATE _document_search_state SET indexed_upto = ?", [forms[-1][0]])
        except sqlite3.DatabaseError as exc:  # busy, disk full, read-only
            raise describe(exc, self._path) from exc
        return len(forms)


def search_index(store: ProjectStore) -> SearchIndex | None:
    """The index of this store's project, or None where there is none (a server project)."""
    if not isinstance(store, Repository):
        return None
    return SearchIndex(store.db, store.path)


def journal_mark(store: ProjectStore) -> JournalMark:
    """What moves with every change a window shows (the history, the ids handed out) and never
    with an index build: told apart from `external_change_token`, which any commit moves."""
    return store.journal_mark() if isinstance(store, Repository) else ()


def follow_own_marks(store: ProjectStore, on: bool) -> None:
    """Have the store's actions note the marks they found and left (a file's: see
    `RepositoryBase.take_own_run`); a server project has no marks."""
    if isinstance(store, Repository):
        store.follow_own_marks(on)


def take_own_run(store: ProjectStore) -> tuple[JournalMark, JournalMark] | None:
    """The store's own actions' run of marks since the last take (None: none, or a server)."""
    return store.take_own_run() if isinstance(store, Repository) else None


def index_location(store: ProjectStore) -> Path | None:
    """The project file whose index a worker may build, or None (a server project)."""
    return store.path if isinstance(store, Repository) else None


def open_search_index(path: Path) -> SearchIndex:
    """The index of the project file at `path`, on a connection of its own (a worker's)."""
    return SearchIndex(open_database(path), path)
