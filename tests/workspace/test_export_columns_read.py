"""spaCy's export reads a chunk's spans as arrays (issue 17): `iter_documents(columns=True)` gives
each document's spans as one text of their columns (export_unread.SpansColumns), and spacy_raw
makes the chunk's arrays from those texts at once, never a row tuple a span. The documents, the
columns handed to the writer and whole exports must be what the rows give."""

from __future__ import annotations

import dataclasses
import json
import pickle
import sqlite3
from contextlib import closing
from functools import partialmethod
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.formats.align import Policy
from desktop.storage.export_document import StoredDocument
from desktop.storage.export_selection import Selection
from desktop.storage.export_source import ExportSource, iter_documents
from desktop.storage.export_unread import SpansColumns
from desktop.workspace.export import spacy_raw
from desktop.workspace.export.project import ExportOptions
from desktop.workspace.export.records import OutputLabels
from tests.formats.test_jsonl_plain import SELECTIONS, mixed  # noqa: F401  (a fixture)
from tests.formats.test_token_export_apart import exported, with_gold  # noqa: F401  (a fixture)
from tests.workspace.test_export_gathered import ANNOTATORS, documents
from tests.workspace.test_export_spacy_raw import keep_bounds, raw_fields

pytest.importorskip("spacy")


def as_columns(doc: StoredDocument) -> StoredDocument:
    """`doc` as `column_documents` reads it: JSON arrays of its columns joined by U+001F."""
    if not doc.spans:
        return SpansColumns(*(getattr(doc, f.name) for f in dataclasses.fields(doc)))
    _, starts, ends, labels, people, origins, ids = zip(*doc.spans, strict=True)
    arrays = [starts, ends, people, ids, origins, labels]
    text = "\x1f".join(json.dumps(list(a), ensure_ascii=False, separators=(",", ":")) for a in arrays)
    fields = [text if f.name == "spans" else getattr(doc, f.name) for f in dataclasses.fields(doc)]
    return SpansColumns(*fields)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(1, 6).flatmap(lambda n: st.tuples(*(documents(i) for i in range(n)))),
    st.sampled_from([Selection(), Selection(mapping={"LOC": "PER"}), Selection(labels=("PER", "ORG"))]),
)
def test_a_chunk_read_as_columns_makes_what_its_rows_make(docs, selection):
    """Persian words, ZWNJ, emoji; spans overlapping, repeated, of two annotators, misaligned and
    out of the text, documents without spans: the same `RawDocument`s (or None) from the texts."""
    plain = [d for d in docs if spacy_raw._plain(d)]
    if not plain:
        return
    labels = OutputLabels(selection)
    columns = [as_columns(d) for d in plain]
    assert columns == plain  # compares as the rows
    columns = [as_columns(d) for d in plain]  # unread again
    assert spacy_raw._read_columns(columns) is not None  # the texts are read, not rows
    texts = [d.columns for d in columns]
    from_rows = spacy_raw.raw_documents(plain, ANNOTATORS, labels)
    from_columns = spacy_raw.raw_documents(columns, ANNOTATORS, labels)
    assert [r is None for r in from_columns] == [r is None for r in from_rows]
    for a, b in zip(from_rows, from_columns, strict=True):
        if a is not None and b is not None:
            assert raw_fields(b) == raw_fields(a)
    assert [d.columns for d in columns] == texts  # never made rows


def test_a_chunk_whose_spans_are_rows_reads_them():
    [doc] = [d for d in [as_columns(StoredDocument(1, "d", "h", "x y", {}, [(1, 0, 1, "PER", 1, "manual", 1)], []))]]
    assert doc.spans and doc.columns is None  # read as rows once
    assert spacy_raw._read_columns([doc]) is None
    assert spacy_raw._read_columns([StoredDocument(1, "d", "h", "x", {}, [], [])]) is None  # by streams


def stored_documents(workspace, selection: Selection, columns: bool) -> list[StoredDocument]:
    with workspace.repo.export_source() as source:
        annotators = source.layer_annotators(selection.layer)
        return list(source.documents(selection, annotators, 1, columns=columns))


@pytest.mark.parametrize("selection", [*SELECTIONS, "done"])
def test_documents_read_as_columns_are_the_rows_read_by_streams(mixed, selection):  # noqa: F811
    keep_bounds(mixed)
    chosen = SELECTIONS.get(selection, Selection(statuses=("in_progress", "done")))
    rows = stored_documents(mixed, chosen, columns=False)
    read = stored_documents(mixed, chosen, columns=True)
    assert {type(d) for d in read} == {SpansColumns}
    assert any(d.columns for d in read)  # some have spans
    assert read == rows and rows == read
    pickled = [pickle.loads(pickle.dumps(d)) for d in stored_documents(mixed, chosen, columns=True)]
    assert {type(d) for d in pickled} == {StoredDocument} and pickled == rows
    assert [d.spans for d in read] == [d.spans for d in rows]  # the same order, the same types
    assert [[type(v) for v in row] for d in read for row in d.spans] == [
        [type(v) for v in row] for d in rows for row in d.spans
    ]


def test_labels_of_any_characters_read_as_columns(mixed):  # noqa: F811
    """A label key with quotes, a backslash, U+001F and Persian letters comes back as stored."""
    odd = 'م"ک\\\x1fان'
    with closing(sqlite3.connect(mixed.repo.path)) as conn, conn:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("UPDATE labels SET key = ? WHERE key = 'place'", [odd])
    rows = stored_documents(mixed, Selection(), columns=False)
    read = stored_documents(mixed, Selection(), columns=True)
    assert odd in {row[3] for d in rows for row in d.spans}
    assert read == rows


def test_gold_provenance_and_other_connections_are_read_by_streams(with_gold):  # noqa: F811
    read = stored_documents(with_gold, Selection(), columns=True)
    assert {type(d) for d in read} == {StoredDocument}  # provenance columns: rows
    assert read == stored_documents(with_gold, Selection(), columns=False)

    class Other:  # a server's connection: not sqlite3's
        def __init__(self, conn: sqlite3.Connection) -> None:
            self._conn = conn

        def execute(self, *args: Any) -> Any:
            return self._conn.execute(*args)

        def cursor(self) -> Any:
            return self._conn.cursor()

    with closing(sqlite3.connect(with_gold.repo.path)) as conn:
        conn.execute("DELETE FROM gold_provenance")
        other = list(iter_documents(Other(conn), Selection(), {1: "a"}, None, columns=True))  # type: ignore[arg-type]
        mine = list(iter_documents(conn, Selection(), {1: "a"}, None, columns=True))
    assert {type(d) for d in other} == {StoredDocument} and {type(d) for d in mine} == {SpansColumns}
    assert other == mine


@pytest.mark.parametrize("split", [(), (1, 1)], ids=["one-file", "split"])
@pytest.mark.parametrize("selection", [*SELECTIONS])
@pytest.mark.parametrize("shards", [False, True], ids=["one-docbin", "shards"])
def test_an_export_read_as_columns_writes_the_same_files_and_report(
    mixed,  # noqa: F811  (the fixture imported above)
    tmp_path,
    monkeypatch,
    split,
    selection,
    shards,
):
    from desktop.formats import spacy_shards

    keep_bounds(mixed)
    if shards:
        monkeypatch.setattr(spacy_shards, "SHARD_DOCS", 2)
    options = ExportOptions(
        "spacy", SELECTIONS[selection], split=split, misaligned=Policy.EXPAND, overlapping=Policy.SKIP
    )
    by_streams = exported(mixed, tmp_path / "streams", options)
    read: list[bool] = []
    real = spacy_raw._read_columns

    def counted(docs: list[StoredDocument]) -> Any:
        found = real(docs)
        read.append(found is not None)
        return found

    monkeypatch.setattr(spacy_raw, "_read_columns", counted)
    monkeypatch.setattr(ExportSource, "documents", partialmethod(ExportSource.documents, columns=True))
    assert exported(mixed, tmp_path / "columns", options) == by_streams
    assert read and all(read)  # every chunk's spans read from the texts
