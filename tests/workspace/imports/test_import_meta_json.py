"""An imported document's meta is written as `dumps` writes its dict (keys sorted, compact), from
parts made once a file instead of encoding six keys per document (issue 17: doccano-1k 3.8 -> 1.3 ms
of the calling thread's read, the import's longer path)."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from desktop.formats.records import DocumentRecord
from desktop.storage.rows import dumps
from desktop.workspace import Workspace
from desktop.workspace.imports import store
from desktop.workspace.imports.annotated import ImportOptions, import_annotated
from desktop.workspace.imports.meta import MetaJson, document_meta

STAMP = "2026-12-04T18:00:00.123456+00:00"
FIELDS = [
    {},
    {"name": "news/000/000001.txt"},
    {"z": "last", "a": 'quote " and \\ backslash', "m": "tab\there\nnewline \x01 \u200c ZWNJ 😀 emoji"},
    {"source_id": 7, "tags": ["خبر", "۱"], "nested": {"b": 1, "a": [None, True, 1.5]}},
    {"name": "x", "n": None},
    {"name": "ok", "id": 3},
]


@pytest.mark.parametrize("fields", FIELDS)
@pytest.mark.parametrize("normalised", [False, True])
def test_the_json_is_what_dumps_makes_of_the_dict(fields, normalised):
    record = DocumentRecord("متن", [], fields, name="n", line=12)
    for path in (Path("/tmp/a.jsonl"), Path('/tmp/پوشه "ها"/b\\c.jsonl')):
        for fmt in ("doccano", "jsonl"):
            made = MetaJson(STAMP)(record, fmt, path, normalised)
            assert made == dumps(document_meta(record, fmt, path, normalised, STAMP))


def test_tokens_and_sentences_are_written_in_their_places():
    record = DocumentRecord("یک دو. سه", [], {"name": "t"}, line=3, tokens=[(0, 2), (3, 5)], sentences=[(0, 6), (7, 9)])
    path = Path("/tmp/t.jsonl")
    assert MetaJson(STAMP)(record, "jsonl", path, False) == dumps(document_meta(record, "jsonl", path, False, STAMP))


def test_an_import_stores_each_meta_as_dumps_writes_it_without_encoding_the_dicts(tmp_path, monkeypatch):
    encoded: list[object] = []

    def spy(value):
        encoded.append(value)
        return dumps(value)

    monkeypatch.setattr(store, "dumps", spy)
    lines = [
        {"text": f"سند {n}", "label": [[0, 3, "place"]], "name": f"doc {n}", "z": 'q"uote', "a": n}
        for n in range(1, 30)
    ]
    source = tmp_path / "a.jsonl"
    source.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    workspace = Workspace.create(tmp_path / "project.barchasb")
    try:
        result = import_annotated(workspace, "tester", source, ImportOptions("doccano"))
    finally:
        workspace.close()
    assert len(result.documents_added) == 29
    assert encoded == []  # before: each document's meta dict, one by one
    with closing(sqlite3.connect(tmp_path / "project.barchasb")) as conn:
        metas = [row[0] for row in conn.execute("SELECT meta FROM documents ORDER BY id")]
    assert [dumps(json.loads(meta)) for meta in metas] == metas
    first = json.loads(metas[0])
    assert first["fields"] == {"name": "doc 1", "z": 'q"uote', "a": 1} and first["line"] == 1
    assert (first["format"], first["source"], first["normalized"]) == ("doccano", str(source), False)
