"""Reading another project file for a merge (a read model): checked, read-only, streamed by document.

The other file is opened read-only inside one read transaction (a stable
snapshot even if its owner is still working in it) and never migrated: a
file from an older Barchasb simply lacks the review tables, which read as
empty. Rows come from cursors ordered by document id and are taken one
document at a time, so memory stays flat however large the file is.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.core.errors import InputError, ProjectError
from desktop.core.model import Annotator, Label
from desktop.storage.db import APPLICATION_ID, describe
from desktop.storage.migrations import SCHEMA_VERSION
from desktop.storage.review import provenance_columns, provenance_from_row
from desktop.storage.rows import LABEL_COLUMNS, Row, label_from_row

if TYPE_CHECKING:
    from desktop.storage.merge_facts import FileFacts


class DocumentRows:
    """Rows of a cursor ordered by document id, taken one document at a time."""

    def __init__(self, rows: Iterator[Row]) -> None:
        self._rows = rows
        self._next = next(rows, None)

    def take(self, document_id: int) -> list[Row]:
        out = []
        while self._next is not None and self._next[0] <= document_id:
            if self._next[0] == document_id:
                out.append(self._next)
            self._next = next(self._rows, None)
        return out


@dataclass
class OtherProject:
    path: Path
    conn: sqlite3.Connection
    document_count: int
    has_review: bool

    @property
    def name(self) -> str:
        """How the merge report and progress name it."""
        return str(self.path)

    @property
    def stem(self) -> str:
        """What side layers are suffixed with: `name@stem`."""
        return self.path.stem

    def labels(self) -> list[Label]:
        rows = self.conn.execute(f"SELECT {LABEL_COLUMNS} FROM labels ORDER BY sort_order, key")
        return [label_from_row(row) for row in rows]

    def annotators(self) -> dict[int, Annotator]:
        rows = self.conn.execute("SELECT id, name, kind FROM annotators")
        return {row[0]: Annotator(*row) for row in rows}

    def documents(self) -> Iterator[dict[str, Any]]:
        """Each document as a dict: id, name, text, raw, raw_hash, offsets (JSON or None), meta (a dict)."""
        cursor = self.conn.execute("SELECT id, name, text, raw, raw_hash, offsets, meta FROM documents ORDER BY id")
        keys = ("id", "name", "text", "raw", "raw_hash", "offsets", "meta")
        return ({**dict(zip(keys, row)), "meta": json.loads(row[6])} for row in cursor)

    def spans(self) -> DocumentRows:
        """(document, annotator, start, end, label, origin, note, created_at, provenance or None)."""
        decided = (
            f"{provenance_columns('g')} FROM spans s LEFT JOIN gold_provenance g ON g.span_id = s.id"
            if self.has_review
            else f"{_nulls(8)} FROM spans s"
        )
        rows = self.conn.cursor().execute(
            'SELECT s.document_id, s.annotator_id, s.start, s."end", s.label, s.origin, s.note,'
            f" s.created_at, {decided} ORDER BY s.document_id, s.annotator_id, s.start"
        )
        return DocumentRows(row[:8] + (provenance_from_row(row[8:]),) for row in rows)

    def statuses(self) -> DocumentRows:
        return DocumentRows(
            self.conn.cursor().execute(
                "SELECT document_id, annotator_id, status FROM document_status ORDER BY document_id"
            )
        )

    def rejections(self) -> DocumentRows:
        """(document, start, end, label, layers (a tuple), decided_by, decided_at)."""
        if not self.has_review:
            return DocumentRows(iter(()))
        rows = self.conn.cursor().execute(
            'SELECT document_id, start, "end", label, layers, decided_by, decided_at'
            " FROM review_rejections ORDER BY document_id"
        )
        return DocumentRows(row[:4] + (tuple(json.loads(row[4])),) + row[5:] for row in rows)

    def facts(self) -> FileFacts:
        """Its relation types, attribute fields, entities, relations, values and links."""
        from desktop.storage.merge_facts import FileFacts  # that module reads with DocumentRows from here

        return FileFacts(self.conn)

    def close(self) -> None:
        self.conn.close()


def open_other(path: Path, target: Path) -> OtherProject:
    """Open a project file to merge from, refusing what cannot be merged."""
    if not path.is_file():
        raise ProjectError(f"{path}: no project there")
    if path.resolve() == Path(target).resolve():
        raise InputError("merge.into_itself", project=str(path))
    conn = None
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, check_same_thread=False)
        _check(conn, path)
        conn.execute("BEGIN")
        count = conn.execute("SELECT count(*) FROM documents").fetchone()[0]  # pins the snapshot
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except BaseException as exc:
        if conn is not None:  # refused or unreadable: nothing of it stays open
            conn.close()
        if isinstance(exc, sqlite3.DatabaseError):
            raise describe(exc, path) from exc
        raise
    return OtherProject(path, conn, count, {"gold_provenance", "review_rejections"} <= tables)


def _check(conn: sqlite3.Connection, path: Path) -> None:
    if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
        raise ProjectError(f"{path}: not a Barchasb project")
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise ProjectError(
            f"{path}: made by a newer version of Barchasb (schema {version}); please upgrade before merging it"
        )


def _nulls(count: int) -> str:
    return ", ".join(["NULL"] * count)
