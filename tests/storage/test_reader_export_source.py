"""The export's reading of rows (storage/export_source.py): every field of every StoredDocument is
what the straightforward reading gives (the loop before session 11's reader change, kept here as
the reference), over a project with gold, provenance, relations, rejections, entity links,
attribute values, statuses, stored token boundaries, documents without rows and metas stored
in unusual JSON; and a StoredDocument pickles to itself."""

from __future__ import annotations

import copy
import dataclasses
import json
import pickle
import sqlite3
from contextlib import closing
from itertools import groupby
from operator import itemgetter

import pytest
from workspace.review.relations_data import review_relations

from desktop.storage import export_source as es
from desktop.storage.export_document import StoredDocument, parse_meta
from desktop.storage.export_linked import linked_sql, rejection_json, relation_rejections
from desktop.storage.export_selection import Selection, selection_filters
from desktop.storage.export_source import open_export_source
from desktop.storage.export_streams import done_statuses
from desktop.storage.export_unread import SpansUnread
from desktop.storage.token_bounds import JOIN as BOUNDS_JOIN
from desktop.workspace import Workspace
from desktop.workspace.relations import Entities

from helpers import add_document

TEXTS = ["سه کلمه اینجا است", "متن بی‌نشان", "آذربایجان و باکو", "ده درصد رشد", "یک", "دو سه"]
# Stored metas json.loads reads but that are not one compact object end to end.
METAS = {2: ' {"a": [1, 2.5, null]} ', 3: '{"x":1}  ', 4: '\n{"n": NaN, "i": -Infinity}', 5: "[]", 6: '"s"'}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    path = tmp_path_factory.mktemp("reader") / "reader.barchasb"
    with Workspace.create(path) as ws:
        review_relations(ws)  # document 1: two layers, gold, a relation rejection
        ids = [add_document(ws, text, f"d{i}.txt") for i, text in enumerate(TEXTS)]
        for name, docs in (("ali", ids[:3]), ("omid", ids[1:2] + ids[5:6])):
            ws.set_annotator(name)
            for doc in docs:
                ws.add_span(doc, 0, 2, "place")
                ws.add_span(doc, 1, 3, "official")
            ws.set_status(docs[0], "done")
            ws.set_status(docs[-1], "in_progress")
        ws.set_annotator("ali")
        [entity] = Entities(ws).create("باکو", "place").entities_added
        span = ws.add_span(ids[2], 4, 8, "place").id
        Entities(ws).link(span, entity)
    with closing(sqlite3.connect(path)) as conn, conn:
        for doc, meta in METAS.items():
            conn.execute("UPDATE documents SET meta = ? WHERE id = ?", (meta, doc))
        conn.execute(
            "INSERT INTO span_attributes (span_id, name, value, updated_at) SELECT id, 'note', '\"x\"', '' FROM spans"
            " WHERE document_id = ?",
            (ids[1],),
        )
        conn.executemany(
            "INSERT INTO _document_token_bounds VALUES (?, 1, ?, ?)",
            [(ids[0], b"\x01\x02", b"\x03"), (ids[3], b"", b"")],
        )
    return path


def _reference(conn, selection: Selection, annotators: dict[int, str], tokenizer: int | None) -> list[StoredDocument]:
    """The reading as it was before (one take per stream and document, json.loads)."""
    from desktop.storage.review import provenance_columns

    docs_where, spans_where, params = selection_filters(selection, annotators)
    columns, join, first = "NULL, NULL", "", []
    if tokenizer is not None:
        columns, join, first = "b.tokens, b.sentences", f" {BOUNDS_JOIN}", [tokenizer]
    documents = conn.execute(
        f"SELECT d.id, d.name, d.content_hash, d.text, d.meta, {columns} FROM documents d{join}"
        f" WHERE {docs_where} ORDER BY d.id",
        first + params,
    ).fetchall()
    provenance = conn.execute("SELECT EXISTS (SELECT 1 FROM gold_provenance)").fetchone()[0]
    spans = conn.execute(
        'SELECT s.document_id, s.start, s."end", s.label, s.annotator_id, s.origin, s.id'
        + (
            f", {provenance_columns('g')} FROM spans s LEFT JOIN gold_provenance g ON g.span_id = s.id"
            if provenance
            else " FROM spans s"
        )
        + f" WHERE {spans_where} ORDER BY s.document_id",
        params,
    ).fetchall()

    def by_document(rows):
        return {doc: list(group) for doc, group in groupby(rows, itemgetter(0))}

    span_rows, done_rows = by_document(spans), by_document(done_statuses(conn, selection, annotators))
    linked = [by_document(conn.execute(sql, params * ends).fetchall()) for sql, ends in linked_sql(spans_where)]
    rejections = by_document(relation_rejections(conn, annotators))
    return [
        StoredDocument(
            doc_id,
            name,
            content_hash,
            text,
            json.loads(meta),
            span_rows.get(doc_id, []),
            sorted(annotators[row[1]] for row in done_rows.get(doc_id, [])),
            *(rows.get(doc_id, []) for rows in linked),
            [rejection_json(row[1:]) for row in rejections.get(doc_id, [])],
            None if tokens is None else (bytes(tokens), bytes(sentences)),
        )  # fmt: skip
        for doc_id, name, content_hash, text, meta, tokens, sentences in documents
    ]


def _fields(doc: StoredDocument) -> list[tuple[str, object, list[type]]]:
    """Each field's name, value and the types inside it (a tuple read as a list would compare equal)."""
    found = []
    for name in StoredDocument.__slots__:
        value = getattr(doc, name)
        inner = [type(v) for v in value] if isinstance(value, list | tuple) else []
        found.append((name, value, [type(value), *inner]))
    return found


SELECTIONS = [
    Selection(),
    Selection(layer="gold"),
    Selection(layer="ali"),
    Selection(layer="omid"),
    Selection(statuses=("done",)),
    Selection(statuses=("new", "in_progress")),
    Selection(layer="ali", statuses=("in_progress",)),
]


@pytest.mark.parametrize("tokenizer", [None, 1, 2])
@pytest.mark.parametrize("selection", SELECTIONS, ids=repr)
def test_every_field_of_every_document_is_the_reference_reading(project, selection, tokenizer):
    with open_export_source(project) as source:
        annotators = source.layer_annotators(selection.layer)
        got = list(source.documents(selection, annotators, tokenizer))
        expected = _reference(source._conn, selection, annotators, tokenizer)
    assert [d.id for d in got] == [d.id for d in expected]
    assert [_fields(d) for d in got] == [_fields(d) for d in expected]


def test_the_fixture_has_what_the_streams_carry(project):
    """The reading's streams are all exercised: rows for some documents only, each running out early."""
    with open_export_source(project) as source:
        docs = list(source.documents(Selection(), source.layer_annotators("all"), 1))
    assert [bool(d.relations) for d in docs] == [True] + [False] * 6
    assert [bool(d.relation_rejections) for d in docs] == [True] + [False] * 6
    assert [bool(d.links) for d in docs] == [False, False, False, True, False, False, False]
    assert [bool(d.attributes) for d in docs] == [False, False, True, False, False, False, False]
    assert [d.done for d in docs] == [[], ["ali"], ["omid"], [], [], [], []]
    assert [d.token_bounds for d in docs] == [None, (b"\x01\x02", b"\x03"), None, None, (b"", b""), None, None]
    assert [d.meta for d in docs][1:6] == [{"a": [1, 2.5, None]}, {"x": 1}, docs[3].meta, [], "s"]
    assert docs[3].meta["n"] != docs[3].meta["n"] and docs[3].meta["i"] == float("-inf")  # NaN, -Infinity
    assert any(len(row) > 7 for row in docs[0].spans)  # gold provenance columns


@pytest.mark.parametrize("meta", ['{"a":1}{"b":2}', "", "{", "\ufeff{}"])
def test_a_meta_json_loads_refuses_is_refused_the_same_way(meta):
    with pytest.raises(json.JSONDecodeError) as expected:
        json.loads(meta)
    with pytest.raises(json.JSONDecodeError) as got:
        parse_meta(meta)
    assert str(got.value) == str(expected.value)


def test_a_stored_document_pickles_to_itself(project):
    with open_export_source(project) as source:
        docs = list(source.documents(Selection(), source.layer_annotators("all"), 1))
    again = pickle.loads(pickle.dumps(docs, pickle.HIGHEST_PROTOCOL))
    assert repr([_fields(d) for d in again]) == repr([_fields(d) for d in docs])  # repr: the meta's NaN


# Packed reading (`packed=True`): each document's spans come as the JSON text SQLite grouped them in,
# made rows when first read (in an export worker, for the documents sent there).


@pytest.mark.parametrize("tokenizer", [None, 1])
@pytest.mark.parametrize("selection", SELECTIONS, ids=repr)
def test_packed_documents_are_the_reference_reading(project, selection, tokenizer):
    with open_export_source(project) as source:
        annotators = source.layer_annotators(selection.layer)
        got = list(source.documents(selection, annotators, tokenizer, packed=True))
        expected = _reference(source._conn, selection, annotators, tokenizer)
    assert got and {type(d) for d in got} == {SpansUnread}  # read the packed way
    assert [_fields(d) for d in got] == [_fields(d) for d in expected]  # rows in the same order
    for doc in got:  # compares as the StoredDocument of its fields, either way round
        same = StoredDocument(*(getattr(doc, name) for name in StoredDocument.__slots__))
        assert doc == same and same == doc and doc != dataclasses.replace(same, done=["x"])


def test_packed_rows_are_made_when_first_read_and_a_pickle_carries_their_text(project):
    with open_export_source(project) as source:
        docs = list(source.documents(Selection(), source.layer_annotators("all"), 1, packed=True))
        expected = _reference(source._conn, Selection(), source.layer_annotators("all"), 1)
    unread = [d for d in docs if d._packed is not None]
    assert len(unread) == sum(bool(d.spans) for d in expected) > 2  # a document without spans has []
    again = pickle.loads(pickle.dumps(docs, pickle.HIGHEST_PROTOCOL))
    kinds = [SpansUnread if d._packed is not None else StoredDocument for d in docs]
    assert [type(d) for d in again] == kinds and [d._packed for d in again if type(d) is SpansUnread] == [
        d._packed for d in unread
    ]  # still the text: rows are made where they are read
    assert repr([_fields(d) for d in again]) == repr([_fields(d) for d in expected])
    first = unread[0]
    rows = first.spans
    assert first._packed is None and first.spans is rows  # made once
    sent = pickle.loads(pickle.dumps(first, pickle.HIGHEST_PROTOCOL))
    assert type(sent) is StoredDocument and sent == first  # once read, it travels as rows


def test_a_packed_document_copies_and_replaces_as_a_stored_one(project):
    with open_export_source(project) as source:
        doc = next(d for d in source.documents(Selection(), source.layer_annotators("all"), 1, packed=True) if d.spans)
    assert copy.copy(doc) == doc and copy.copy(doc).spans == doc.spans
    changed = dataclasses.replace(doc, spans=doc.spans[:1])
    assert changed.spans == doc.spans[:1] and changed.text == doc.text and changed._packed is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        doc.spans = []  # type: ignore[misc]


class _Server:
    """A connection as the PostgreSQL adapter is one: rows back, but no sqlite3.Connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql, parameters=()):
        return self.conn.execute(sql, parameters)

    def cursor(self):
        return self.conn.cursor()


@pytest.mark.parametrize("selection", SELECTIONS[:2] + SELECTIONS[-1:], ids=repr)
def test_packed_is_read_by_streams_on_a_server_connection(project, selection):
    with open_export_source(project) as source:
        annotators = source.layer_annotators(selection.layer)
        got = list(es.iter_documents(_Server(source._conn), selection, annotators, 1, packed=True))
        expected = _reference(source._conn, selection, annotators, 1)
    assert {type(d) for d in got} == {StoredDocument}
    assert [_fields(d) for d in got] == [_fields(d) for d in expected]
