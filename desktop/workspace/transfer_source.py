"""Reading a project for export: the chosen layer, statuses and labels, streamed.

Export reads through its own read-only connection inside one read
transaction, so it sees one consistent snapshot while the window keeps
writing (WAL), and a worker thread never shares the window's connection.
Documents, spans and the layers that finished each document come from
cursors merged on the document id, so memory stays constant however large
the project is.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter
from pathlib import Path

from desktop.core.errors import InputError, NotFound
from desktop.core.model import Status
from desktop.formats.records import DocumentRecord, SpanRecord
from desktop.storage.db import BUSY_TIMEOUT_MS, read_only_uri
from desktop.storage.review import provenance_columns, provenance_from_row


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


def open_snapshot(path: Path) -> sqlite3.Connection:
    """A read-only connection holding one read transaction (a snapshot); works
    in a read-only folder too."""
    conn = sqlite3.connect(read_only_uri(path), uri=True, check_same_thread=False)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("BEGIN")
        conn.execute("SELECT count(*) FROM documents").fetchone()  # pins the snapshot now
    except BaseException:
        conn.close()
        raise
    return conn


def layer_annotators(conn: sqlite3.Connection, layer: str) -> dict[int, str]:
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


def _filters(selection: Selection, annotators: dict[int, str]) -> tuple[str, str, list]:
    """SQL conditions for documents and for spans, and their shared parameters."""
    ids = ",".join(str(i) for i in annotators) or "NULL"
    if not selection.statuses:
        return "1", f"s.annotator_id IN ({ids})", []
    for status in selection.statuses:
        if status not in set(Status):
            raise InputError(f"unknown status {status!r} (new, in_progress or done)")
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


def count_documents(conn: sqlite3.Connection, selection: Selection, annotators: dict[int, str]) -> int:
    docs, _, params = _filters(selection, annotators)
    return conn.execute(f"SELECT count(*) FROM documents d WHERE {docs}", params).fetchone()[0]


def iter_documents(
    conn: sqlite3.Connection, selection: Selection, annotators: dict[int, str]
) -> Iterator[DocumentRecord]:
    """The selected documents in id order, each with its selected spans."""
    docs_where, spans_where, params = _filters(selection, annotators)
    documents = conn.execute(
        f"SELECT id, name, content_hash, text, meta FROM documents d WHERE {docs_where} ORDER BY id", params
    )
    # Provenance columns only when some gold span has them: fetching eight NULLs per
    # span would cost a fifth of a plain export.
    provenance = conn.execute("SELECT EXISTS (SELECT 1 FROM gold_provenance)").fetchone()[0]
    spans = conn.cursor().execute(
        'SELECT s.document_id, s.start, s."end", s.label, s.annotator_id, s.origin'
        + (
            f", {provenance_columns('g')} FROM spans s LEFT JOIN gold_provenance g ON g.span_id = s.id"
            if provenance
            else " FROM spans s"
        )
        + f" WHERE {spans_where} ORDER BY s.document_id",
        params,
    )
    labels = _OutputLabels(selection)
    span_rows = _ByDocument(spans)
    done_rows = _ByDocument(_done(conn, selection, annotators))
    for doc_id, name, content_hash, text, meta_json in documents:
        record = _record(
            doc_id, name, content_hash, text, json.loads(meta_json), span_rows.take(doc_id), labels, annotators
        )
        record.done.extend(sorted(annotators[row[1]] for row in done_rows.take(doc_id)))
        yield record


def _done(conn: sqlite3.Connection, selection: Selection, annotators: dict[int, str]):
    """(document id, annotator id) of the selected layers' done statuses, by document."""
    if selection.statuses and "done" not in selection.statuses:
        return iter(())
    ids = ",".join(str(i) for i in annotators) or "NULL"
    return conn.cursor().execute(
        "SELECT document_id, annotator_id FROM document_status WHERE status = 'done'"
        f" AND annotator_id IN ({ids}) ORDER BY document_id, annotator_id"
    )


class _ByDocument:
    """Rows whose first column is a document id, in id order, taken one document at a time."""

    def __init__(self, rows) -> None:
        self._groups = groupby(rows, itemgetter(0))
        self._group = next(self._groups, None)

    def take(self, doc_id: int) -> list:
        while self._group is not None and self._group[0] < doc_id:
            self._group = next(self._groups, None)
        if self._group is None or self._group[0] != doc_id:
            return []
        return list(self._group[1])


class _OutputLabels(dict):
    """label -> the label it is exported as (None: left out), worked out once per label."""

    def __init__(self, selection: Selection) -> None:
        super().__init__()
        self.selection = selection

    def __missing__(self, label: str) -> str | None:
        self[label] = mapped = self.selection.output_label(label)
        return mapped


def _record(
    doc_id: int,
    name: str,
    content_hash: str,
    text: str,
    meta: dict,
    rows: list,
    labels: _OutputLabels,
    annotators: dict[int, str],
) -> DocumentRecord:
    spans: dict[tuple, SpanRecord] = {}
    for row in rows:
        mapped = labels[row[3]]
        if mapped is None:
            continue
        key = (row[1], row[2], mapped, annotators[row[4]])  # SpanRecord.key
        if key in spans:
            continue  # a merge can make two spans one: keep it once
        provenance = provenance_from_row(row[6:]) if len(row) > 6 else None
        spans[key] = SpanRecord(
            row[1], row[2], mapped, key[3], row[5], None if provenance is None else provenance.as_dict()
        )
    return DocumentRecord(
        text,
        [spans[k] for k in sorted(spans)],
        export_meta(name, meta),
        name=name,
        id=doc_id,
        tokens=_ranges(meta.get("tokens")),
        sentences=_ranges(meta.get("sentences")),
        content_hash=content_hash,
    )


def export_meta(name: str, meta: dict) -> dict:
    """The metadata a document is exported with: the metadata its own file carried
    (annotated imports keep it under `fields`), else just its name. Import
    bookkeeping (paths, dates) stays out, so exports are reproducible."""
    fields = meta.get("fields")
    return fields if isinstance(fields, dict) else {"name": name}


def _ranges(value: object) -> list[tuple[int, int]] | None:
    if not isinstance(value, list):
        return None
    return [(int(a), int(b)) for a, b in value]
