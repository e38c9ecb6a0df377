"""The plain reading of the export's documents: one cursor a stream (documents, their spans, the
layers that finished them, relations, attributes, links, rejections), merged on the document id.

It works on any `Reader` (SQLite's connection and the PostgreSQL backend's adapter alike), and is
what `iter_documents` falls back to when SQLite cannot group a document's spans for it
(export_grouped.py).
"""

from __future__ import annotations

from collections.abc import Iterator

from desktop.storage.export_document import Row, StoredDocument, parse_meta
from desktop.storage.export_linked import ByDocument, linked_sql, rejection_json, relation_rejections
from desktop.storage.export_selection import Selection, SpanQuery, selection_filters
from desktop.storage.reader import Reader


def documents_by_streams(
    conn: Reader, selection: Selection, annotators: dict[int, str], documents: str, first: list[int], spans: SpanQuery
) -> Iterator[StoredDocument]:
    """`iter_documents` through a cursor a stream (documents, spans, done statuses, ...), merged
    on the document id. `documents` is the documents' query but its extra columns and condition
    (`{}`)."""
    docs_where, spans_where, params = selection_filters(selection, annotators)
    rows = conn.execute(f"{documents.format('')} WHERE {docs_where} ORDER BY d.id", first + params)
    span_rows = ByDocument(
        conn.cursor().execute(
            f"SELECT s.document_id, {spans.columns} FROM {spans.tables} WHERE {spans_where} ORDER BY s.document_id",
            params,
        )
    )
    done_rows = ByDocument(done_statuses(conn, selection, annotators))
    related, attributed, linked = (
        ByDocument(conn.cursor().execute(sql, params * ends)) for sql, ends in linked_sql(spans_where)
    )
    rejections = ByDocument(relation_rejections(conn, annotators))
    # Per document, a stream with no rows left is not asked (`group is None`): most projects have
    # no relations, attributes, links or rejections, and 10k documents made ~50k empty takes.
    for doc_id, name, content_hash, text, meta_json, tokens, sentences in rows:
        yield StoredDocument(
            doc_id,
            name,
            content_hash,
            text,
            parse_meta(meta_json),
            [] if span_rows.group is None else span_rows.take(doc_id),
            [] if done_rows.group is None else sorted([annotators[row[1]] for row in done_rows.take(doc_id)]),
            [] if related.group is None else related.take(doc_id),
            [] if attributed.group is None else attributed.take(doc_id),
            [] if linked.group is None else linked.take(doc_id),
            [] if rejections.group is None else [rejection_json(row[1:]) for row in rejections.take(doc_id)],
            None if tokens is None else (bytes(tokens), bytes(sentences)),
        )


def done_statuses(conn: Reader, selection: Selection, annotators: dict[int, str]) -> Iterator[Row]:
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
