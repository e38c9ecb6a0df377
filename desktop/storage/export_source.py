"""The export read model: the chosen layer, statuses and labels of a project, streamed.

Export reads through its own read-only connection inside one read
transaction (storage.snapshot), so it sees one consistent snapshot while the
window keeps writing (WAL), and a worker thread never shares the window's
connection. Documents, spans and the layers that finished each document come
from cursors merged on the document id (or, packed, from one cursor: each
document's spans one JSON text SQLite groups), so memory stays constant however
large the project is. `open_export_source(path)` is the file backend's way in;
`ProjectStore.export_source()` (desktop/storage/contract.py) is the contract's.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import groupby
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Any

from desktop.core.errors import InputError, NotFound
from desktop.core.relations import Entity, RelationType
from desktop.storage.reader import Reader
from desktop.storage.relation_rows import RELATION_TYPE_COLUMNS, relation_type_from_row
from desktop.storage.snapshot import open_snapshot
from desktop.storage.token_bounds import JOIN as BOUNDS_JOIN
from desktop.storage.token_bounds import BoundsRow
from desktop.storage.token_bounds import keep_in_file as keep_bounds_in_file

# The review's row helpers (desktop.storage.review, review_relations, core.model: ~15 ms of
# imports) are imported where they are used: every export worker imports this module to unpickle
# `StoredDocument`s and needs them only for gold provenance.


@dataclass(frozen=True)
class Selection:
    """Which spans and documents an export takes."""

    layer: str = "all"  # all, gold, or an annotator's name
    statuses: tuple[str, ...] = ()  # only (document, annotator) pairs in these statuses
    labels: tuple[str, ...] = ()  # keep only these labels (names before or after mapping)
    mapping: dict[str, str] = field(default_factory=dict)  # rename or merge labels

    def output_label(self, label: str) -> str | None:
        """The label a span is exported with, or None when it is left out."""
        mapped = self.mapping.get(label, label)
        if self.labels and label not in self.labels and mapped not in self.labels:
            return None
        return mapped


Row = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """One selected document as stored: `spans` are rows (document id, start, end,
    label, annotator id, origin, span id[, provenance columns]) in no set order, `done` the
    names of the selected layers that finished it. Labels are not mapped yet.
    `relations` are rows (document id, head span id, tail span id, type, annotator id,
    origin, note, gold provenance columns) between selected spans, `attributes` (document
    id, span id, name, JSON value) and `links` (document id, span id, entity id) of selected
    spans; `relation_rejections` the review's relation rejections (as dicts) when gold is
    among the selected layers."""

    id: int
    name: str
    content_hash: str
    text: str
    meta: dict[str, Any]
    spans: list[tuple[Any, ...]]
    done: list[str]
    relations: list[tuple[Any, ...]] = field(default_factory=list)
    attributes: list[tuple[Any, ...]] = field(default_factory=list)
    links: list[tuple[Any, ...]] = field(default_factory=list)
    relation_rejections: list[dict[str, Any]] = field(default_factory=list)
    # Its stored token and sentence boundaries, packed (storage/token_bounds.py), when asked and kept.
    token_bounds: tuple[bytes, bytes] | None = None

    def __reduce__(self) -> tuple[type[StoredDocument], tuple[Any, ...]]:
        # By its fields in order: a large token export sends most documents to its workers as
        # stored (their records are made there); the slots dataclass default goes through `fields()`.
        # One attrgetter call, not a getattr per field: ~1 us less per document pickled.
        return StoredDocument, _stored_fields(self)

    @staticmethod
    def provenance(row: tuple[Any, ...]) -> dict[str, Any] | None:
        """A gold span row's provenance, as a dict (None: none)."""
        from desktop.storage.review import provenance_from_row  # where used: see the note at the imports

        found = provenance_from_row(row[7:]) if len(row) > 7 else None
        return None if found is None else found.as_dict()

    @staticmethod
    def relation_provenance(row: tuple[Any, ...]) -> dict[str, Any] | None:
        """A gold relation row's provenance, as a dict (None: none, not gold)."""
        from desktop.storage.review_relations import relation_provenance_from_row

        return None if len(row) <= 7 or row[7] is None else relation_provenance_from_row(row[7:]).as_dict()


_STORED_FIELDS = StoredDocument.__slots__
_stored_fields = attrgetter(*_STORED_FIELDS)  # a document's fields, as a tuple in order


@contextmanager
def open_export_source(path: Path) -> Iterator[ExportSource]:
    """The export read model of a project file, over a snapshot of its own (closed on exit);
    it reads and keeps documents' token boundaries (storage/token_bounds.py)."""
    conn = open_snapshot(path)
    try:
        yield ExportSource(conn, lambda rows: keep_bounds_in_file(path, rows))
    finally:
        conn.close()


class ExportSource:
    """One snapshot of a project, asked what an export takes. With `keep_bounds` the
    backend stores token boundaries: documents come with theirs, and an export that
    tokenised documents hands their boundaries back (`keep_token_bounds`)."""

    def __init__(self, conn: Reader, keep_bounds: Callable[[Sequence[BoundsRow]], bool] | None = None) -> None:
        self._conn = conn
        self._keep_bounds = keep_bounds

    @property
    def stores_token_bounds(self) -> bool:
        """Whether documents' token boundaries are kept in this project (its file's, not a server's)."""
        return self._keep_bounds is not None

    def keep_token_bounds(self, rows: Sequence[BoundsRow]) -> bool:
        """Store boundaries an export made (derived data; False when they could not be kept now)."""
        return self._keep_bounds is not None and self._keep_bounds(rows)

    def layer_annotators(self, layer: str) -> dict[int, str]:
        """Annotator ids and names of a layer (`gold` may be empty)."""
        return layer_annotators(self._conn, layer)

    def label_keys(self) -> list[str]:
        """The project's label keys in scheme order."""
        return [key for (key,) in self._conn.execute("SELECT key FROM labels ORDER BY sort_order, key")]

    def count_documents(self, selection: Selection, annotators: dict[int, str]) -> int:
        return count_documents(self._conn, selection, annotators)

    def documents(
        self,
        selection: Selection,
        annotators: dict[int, str],
        tokenizer: int | None = None,
        packed: bool = False,
        columns: bool = False,
    ) -> Iterator[StoredDocument]:
        """The selected documents in id order, each with its selected spans (and, given the
        `tokenizer` version, the token boundaries stored for it, where the project keeps them).
        `packed`: for documents most of which an export worker writes (their rows are made there).
        `columns`: for a reader of a chunk's spans as arrays (`SpansColumns`, spaCy's)."""
        tokenizer = tokenizer if self.stores_token_bounds else None
        return iter_documents(self._conn, selection, annotators, tokenizer, packed, columns)

    def relation_types(self) -> list[RelationType]:
        """The scheme's relation types in order."""
        rows = self._conn.execute(f"SELECT {RELATION_TYPE_COLUMNS} FROM relation_types ORDER BY sort_order, key")
        return [relation_type_from_row(row) for row in rows]

    def has_relations(self) -> bool:
        """Whether the project holds any relation."""
        return bool(self._conn.execute("SELECT EXISTS (SELECT 1 FROM relations)").fetchone()[0])

    def entity_fields(self) -> frozenset[str]:
        """The `label.name` attribute fields that hold entity ids."""
        rows = self._conn.execute("SELECT label, name FROM attribute_fields WHERE kind = 'entity'")
        return frozenset(f"{label}.{name}" for label, name in rows)

    def entities(self, ids: set[int]) -> list[Entity]:
        """The registry's entities with these ids (those the exported spans link to), by id."""
        return entities_of(self._conn, ids)


def layer_annotators(conn: Reader, layer: str) -> dict[int, str]:
    """Annotator ids and names of a layer (`gold` may be empty)."""
    rows = conn.execute("SELECT id, name, kind FROM annotators ORDER BY id").fetchall()
    if layer == "all":
        return {i: name for i, name, _ in rows}
    if layer == "gold":
        return {i: name for i, name, kind in rows if kind == "gold"}
    name = layer.removeprefix("annotator:")
    found = {i: n for i, n, _ in rows if n == name}
    if not found:
        known = ", ".join(n for _, n, _ in rows) or "none yet"
        raise NotFound(f"no annotator {name!r} in this project (annotators: {known})")
    return found


def _filters(selection: Selection, annotators: dict[int, str]) -> tuple[str, str, list[str]]:
    """SQL conditions for documents and for spans, and their shared parameters."""
    ids = ",".join(str(i) for i in annotators) or "NULL"
    if not selection.statuses:
        return "1 = 1", f"s.annotator_id IN ({ids})", []
    from desktop.core.model import Status  # where used: see the note at the imports

    for status in selection.statuses:
        if status not in set(Status):
            raise InputError("export.unknown_status", status=status)
    marks = ",".join("?" * len(selection.statuses))
    status_of = (
        "coalesce((SELECT status FROM document_status ds WHERE ds.document_id = {d} AND ds.annotator_id = {a}), 'new')"
    )
    docs = (
        f"EXISTS (SELECT 1 FROM annotators a WHERE a.id IN ({ids}) AND "
        f"{status_of.format(d='d.id', a='a.id')} IN ({marks}))"
    )
    spans = f"s.annotator_id IN ({ids}) AND {status_of.format(d='s.document_id', a='s.annotator_id')} IN ({marks})"
    return docs, spans, list(selection.statuses)


def count_documents(conn: Reader, selection: Selection, annotators: dict[int, str]) -> int:
    docs, _, params = _filters(selection, annotators)
    return int(conn.execute(f"SELECT count(*) FROM documents d WHERE {docs}", params).fetchone()[0])


def iter_documents(
    conn: Reader,
    selection: Selection,
    annotators: dict[int, str],
    tokenizer: int | None = None,
    packed: bool = False,
    columns: bool = False,
) -> Iterator[StoredDocument]:
    """The selected documents in id order, each with its selected spans (and with `tokenizer`,
    the token boundaries stored by that version, None where there are none). With `packed`
    (SQLite), each document's span rows come as one JSON text, made rows when first read: less
    for this process to do and to pickle when most documents go to export workers, a little more
    when all are written here (turning the JSON into rows costs more than sqlite3's rows). With
    `columns` (SQLite, no gold provenance), each document's spans come as texts of their columns
    (`SpansColumns`), for a reader that parses a chunk's at once into arrays."""
    bounds, join, first = "NULL, NULL", "", []
    if tokenizer is not None:
        bounds, join, first = "b.tokens, b.sentences", f" {BOUNDS_JOIN}", [tokenizer]
    # Provenance columns only when some gold span has them: fetching eight NULLs per
    # span would cost a fifth of a plain export.
    provenance = conn.execute("SELECT EXISTS (SELECT 1 FROM gold_provenance)").fetchone()[0]
    from desktop.storage.review import provenance_columns  # where used: see the note at the imports

    spans = _Spans(
        's.start, s."end", s.label, s.annotator_id, s.origin, s.id'
        + (f", {provenance_columns('g')}" if provenance else ""),
        "spans s LEFT JOIN gold_provenance g ON g.span_id = s.id" if provenance else "spans s",
    )
    documents = f"SELECT d.id, d.name, d.content_hash, d.text, d.meta, {bounds}{{}} FROM documents d{join}"
    read = _packed_documents if packed and _packs(conn) else _documents_by_streams
    if columns and not provenance and _packs(conn):
        read = _column_documents
    yield from read(conn, selection, annotators, documents, first, spans)


@dataclass(frozen=True)
class _Spans:
    """The span rows' columns (after the document id) and the tables they come from."""

    columns: str
    tables: str


def _documents_by_streams(
    conn: Reader, selection: Selection, annotators: dict[int, str], documents: str, first: list[int], spans: _Spans
) -> Iterator[StoredDocument]:
    """`iter_documents` through a cursor a stream (documents, spans, done statuses, ...), merged
    on the document id. `documents` is the documents' query but its extra columns and condition
    (`{}`)."""
    docs_where, spans_where, params = _filters(selection, annotators)
    rows = conn.execute(f"{documents.format('')} WHERE {docs_where} ORDER BY d.id", first + params)
    span_rows = _ByDocument(
        conn.cursor().execute(
            f"SELECT s.document_id, {spans.columns} FROM {spans.tables} WHERE {spans_where} ORDER BY s.document_id",
            params,
        )
    )
    done_rows = _ByDocument(_done(conn, selection, annotators))
    related, attributed, linked = (
        _ByDocument(conn.cursor().execute(sql, params * ends)) for sql, ends in _linked_sql(spans_where)
    )
    rejections = _ByDocument(_relation_rejections(conn, annotators))
    # Per document, a stream with no rows left is not asked (`group is None`): most projects have
    # no relations, attributes, links or rejections, and 10k documents made ~50k empty takes.
    for doc_id, name, content_hash, text, meta_json, tokens, sentences in rows:
        yield StoredDocument(
            doc_id,
            name,
            content_hash,
            text,
            _meta(meta_json),
            [] if span_rows.group is None else span_rows.take(doc_id),
            [] if done_rows.group is None else sorted([annotators[row[1]] for row in done_rows.take(doc_id)]),
            [] if related.group is None else related.take(doc_id),
            [] if attributed.group is None else attributed.take(doc_id),
            [] if linked.group is None else linked.take(doc_id),
            [] if rejections.group is None else [_rejection_json(row[1:]) for row in rejections.take(doc_id)],
            None if tokens is None else (bytes(tokens), bytes(sentences)),
        )


def _packed_documents(
    conn: Reader, selection: Selection, annotators: dict[int, str], documents: str, first: list[int], spans: _Spans
) -> Iterator[StoredDocument]:
    """`iter_documents` with one row a document: its spans grouped by SQLite into the JSON text of
    their rows, made rows only when read (`_SpansUnread`): a document an export worker writes is
    pickled with that text."""
    grouped = f"json_group_array(json_array({spans.columns}))"
    return _grouped_documents(conn, selection, annotators, documents, first, spans, grouped, _SpansUnread, "[]")


def _column_documents(
    conn: Reader, selection: Selection, annotators: dict[int, str], documents: str, first: list[int], spans: _Spans
) -> Iterator[StoredDocument]:
    """`iter_documents` with one row a document, its spans grouped by SQLite into one text of
    their columns (`SpansColumns`), never a row each unless read as rows. Without gold
    provenance only (`spans.columns` are the six plain ones)."""
    # A JSON array a column, joined by U+001F (escaped inside JSON strings): one scan of the
    # document's spans, in the spans' index order. An array a column costs SQLite less than
    # texts made a span (callgrind: 1,214M instructions for the query against 1,612M, and 1,742M
    # for the streams' rows).
    grouped = (
        'json_group_array(s.start) || char(31) || json_group_array(s."end") || char(31)'
        " || json_group_array(s.annotator_id) || char(31) || json_group_array(s.id) || char(31)"
        " || json_group_array(s.origin) || char(31) || json_group_array(s.label)"
    )
    empty = "\x1f".join(["[]"] * 6)
    return _grouped_documents(conn, selection, annotators, documents, first, spans, grouped, SpansColumns, empty)


def _grouped_documents(
    conn: Reader,
    selection: Selection,
    annotators: dict[int, str],
    documents: str,
    first: list[int],
    spans: _Spans,
    grouped: str,
    kind: type[StoredDocument],
    empty: str,
) -> Iterator[StoredDocument]:
    """Documents of `kind`, one row each, with their spans as the text SQLite's `grouped` makes of
    them (`empty` for none) and the annotators that finished them as a JSON array."""
    docs_where, spans_where, params = _filters(selection, annotators)
    ids = ",".join(str(i) for i in annotators) or "NULL"
    done = "0" if selection.statuses and "done" not in selection.statuses else f"annotator_id IN ({ids})"
    rows = conn.execute(
        documents.format(
            f", (SELECT {grouped} FROM {spans.tables} WHERE s.document_id = d.id AND {spans_where}),"
            " (SELECT json_group_array(annotator_id) FROM document_status"
            f" WHERE document_id = d.id AND status = 'done' AND {done})"
        )
        + f" WHERE {docs_where} ORDER BY d.id",
        params + first + params,
    )
    related, attributed, linked = (
        _ByDocument(conn.cursor().execute(sql, params * ends)) for sql, ends in _linked_sql(spans_where)
    )
    rejections = _ByDocument(_relation_rejections(conn, annotators))
    none = "[]"  # no rows
    for doc_id, name, content_hash, text, meta_json, tokens, sentences, span_text, done_ids in rows:
        yield kind(
            doc_id,
            name,
            content_hash,
            text,
            _meta(meta_json),
            [] if span_text == empty else span_text,
            [] if done_ids == none else sorted([annotators[i] for i in _scan_json(done_ids, 0)[0]]),
            [] if related.group is None else related.take(doc_id),
            [] if attributed.group is None else attributed.take(doc_id),
            [] if linked.group is None else linked.take(doc_id),
            [] if rejections.group is None else [_rejection_json(row[1:]) for row in rejections.take(doc_id)],
            None if tokens is None else (bytes(tokens), bytes(sentences)),
        )


def _packs(conn: Reader) -> bool:
    """Whether the rows can be grouped by SQLite's JSON functions: a SQLite connection (not a
    server's, whose SQL differs) built with them (since 3.38 by default)."""
    if not isinstance(conn, sqlite3.Connection):
        return False
    try:
        conn.execute("SELECT json_group_array(json_array(1))").fetchone()
    except sqlite3.OperationalError:
        return False
    return True


_SPANS: Any = vars(StoredDocument)["spans"]  # the field's slot, under the subclasses' `spans` property


class _RowsLater(StoredDocument):
    """A stored document whose span rows are still a text SQLite grouped them in (in the slot its
    class names, `_TEXT`), made rows (`_parse`) when first read, once, in the order the streams
    read them. Reads, compares and copies as a `StoredDocument` with those rows."""

    __slots__ = ()
    _TEXT: str  # the slot holding the text until the rows are made (None then: made, or given as rows)

    def _parse(self, text: str) -> list[Row]:
        raise NotImplementedError

    def _rows(self) -> list[Row]:
        text = getattr(self, self._TEXT)
        if text is None:
            return _SPANS.__get__(self)  # type: ignore[no-any-return]
        rows = self._parse(text)
        _SPANS.__set__(self, rows)  # before the text is dropped: another thread reads one or the other
        object.__setattr__(self, self._TEXT, None)
        return rows

    def _set_rows(self, rows: list[Row] | str) -> None:
        """Rows, or (from `iter_documents`, or unpickled) the text of them."""
        if isinstance(rows, str):
            object.__setattr__(self, self._TEXT, rows)
        else:
            _SPANS.__set__(self, rows)
            object.__setattr__(self, self._TEXT, None)

    spans = property(_rows, _set_rows)

    def __eq__(self, other: object) -> bool:
        # The dataclass's compares documents of one class only.
        if not isinstance(other, StoredDocument):
            return NotImplemented
        return _stored_fields(self) == _stored_fields(other)

    __hash__ = StoredDocument.__hash__


class _SpansUnread(_RowsLater):
    """Spans as the JSON text of their rows without the document id (`_packed_documents`), made
    rows here or in the export worker a document is sent to (pickled as that text: much less to
    pickle and no rows made in the exporting process, the long pole of a large token export)."""

    __slots__ = ("_packed",)
    _TEXT = "_packed"
    _packed: str | None

    def _parse(self, text: str) -> list[Row]:
        doc_id = self.id
        return [(doc_id, *row) for row in _scan_json(text, 0)[0]]

    def __reduce__(self) -> tuple[type[StoredDocument], tuple[Any, ...]]:
        packed = self._packed
        if packed is None:
            return StoredDocument, _stored_fields(self)
        fields = _unread_fields(self)  # every field but the spans, which go as their text
        return _SpansUnread, (*fields[:5], packed, *fields[5:])


class SpansColumns(_RowsLater):
    """Spans as one text of their columns (`_column_documents`): JSON arrays of the starts, ends,
    annotator ids, span ids, origins and labels, joined by U+001F. `columns` hands that text to a
    reader that makes a chunk's spans arrays at once (spacy_raw) and never reads the rows.
    Pickles as a `StoredDocument` with its rows (what a worker reads)."""

    __slots__ = ("_columns",)
    _TEXT = "_columns"
    _columns: str | None

    @property
    def columns(self) -> str | None:
        """The spans' text, or None once they are rows (read them as `spans`)."""
        return self._columns

    def _parse(self, text: str) -> list[Row]:
        return column_rows(self.id, text)

    def __reduce__(self) -> tuple[type[StoredDocument], tuple[Any, ...]]:
        return StoredDocument, _stored_fields(self)


def column_rows(doc_id: int, text: str) -> list[Row]:
    """A `SpansColumns` text's span rows (document id, start, end, label, annotator id, origin, id)."""
    starts, ends, people, ids, origins, labels = map(json.loads, text.split("\x1f"))
    return [(doc_id, *row) for row in zip(starts, ends, labels, people, origins, ids, strict=True)]


_unread_fields = attrgetter(*(name for name in _STORED_FIELDS if name != "spans"))


# The C scanner `json.loads` ends in, without its wrappers (a third of its time on a stored meta).
_scan_json: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]


def _meta(text: str) -> dict[str, Any]:
    """A document's stored meta JSON, parsed as `json.loads` parses it: stored metas are written
    compact, one object from the first character to the last; anything else goes through
    `json.loads` (its whitespace, its errors)."""
    try:
        value, end = _scan_json(text, 0)
    except StopIteration:
        return json.loads(text)  # type: ignore[no-any-return]
    if end != len(text):
        return json.loads(text)  # type: ignore[no-any-return]
    return value  # type: ignore[no-any-return]


def _relation_rejections(conn: Reader, annotators: dict[int, str]) -> Iterator[Row]:
    """The review's relation rejections, by document, when gold is exported (they are its decisions)."""
    ids = ",".join(str(i) for i in annotators) or "NULL"
    gold = f"SELECT EXISTS (SELECT 1 FROM annotators WHERE kind = 'gold' AND id IN ({ids}))"
    if not conn.execute(gold).fetchone()[0]:
        return iter(())
    from desktop.storage.review_relations import REJECTION_COLUMNS  # where used: see the note at the imports

    sql = f"SELECT document_id, {REJECTION_COLUMNS} FROM review_relation_rejections ORDER BY document_id, id"
    return iter(conn.cursor().execute(sql))


def _rejection_json(row: Row) -> dict[str, Any]:
    """A relation rejection as the native format writes it (ends as [start, end, label])."""
    from desktop.storage.review_relations import relation_rejection_from_row  # where used: see the note at the imports

    r = relation_rejection_from_row(row)
    return {"head": list(r.head), "tail": list(r.tail), "type": r.type, "layers": list(r.layers),
            "decided_by": r.decided_by, "decided_at": r.decided_at}  # fmt: skip


def _linked_sql(spans_where: str) -> list[tuple[str, int]]:
    """Relations, attribute values and entity links of the selected spans, by document:
    the same span condition as the spans' (on both ends of a relation), so nothing
    points outside what is exported."""
    from desktop.storage.review_relations import PROVENANCE_COLUMNS  # where used: see the note at the imports

    provenance = ", ".join(f"p.{column.strip()}" for column in PROVENANCE_COLUMNS.split(","))
    head, tail = (re.sub(r"\bs\.", f"{alias}.", spans_where) for alias in ("h", "t"))
    return [
        (
            "SELECT r.document_id, r.head, r.tail, r.type, r.annotator_id, r.origin, r.note,"
            f" {provenance} FROM relations r"
            " JOIN spans h ON h.id = r.head JOIN spans t ON t.id = r.tail"
            " LEFT JOIN gold_relation_provenance p ON p.relation_id = r.id"
            f" WHERE {head} AND {tail} ORDER BY r.document_id, r.id",
            2,
        ),
        (
            "SELECT s.document_id, a.span_id, a.name, a.value FROM span_attributes a JOIN spans s ON s.id = a.span_id"
            f" WHERE {spans_where} ORDER BY s.document_id, a.span_id, a.name",
            1,
        ),
        (
            "SELECT s.document_id, e.span_id, e.entity_id FROM span_entities e JOIN spans s ON s.id = e.span_id"
            f" WHERE {spans_where} ORDER BY s.document_id, e.span_id",
            1,
        ),
    ]


def entities_of(conn: Reader, ids: set[int]) -> list[Entity]:
    """Entities by id, with their aliases in order."""
    found: list[Entity] = []
    chosen = sorted(ids)
    for i in range(0, len(chosen), 500):
        chunk = chosen[i : i + 500]
        marks = ",".join("?" * len(chunk))
        aliases: dict[int, list[str]] = {}
        for eid, alias in conn.execute(
            f"SELECT entity_id, alias FROM entity_aliases WHERE entity_id IN ({marks}) ORDER BY entity_id, position",
            chunk,
        ):
            aliases.setdefault(eid, []).append(alias)
        rows = conn.execute(
            f"SELECT id, name, type, external_id FROM entities WHERE id IN ({marks}) ORDER BY id", chunk
        )
        found += [Entity(n, t, tuple(aliases.get(e, ())), x, e) for e, n, t, x in rows]
    return found


def _done(conn: Reader, selection: Selection, annotators: dict[int, str]) -> Iterator[Row]:
    """(document id, annotator id) of the selected layers' done statuses, by document."""
    if selection.statuses and "done" not in selection.statuses:
        return iter(())
    ids = ",".join(str(i) for i in annotators) or "NULL"
    return iter(
        conn.cursor().execute(
            "SELECT document_id, annotator_id FROM document_status WHERE status = 'done'"
            f" AND annotator_id IN ({ids}) ORDER BY document_id, annotator_id"
        )
    )


class _ByDocument:
    """Rows whose first column is a document id, in id order, taken one document at a time."""

    __slots__ = ("_groups", "group")

    def __init__(self, rows: Iterable[Row]) -> None:
        self._groups = groupby(rows, itemgetter(0))
        self.group = next(self._groups, None)  # the next document's (id, rows); None: no rows left

    def take(self, doc_id: int) -> list[Row]:
        group = self.group
        while group is not None and group[0] < doc_id:
            group = next(self._groups, None)
        if group is None or group[0] != doc_id:
            self.group = group
            return []
        rows = list(group[1])  # before the next group: groupby's groups share one iterator
        self.group = next(self._groups, None)
        return rows
