"""Bulk writes and fast reads give the same rows as the one-at-a-time paths."""

from __future__ import annotations

import hashlib
import json

import pytest

from desktop.core.errors import ConflictError
from desktop.core.model import Label, Origin, Span, Status
from desktop.storage.repository import NewDocument
from desktop.storage.rows import dumps, span_from_row, span_to_dict

from helpers import add_document


def _doc(text: str, name: str) -> NewDocument:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return NewDocument(name, text, text, digest, digest, None, {"source": name, "n": [1, "ب"]})


def _rows(repo, sql: str) -> list[tuple]:
    return repo.db.execute(sql).fetchall()


def _history(repo, entity: str) -> list[tuple]:
    return [
        (action, entity_id, doc, json.loads(after))
        for action, entity_id, doc, after in _rows(
            repo, f"SELECT action, entity_id, document_id, after FROM history WHERE entity = '{entity}' ORDER BY id"
        )
    ]


def test_insert_documents_writes_what_insert_document_writes(workspace, tmp_path):
    from desktop.workspace import Workspace

    docs = [_doc("متن یک", "a.txt"), _doc('متن "دو"\n', "b\\.txt")]
    other = Workspace.create(tmp_path / "other.barchasb")
    with workspace.repo.action("tester"):
        assert workspace.repo.insert_documents(docs) == [1, 2]
    with other.repo.action("tester"):
        assert [other.repo.insert_document(d) for d in docs] == [1, 2]
    columns = "SELECT id, name, content_hash, raw_hash, text, raw, offsets, meta, length FROM documents"
    assert _rows(workspace.repo, columns) == _rows(other.repo, columns)
    assert _history(workspace.repo, "document") == _history(other.repo, "document")
    other.close()


def test_insert_spans_writes_what_insert_span_writes(workspace, tmp_path):
    doc = add_document(workspace)
    me = workspace.annotator.id
    spans = [Span(doc, 2, 5, "official", me), Span(doc, 6, 14, "title", me, Origin.IMPORTED, "یادداشت")]
    with workspace.repo.action("tester"):
        ids = workspace.repo.insert_spans(spans, action="span.import")
        single = workspace.repo.insert_span(Span(doc, 20, 25, "place", me), action="span.import")
    assert ids == [1, 2] and single.id == 3
    stored = workspace.repo.spans(doc)
    assert [(s.start, s.end, s.label, s.origin, s.note) for s in stored] == [
        (2, 5, "official", Origin.MANUAL, ""),
        (6, 14, "title", Origin.IMPORTED, "یادداشت"),
        (20, 25, "place", Origin.MANUAL, ""),
    ]
    history = _history(workspace.repo, "span")
    assert [h[0] for h in history] == ["span.import"] * 3
    assert set(history[0][3]) == set(history[2][3])  # the same fields, bulk or not
    assert history[1][3]["note"] == "یادداشت" and history[1][3]["id"] == 2


def test_the_history_sqlite_writes_for_bulk_spans_is_the_bytes_dumps_writes(workspace):
    """Spans without notes get their history JSON from SQLite (`json_object`): byte for byte
    what `dumps(span_to_dict(span))` makes, in id order, as the rows with a note still get."""
    doc = add_document(workspace)
    me = workspace.annotator.id
    spans = [Span(doc, 6, 14, "title", me, Origin.IMPORTED), Span(doc, 2, 5, "official-2.x_y", me)]
    spans += [Span(doc, i, i + 1, "place", me, Origin.SUGGESTED) for i in range(20, 30)]
    with workspace.repo.action("tester"):
        workspace.repo.save_label(Label("official-2.x_y", "مقام", "Official", "#112233"))
        ids = workspace.repo.insert_spans(spans, action="span.import")
    rows = _rows(
        workspace.repo, "SELECT entity_id, document_id, before, after FROM history WHERE entity = 'span' ORDER BY id"
    )
    assert [int(r[0]) for r in rows] == ids and {r[1] for r in rows} == {doc} and {r[2] for r in rows} == {None}
    for (_, _, _, after), span_id in zip(rows, ids, strict=True):
        assert after == dumps(span_to_dict(workspace.repo.span(span_id)))


def test_a_conflict_in_a_bulk_insert_names_its_span_and_writes_nothing(workspace):
    doc = add_document(workspace)
    me = workspace.annotator.id
    workspace.add_span(doc, 2, 5, "official")
    before = _rows(workspace.repo, "SELECT count(*) FROM spans")
    with pytest.raises(ConflictError, match=r"official span at \[2, 5\)"), workspace.repo.action("tester"):
        workspace.repo.insert_spans([Span(doc, 6, 9, "place", me), Span(doc, 2, 5, "official", me)])
    assert _rows(workspace.repo, "SELECT count(*) FROM spans") == before


def test_span_rows_read_back_equal_checked_spans(workspace):
    doc = add_document(workspace)
    made = workspace.add_span(doc, 2, 5, "official", note="n")
    read = workspace.repo.span(made.id)
    assert read == made and hash(read) == hash(made) and read.origin is Origin.MANUAL
    row = (7, doc, 1, 3, "place", 1, "suggested", "", "a", "b")
    assert span_from_row(row) == Span(doc, 1, 3, "place", 1, Origin.SUGGESTED, "", 7, "a", "b")


def test_document_listing_agrees_with_document_rows(workspace):
    first = add_document(workspace, "سند یک", "one.txt")
    second = add_document(workspace, "سند دو", "two.txt")
    add_document(workspace, "سند سه", "three.txt")
    workspace.add_span(first, 0, 3, "official")
    workspace.add_span(first, 4, 6, "place")
    workspace.set_status(second, Status.DONE)
    me = workspace.annotator.id
    for ids in (None, [second, first]):
        listing = workspace.repo.document_listing(me, ids)
        rows = workspace.repo.document_rows(me, ids)
        assert [listing.entry(i) for i in range(len(listing))] == [
            type(listing.entry(0))(r.info.id, r.info.name, r.status, r.span_count) for r in rows
        ]


def test_bulk_span_history_is_what_dumps_writes():
    from desktop.storage.rows import dumps
    from desktop.storage.spans import _SpanJson

    encode = _SpanJson()
    for note in ("", 'یادداشت "نقل"\n\t\\', "😀\u200c"):
        row = {
            "id": 12,
            "document_id": 3,
            "start": 0,
            "end": 5,
            "label": "org-2.x",
            "annotator_id": 1,
            "origin": "imported",
            "note": note,
            "created_at": "2026-01-01T00:00:00.000Z",
            "updated_at": "2026-01-02T00:00:00.000Z",
        }
        assert encode(row) == dumps(row)
