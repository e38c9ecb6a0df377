"""What a team does most, on a server: as few round trips as the answer allows.

A span drawn in the window is the action a team does most, and every round trip
to the server is paid by every analyst on every span. The shared mixin
(storage/spans.py) writes the span and its history row in two statements, the
first in a savepoint (the adapter's default for a write: SAVEPOINT and RELEASE
are two more round trips). Here both rows go in one statement, without a
savepoint: nothing in it can fail on a constraint (a duplicate is skipped by
ON CONFLICT, a missing document, label or annotator is looked for first), so
a refused span leaves the transaction usable and the action may go on, as the
store contract has it.

The document list a window reads at open comes in one query (names, this
annotator's statuses and span counts joined by the server) instead of three
merged in Python: one round trip and one pass over 100,000 rows.

A document's length is read once per store: documents are never deleted and
their text never changes (nothing UPDATEs `documents`), so an id's length stays
what it was when first read.
"""

from __future__ import annotations

import dataclasses
import sqlite3

from desktop.core.clock import now
from desktop.core.model import Span, Status
from desktop.storage.documents import DocumentListing, DocumentsMixin
from desktop.storage.postgres.adapter import PgDatabase
from desktop.storage.rows import dumps, span_from_row, span_to_dict
from desktop.storage.spans import _ROW_ORDER, SpansMixin, _conflict, _stamps

# The span's row and its history row in one statement. The history's `after` is the row's JSON
# (encoded by Python, byte for byte as `record` writes it) with the id the trigger gave spliced in.
# A conflict leaves the transaction usable without a savepoint: a duplicate is skipped (ON CONFLICT)
# and a missing document, label or annotator is looked for first (no foreign key fails); either way
# no row comes back and the action goes on, as the contract has it (a caller may catch the conflict).
_INSERT_SPAN = (
    'WITH s AS (INSERT INTO spans (id, document_id, start, "end", label, annotator_id, origin, note,'
    " created_at, updated_at) SELECT %(id)s::bigint, %(document_id)s::bigint, %(start)s::integer,"
    " %(end)s::integer, %(label)s::text, %(annotator_id)s::bigint, %(origin)s::text, %(note)s::text,"
    " %(created_at)s::text, %(updated_at)s::text"
    " WHERE EXISTS (SELECT 1 FROM documents WHERE id = %(document_id)s::bigint)"
    " AND EXISTS (SELECT 1 FROM labels WHERE key = %(label)s::text)"
    " AND EXISTS (SELECT 1 FROM annotators WHERE id = %(annotator_id)s::bigint)"
    " ON CONFLICT DO NOTHING RETURNING id),"
    " h AS (INSERT INTO history (at, actor, action, entity, entity_id, document_id, batch, before, after)"
    " SELECT %(at)s, %(actor)s, %(action)s, 'span', s.id::text, %(document_id)s::bigint, %(batch)s, NULL,"
    " %(head)s || s.id::text || %(tail)s FROM s)"
    " SELECT id FROM s"
)
_MISSING = (
    "SELECT NOT EXISTS (SELECT 1 FROM documents WHERE id = %s) OR NOT EXISTS (SELECT 1 FROM labels WHERE key = %s)"
    " OR NOT EXISTS (SELECT 1 FROM annotators WHERE id = %s)"
)
_LISTING = """
SELECT d.id, d.name, s.status, coalesce(c.n, 0)
FROM documents d
LEFT JOIN document_status s ON s.document_id = d.id AND s.annotator_id = %(me)s
LEFT JOIN (SELECT document_id, count(*) AS n FROM spans WHERE annotator_id = %(me)s GROUP BY document_id) c
    ON c.document_id = d.id
ORDER BY d.id
"""
_STATUSES = {status.value: status for status in Status}
_ID_MARK = '"id":null'  # where the id goes: never inside a JSON string, whose quotes are escaped


class PostgresFastPaths(DocumentsMixin, SpansMixin):
    """`insert_span` in one statement, the document list in one query, lengths remembered (before the shared mixins)."""

    pg: PgDatabase

    def document_length(self, doc_id: int) -> int:
        lengths: dict[int, int] = self.__dict__.setdefault("_lengths", {})
        length = lengths.get(doc_id)
        if length is None:
            length = lengths[doc_id] = super().document_length(doc_id)
        return length

    def document_listing(self, annotator_id: int, ids: list[int] | None = None) -> DocumentListing:
        if ids is not None:  # a few rows (a refresh of some): the shared queries
            return super().document_listing(annotator_id, ids)
        with self.pg.errors():
            rows = self.pg.raw.execute(_LISTING, {"me": annotator_id}).fetchall()
        new = Status.NEW
        return DocumentListing(
            [row[0] for row in rows],
            [row[1] for row in rows],
            [new if row[2] is None else _STATUSES[row[2]] for row in rows],
            [row[3] for row in rows],
        )

    def insert_span(self, span: Span, *, action: str = "span.create") -> Span:
        """Store a span and its history row in one statement (keeping `span.id` when given)."""
        if self._batch is None:
            raise RuntimeError("a change outside Repository.action()")
        stamp = now()
        values = span_to_dict(span)
        values["created_at"], values["updated_at"] = span.created_at or stamp, stamp
        head, mark, tail = dumps({**values, "id": None}).partition(_ID_MARK)
        params = {**values, "at": stamp, "actor": self._actor, "action": action, "batch": self._batch}
        params |= {"head": head + mark.removesuffix("null"), "tail": tail}
        try:
            with self.pg.errors("spans"):
                row = self.pg.raw.execute(_INSERT_SPAN, params).fetchone()
        except sqlite3.IntegrityError as exc:
            raise _conflict(exc, dataclasses.replace(span, **_stamps(values))) from exc
        if row is None:  # nothing written: say why, in the words SQLite's refusal would give
            raise _conflict(self._refusal(span), dataclasses.replace(span, **_stamps(values)))
        values["id"] = int(row[0])
        return span_from_row(tuple(values[key] for key in _ROW_ORDER))

    def _refusal(self, span: Span) -> sqlite3.IntegrityError:
        with self.pg.errors("spans"):
            row = self.pg.raw.execute(_MISSING, [span.document_id, span.label, span.annotator_id]).fetchone()
        if row is not None and row[0]:
            return sqlite3.IntegrityError("FOREIGN KEY constraint failed")
        return sqlite3.IntegrityError(f"UNIQUE constraint failed: spans (document {span.document_id})")
