"""Spans: the labels analysts draw, one annotator's layer at a time."""

from __future__ import annotations

import dataclasses
import sqlite3
from functools import partial
from operator import itemgetter
from typing import TYPE_CHECKING, Any, TypedDict, cast

from desktop.core.clock import now
from desktop.core.errors import ConflictError, NotFound
from desktop.core.ids import stored_id
from desktop.core.model import Origin, Span
from desktop.storage.base import RepositoryBase, Snapshot
from desktop.storage.rows import SPAN_COLUMNS, RawJson, dumps, span_from_row, span_to_dict

if TYPE_CHECKING:
    from desktop.storage.background import Background

_EDITABLE = {"start", "end", "label", "note", "origin"}


class SpansMixin(RepositoryBase):
    def span(self, span_id: int) -> Span:
        row = self.db.execute(f"SELECT {SPAN_COLUMNS} FROM spans WHERE id = ?", [span_id]).fetchone()
        if row is None:
            raise NotFound(f"no span #{span_id}")
        return span_from_row(row)

    def spans(self, document_id: int, annotator_id: int | None = None) -> list[Span]:
        sql = f"SELECT {SPAN_COLUMNS} FROM spans WHERE document_id = ?"
        params: list[int] = [document_id]
        if annotator_id is not None:
            sql += " AND annotator_id = ?"
            params.append(annotator_id)
        # Ordered here rather than by SQLite, whose temporary b-tree for the order costs
        # a third of reading a 20,000-span layer.
        rows = self.db.conn.execute(sql, params).fetchall()
        rows.sort(key=_IN_TEXT_ORDER)
        return [span_from_row(row) for row in rows]

    def span_ranges(self, document_id: int, annotator_id: int) -> list[tuple[int, int, int, str]]:
        """(id, start, end, label) of a layer's spans, in no set order: what drawing the layer needs.
        Opening a document paints from these; on SQLite the unique index alone answers, in a third
        of the time `spans` takes for a 20,000-span layer (no row lookups, no Span objects)."""
        sql = 'SELECT id, start, "end", label FROM spans WHERE document_id = ? AND annotator_id = ?'
        return self.db.conn.execute(sql, [document_id, annotator_id]).fetchall()

    def spans_by_ids(self, span_ids: list[int]) -> dict[int, Span]:
        """The spans with these ids that still exist."""
        found: dict[int, Span] = {}
        for i in range(0, len(span_ids), 500):
            chunk = span_ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(f"SELECT {SPAN_COLUMNS} FROM spans WHERE id IN ({marks})", chunk)
            found.update((row[0], span_from_row(row)) for row in rows)
        return found

    def insert_span(self, span: Span, *, action: str = "span.create") -> Span:
        """Store a span (keeping `span.id` when given, as a restore does)."""
        stamp = now()
        values = span_to_dict(span)
        values["created_at"], values["updated_at"] = span.created_at or stamp, stamp
        try:
            cursor = self.db.conn.execute(
                'INSERT INTO spans (id, document_id, start, "end", label, annotator_id, origin,'
                " note, created_at, updated_at) VALUES (:id, :document_id, :start, :end, :label,"
                " :annotator_id, :origin, :note, :created_at, :updated_at)",
                values,
            )
        except sqlite3.IntegrityError as exc:
            raise _conflict(exc, dataclasses.replace(span, **_stamps(values))) from exc
        values["id"] = cursor.lastrowid
        self.record(action, "span", values["id"], span.document_id, None, values)
        # `span` was checked when it was made; only the id and stamps are new.
        return span_from_row(tuple(values[key] for key in _ROW_ORDER))

    def insert_spans(self, spans: list[Span], *, action: str = "span.create") -> list[int]:
        """Store new spans (without ids) with one statement for the rows and one for the
        history: the rows `insert_span` would write one by one. Returns their ids."""
        if not spans:
            return []
        first, stamp = self.next_id("spans"), now()
        on_sqlite = isinstance(self.db.conn, sqlite3.Connection)
        try:
            with self.db.atomic():  # a conflict undoes the rows, then names its span
                if on_sqlite and _one_layer_run(spans):
                    self._insert_run(spans, first, stamp)
                    rows = None
                else:
                    rows = _span_rows(spans, first, stamp)
                    self.db.conn.executemany(
                        'INSERT INTO spans (id, document_id, start, "end", label, annotator_id, origin,'
                        " note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        rows,
                    )
        except sqlite3.IntegrityError:
            return [stored_id(self.insert_span(span, action=action)) for span in spans]
        if on_sqlite and not any(s.note for s in spans):
            self._span_history_in_sql(action, first, first + len(spans) - 1)
        else:
            rows = rows or _span_rows(spans, first, stamp)
            json = _SpanJson()
            history: list[tuple[object, int | None, Snapshot, Snapshot]] = [
                (r[0], r[1], None, json(cast(_SpanRow, dict(zip(_ROW_ORDER, r))))) for r in rows
            ]
            self.record_many(action, "span", history)
        return list(range(first, first + len(spans)))

    def insert_spans_later(
        self,
        spans: list[Span],
        first: int,
        later: Background,
        *,
        action: str,
        streamed: int = 0,
        stamp: str | None = None,
    ) -> list[int] | None:
        """`insert_spans`' two statements (rows, history) handed to `later`, ids from `first`
        (`next_span_id()` taken in the same action): spans of one layer run without notes on
        SQLite, whose writer can make no conflict (an import's, checked against the layers'
        keys). None, and nothing written, for any other spans: `insert_spans` them. With
        `streamed`, rows `first`.. of that many were written already (`stream_span_rows`):
        `spans` come after them and the history covers both."""
        if not spans and not streamed:
            return []
        if spans and (
            not (isinstance(self.db.conn, sqlite3.Connection) and _one_layer_run(spans)) or any(s.note for s in spans)
        ):
            return None
        if spans:
            self._insert_run(spans, first + streamed, stamp or now(), later)
        self._span_history_in_sql(action, first, first + streamed + len(spans) - 1, later)
        return list(range(first + streamed, first + streamed + len(spans)))

    def start_span_stream(self) -> int | None:
        """Before `stream_span_rows`, inside the import's action: the id the first streamed span
        gets, and the connection's foreign keys checked at COMMIT instead of per row for the rest
        of the transaction (span rows go in before the labels and the layer they name are stored,
        so that those keep their place in the history). None (nothing changed) off SQLite."""
        conn = self.db.conn
        if not isinstance(conn, sqlite3.Connection) or not conn.in_transaction:
            return None
        conn.execute("PRAGMA defer_foreign_keys = ON")  # (SQLite turns it off at COMMIT or ROLLBACK)
        return self.next_id("spans")

    def stream_span_rows(
        self, rows: list[tuple[int, int, int, str]], first: int, stamp: str, later: Background, layer: int
    ) -> bool:
        """The rows `insert_spans_later` writes for new spans of `layer`, origin imported, no note,
        made at `stamp` (an import's), given as (document, start, end, label) in the span rows'
        order, ids from `first`, handed to `later` without their history
        (`insert_spans_later(..., streamed=)` writes it after the rest): no `Span` a row (doccano-1k:
        5,000 of them, ~4 ms of the calling thread's read). False, and nothing written, off SQLite."""
        if not (isinstance(self.db.conn, sqlite3.Connection) and rows):
            return False
        origin = str(Origin.IMPORTED)
        later.submit(self.db.conn.execute, _INSERT_RUN, [first, layer, origin, "", stamp, stamp, dumps(rows)])
        return True

    def unstream_span_rows(self, first: int, last: int, later: Background) -> None:
        """Take back the rows `stream_span_rows` wrote, ids `first`..`last` (no history was written
        for them): the spans that came after need ids among theirs and are written again with them."""
        later.submit(self.db.conn.execute, "DELETE FROM spans WHERE id BETWEEN ? AND ?", [first, last])

    def _insert_run(self, spans: list[Span], first: int, stamp: str, later: Background | None = None) -> None:
        """Spans of one layer, origin, note and creation time in one statement: SQLite reads
        their offsets and labels from one JSON array (what an import writes; a third less
        time than a statement per row, and no Python tuple per span)."""
        head = spans[0]
        run = self.db.conn.execute if later is None else partial(later.submit, self.db.conn.execute)
        run(
            _INSERT_RUN,
            [
                first,
                head.annotator_id,
                str(head.origin),
                head.note,
                head.created_at or stamp,
                stamp,
                dumps([[s.document_id, s.start, s.end, s.label] for s in spans]),
            ],
        )

    def _span_history_in_sql(self, action: str, first: int, last: int, later: Background | None = None) -> None:
        """The history rows of spans `first`..`last` just written, their JSON made by SQLite from
        the rows (no Python per span: a quarter of an import's time). The same bytes as `dumps`
        of `span_to_dict` for notes-free spans (keys sorted, compact; the other text values are
        label keys, an origin and timestamps, which neither encoder escapes), tested."""
        if self._batch is None:
            raise RuntimeError("a change outside Repository.action()")
        run = self.db.conn.execute if later is None else partial(later.submit, self.db.conn.execute)
        run(
            "INSERT INTO history (at, actor, action, entity, entity_id, document_id, batch, before, after)"
            " SELECT ?, ?, ?, 'span', CAST(id AS TEXT), document_id, ?, NULL, json_object("
            "'annotator_id', annotator_id, 'created_at', created_at, 'document_id', document_id,"
            " 'end', \"end\", 'id', id, 'label', label, 'note', note, 'origin', origin, 'start', start,"
            " 'updated_at', updated_at) FROM spans WHERE id BETWEEN ? AND ? ORDER BY id",
            [now(), self._actor, action, self._batch, first, last],
        )

    def delete_span(self, span_id: int, *, action: str = "span.delete") -> Span:
        before = self.span(span_id)
        self.db.execute("DELETE FROM spans WHERE id = ?", [span_id])
        self.record(action, "span", span_id, before.document_id, span_to_dict(before), None)
        return before

    def update_span(self, span_id: int, *, action: str = "span.update", **changes: Any) -> tuple[Span, Span]:
        """Change a span's offsets, label, note or origin; returns (before, after)."""
        unknown = set(changes) - _EDITABLE
        if unknown:
            raise ValueError(f"cannot change {sorted(unknown)} of a span")
        before = self.span(span_id)
        after = dataclasses.replace(before, **changes, updated_at=now())
        try:
            self.db.execute(
                'UPDATE spans SET start = ?, "end" = ?, label = ?, note = ?, origin = ?, updated_at = ? WHERE id = ?',
                [after.start, after.end, after.label, after.note, str(after.origin), after.updated_at, span_id],
            )
        except sqlite3.IntegrityError as exc:
            raise _conflict(exc, after) from exc
        self.record(action, "span", span_id, before.document_id, span_to_dict(before), span_to_dict(after))
        return before, after

    def span_count(self) -> int:
        count: int = self.scalar("SELECT count(*) FROM spans")
        return count


_IN_TEXT_ORDER = itemgetter(2, 3, 0)  # start, end, id of a SPAN_COLUMNS row
# Span rows of one layer, origin, note and time: their (document, start, end, label) read from one JSON array.
_INSERT_RUN = (
    'INSERT INTO spans (id, document_id, start, "end", label, annotator_id, origin, note, created_at,'
    " updated_at) SELECT ? + key, json_extract(value, '$[0]'), json_extract(value, '$[1]'),"
    " json_extract(value, '$[2]'), json_extract(value, '$[3]'), ?, ?, ?, ?, ? FROM json_each(?) ORDER BY key"
)


def _span_rows(spans: list[Span], first: int, stamp: str) -> list[tuple[Any, ...]]:
    """The rows `insert_spans` writes (`_ROW_ORDER`), ids from `first`."""
    return [
        (first + i, s.document_id, s.start, s.end, s.label, s.annotator_id, str(s.origin), s.note)
        + (s.created_at or stamp, stamp)
        for i, s in enumerate(spans)
    ]


def _one_layer_run(spans: list[Span]) -> bool:
    """Whether the spans share what `_insert_run` writes once for all (layer, origin, note, creation)."""
    head = spans[0]
    shared = (head.annotator_id, head.origin, head.note, head.created_at)
    return all((s.annotator_id, s.origin, s.note, s.created_at) == shared for s in spans)


class _SpanRow(TypedDict):
    """A new span's row as `insert_spans` writes it (`span_to_dict` with the origin as text)."""

    id: int
    document_id: int
    start: int
    end: int
    label: str
    annotator_id: int
    origin: str
    note: str
    created_at: str
    updated_at: str


class _SpanJson:
    """`dumps(span_to_dict(...))` for many spans, ten times faster: the text fields repeat
    (one label set, one timestamp), so each is encoded once; the keys are in dumps' order."""

    def __init__(self) -> None:
        self._strings: dict[str, str] = {}

    def _str(self, value: str) -> str:
        encoded = self._strings.get(value)
        if encoded is None:
            encoded = self._strings[value] = dumps(value)
        return encoded

    def __call__(self, r: _SpanRow) -> RawJson:
        s = self._str
        return RawJson(
            f'{{"annotator_id":{r["annotator_id"]:d},"created_at":{s(r["created_at"])},'
            f'"document_id":{r["document_id"]:d},"end":{r["end"]:d},"id":{r["id"]:d},'
            f'"label":{s(r["label"])},"note":{s(r["note"])},"origin":{s(r["origin"])},'
            f'"start":{r["start"]:d},"updated_at":{s(r["updated_at"])}}}'
        )


_ROW_ORDER = (
    "id",
    "document_id",
    "start",
    "end",
    "label",
    "annotator_id",
    "origin",
    "note",
    "created_at",
    "updated_at",
)  # SPAN_COLUMNS


class _Stamps(TypedDict):
    created_at: str
    updated_at: str


def _stamps(values: dict[str, Any]) -> _Stamps:
    return {"created_at": values["created_at"], "updated_at": values["updated_at"]}


def _conflict(exc: sqlite3.IntegrityError, span: Span) -> ConflictError:
    text = str(exc)
    if "UNIQUE" in text:
        return ConflictError(f"this layer already has a {span.label} span at [{span.start}, {span.end})")
    if "FOREIGN KEY" in text:
        return ConflictError(f"span refers to a missing document, label or annotator ({span.label!r})")
    return ConflictError(f"span [{span.start}, {span.end}) rejected: {text}")
