"""The grouped readings of the export's documents (SQLite only): one row a document, its spans
grouped by SQLite into one text, made rows only when read: packed (the JSON of their rows,
`SpansUnread`) or as columns (`SpansColumns`). They differ only in the SQL that groups a
document's spans, the document kind and the text of no spans, so they share one query and loop
(`grouped_documents`).

Apart from the plain reading (export_streams.py) because they need SQLite's JSON functions
(`packs`) and make documents of the kinds in export_unread.py.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from desktop.storage.export_document import StoredDocument, parse_meta, scan_json
from desktop.storage.export_linked import ByDocument, linked_sql, rejection_json, relation_rejections
from desktop.storage.export_selection import Selection, SpanQuery, selection_filters
from desktop.storage.export_unread import SpansColumns, SpansUnread
from desktop.storage.reader import Reader


def packs(conn: Reader) -> bool:
    """Whether the rows can be grouped by SQLite's JSON functions: a SQLite connection (not a
    server's, whose SQL differs) built with them (since 3.38 by default)."""
    if not isinstance(conn, sqlite3.Connection):
        return False
    try:
        conn.execute("SELECT json_group_array(json_array(1))").fetchone()
    except sqlite3.OperationalError:
        return False
    return True


def packed_documents(
    conn: Reader, selection: Selection, annotators: dict[int, str], documents: str, first: list[int], spans: SpanQuery
) -> Iterator[StoredDocument]:
    """`iter_documents` with one row a document: its spans grouped by SQLite into the JSON text of
    their rows, made rows only when read (`SpansUnread`): a document an export worker writes is
    pickled with that text."""
    grouped = f"json_group_array(json_array({spans.columns}))"
    return grouped_documents(conn, selection, annotators, documents, first, spans, grouped, SpansUnread, "[]")


def column_documents(
    conn: Reader, selection: Selection, annotators: dict[int, str], documents: str, first: list[int], spans: SpanQuery
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
    return grouped_documents(conn, selection, annotators, documents, first, spans, grouped, SpansColumns, empty)


def grouped_documents(
    conn: Reader,
    selection: Selection,
    annotators: dict[int, str],
    documents: str,
    first: list[int],
    spans: SpanQuery,
    grouped: str,
    kind: type[StoredDocument],
    empty: str,
) -> Iterator[StoredDocument]:
    """Documents of `kind`, one row each, with their spans as the text SQLite's `grouped` makes of
    them (`empty` for none) and the annotators that finished them as a JSON array."""
    docs_where, spans_where, params = selection_filters(selection, annotators)
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
        ByDocument(conn.cursor().execute(sql, params * ends)) for sql, ends in linked_sql(spans_where)
    )
    rejections = ByDocument(relation_rejections(conn, annotators))
    none = "[]"  # no rows
    for doc_id, name, content_hash, text, meta_json, tokens, sentences, span_text, done_ids in rows:
        yield kind(
            doc_id,
            name,
            content_hash,
            text,
            parse_meta(meta_json),
            [] if span_text == empty else span_text,
            [] if done_ids == none else sorted([annotators[i] for i in scan_json(done_ids, 0)[0]]),
            [] if related.group is None else related.take(doc_id),
            [] if attributed.group is None else attributed.take(doc_id),
            [] if linked.group is None else linked.take(doc_id),
            [] if rejections.group is None else [rejection_json(row[1:]) for row in rejections.take(doc_id)],
            None if tokens is None else (bytes(tokens), bytes(sentences)),
        )
