"""The gold layer, its provenance and the review's rejections.

A gold span is a row of `spans` in the gold annotator's layer plus one row
of `gold_provenance`; both are written and removed together, and both are
journaled, so the history shows every decision.
"""

from __future__ import annotations

import json
import sqlite3
from typing import TYPE_CHECKING, Literal, overload

from desktop.core.clock import now
from desktop.core.errors import ConflictError, NotFound
from desktop.core.ids import stored_id
from desktop.core.model import Annotator, Span, Status
from desktop.core.review import Provenance, Rejection
from desktop.storage.base import RepositoryBase
from desktop.storage.rows import Row, dumps

GOLD_NAME = "gold"
_PROVENANCE_FIELDS = (
    "method",
    "decided_by",
    "decided_at",
    "source_span_id",
    "source_layers",
    "source_start",
    "source_end",
    "source_label",
)
_REJECTION_COLUMNS = 'id, document_id, start, "end", label, layers, decided_by, decided_at'


def provenance_columns(table: str = "") -> str:
    """The provenance columns in `provenance_from_row`'s order, qualified by `table`."""
    return ", ".join(f"{table}.{c}" if table else c for c in _PROVENANCE_FIELDS)


def provenance_from_row(row: Row) -> Provenance | None:
    """A provenance from `provenance_columns()` (None when all NULL: no provenance)."""
    method, by, at, span_id, layers, start, end, label = row
    if method is None:
        return None
    source = None if start is None else (start, end, label)
    return Provenance(method, by, at, span_id, tuple(json.loads(layers)), source)


def _rejection_from_row(row: Row) -> Rejection:
    rid, doc, start, end, label, layers, by, at = row
    return Rejection(doc, start, end, label, tuple(json.loads(layers)), by, at, rid)


class ReviewMixin(RepositoryBase):
    """The gold layer: spans of the gold annotator, with provenance."""

    if TYPE_CHECKING:  # what it uses of SpansMixin and LabelsMixin, which `Repository` puts first

        def find_annotator(self, name: str) -> Annotator | None: ...
        def ensure_annotator(self, name: str, kind: str = "human") -> Annotator: ...
        def span(self, span_id: int) -> Span: ...
        def spans(self, document_id: int, annotator_id: int | None = None) -> list[Span]: ...
        def insert_span(self, span: Span, *, action: str = "span.create") -> Span: ...
        def delete_span(self, span_id: int, *, action: str = "span.delete") -> Span: ...

    # --- the gold layer -----------------------------------------------------------------

    @overload
    def gold_annotator(self, *, create: Literal[True]) -> Annotator: ...
    @overload
    def gold_annotator(self, *, create: bool = False) -> Annotator | None: ...
    def gold_annotator(self, *, create: bool = False) -> Annotator | None:
        """The project's gold layer (its first annotator of kind gold); with
        `create`, made on first use (inside an action) as "gold", or "gold-review"
        when a human layer already has that name."""
        row = self.db.execute(
            "SELECT id, name, kind FROM annotators WHERE kind = 'gold' ORDER BY id LIMIT 1"
        ).fetchone()
        if row is not None or not create:
            return None if row is None else Annotator(*row)
        name = GOLD_NAME if self.find_annotator(GOLD_NAME) is None else f"{GOLD_NAME}-review"
        return self.ensure_annotator(name, "gold")

    def review_statuses(self) -> dict[int, Status]:
        """Every document's review status, as the gold layer's document status."""
        gold = self.gold_annotator()
        statuses = {doc: Status.NEW for (doc,) in self.db.execute("SELECT id FROM documents")}
        if gold is not None:
            rows = self.db.execute("SELECT document_id, status FROM document_status WHERE annotator_id = ?", [gold.id])
            statuses.update((doc, Status(status)) for doc, status in rows)
        return statuses

    def insert_gold(self, span: Span, provenance: Provenance | None, *, action: str = "review.accept") -> Span:
        """Store a gold span with its provenance (keeping `span.id` when given)."""
        stored = self.insert_span(span, action=action)
        if provenance is not None:
            self._insert_provenance(stored, provenance, action)
        return stored

    def _insert_provenance(self, span: Span, p: Provenance, action: str) -> None:
        start, end, label = p.source if p.source is not None else (None, None, None)
        self.db.execute(
            f"INSERT INTO gold_provenance (span_id, {provenance_columns()}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                span.id,
                str(p.method),
                p.decided_by,
                p.decided_at or now(),
                p.source_span_id,
                dumps(list(p.source_layers)),
                start,
                end,
                label,
            ],
        )
        self.record(action, "provenance", span.id, span.document_id, None, p.as_dict())

    def delete_gold(self, span_id: int, *, action: str = "review.retract") -> tuple[Span, Provenance | None]:
        """Remove a gold span and its provenance; returns both as they were."""
        span = self.span(span_id)
        provenance = self.provenance([span_id]).get(span_id)
        if provenance is not None:
            self.db.execute("DELETE FROM gold_provenance WHERE span_id = ?", [span_id])
            self.record(action, "provenance", span_id, span.document_id, provenance.as_dict(), None)
        return self.delete_span(span_id, action=action), provenance

    def provenance(self, span_ids: list[int]) -> dict[int, Provenance]:
        found: dict[int, Provenance] = {}
        for i in range(0, len(span_ids), 500):
            chunk = span_ids[i : i + 500]
            rows = self.db.execute(
                f"SELECT span_id, {provenance_columns()} FROM gold_provenance"
                f" WHERE span_id IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            for row in rows:
                # `method` is NOT NULL in this table, so every row has a provenance.
                if (provenance := provenance_from_row(row[1:])) is not None:
                    found[row[0]] = provenance
        return found

    def gold_spans(self, document_id: int) -> list[tuple[Span, Provenance | None]]:
        """The document's gold spans in text order, each with its provenance."""
        gold = self.gold_annotator()
        if gold is None:
            return []
        spans = self.spans(document_id, gold.id)
        found = self.provenance([stored_id(s) for s in spans])
        return [(s, found.get(stored_id(s))) for s in spans]

    # --- rejections ---------------------------------------------------------------------

    def rejections(self, document_id: int) -> list[Rejection]:
        rows = self.db.execute(
            f'SELECT {_REJECTION_COLUMNS} FROM review_rejections WHERE document_id = ? ORDER BY start, "end", label',
            [document_id],
        )
        return [_rejection_from_row(row) for row in rows]

    def insert_rejection(self, rejection: Rejection, *, action: str = "review.reject") -> Rejection:
        """Store a rejection (keeping its id when given, as a redo does)."""
        r = rejection
        try:
            cursor = self.db.execute(
                f"INSERT INTO review_rejections ({_REJECTION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    r.id,
                    r.document_id,
                    r.start,
                    r.end,
                    r.label,
                    dumps(list(r.layers)),
                    r.decided_by,
                    r.decided_at or now(),
                ],
            )
        except sqlite3.IntegrityError as exc:
            raise ConflictError(f"{r.label} [{r.start}, {r.end}) is already rejected") from exc
        stored = self.db.execute(
            f"SELECT {_REJECTION_COLUMNS} FROM review_rejections WHERE id = ?", [cursor.lastrowid]
        ).fetchone()
        made = _rejection_from_row(stored)
        self.record(action, "rejection", made.id, made.document_id, None, _rejection_dict(made))
        return made

    def delete_rejection(self, rejection_id: int, *, action: str = "review.unreject") -> Rejection:
        row = self.db.execute(
            f"SELECT {_REJECTION_COLUMNS} FROM review_rejections WHERE id = ?", [rejection_id]
        ).fetchone()
        if row is None:
            raise NotFound(f"no rejection #{rejection_id}")
        before = _rejection_from_row(row)
        self.db.execute("DELETE FROM review_rejections WHERE id = ?", [rejection_id])
        self.record(action, "rejection", rejection_id, before.document_id, _rejection_dict(before), None)
        return before


def _rejection_dict(r: Rejection) -> dict[str, object]:
    return {
        "id": r.id,
        "document_id": r.document_id,
        "start": r.start,
        "end": r.end,
        "label": r.label,
        "layers": list(r.layers),
        "decided_by": r.decided_by,
        "decided_at": r.decided_at,
    }
