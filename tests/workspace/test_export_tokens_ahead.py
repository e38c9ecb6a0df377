"""A worker's `jsonl --tokens` batch makes its token lists at once (written.py -> NativeWriter.ahead,
desktop/formats/token_json.py) and writes the same bytes as document by document."""

from __future__ import annotations

import pytest

from desktop.formats import token_json
from desktop.formats.align import Policy
from desktop.formats.jsonl import NativeWriter
from desktop.formats.records import DocumentRecord, SpanRecord
from desktop.formats.writing import WriterOptions
from desktop.text.token_batch import pack
from desktop.text.tokens import sentences, tokenize
from desktop.workspace.export.prepare import Shape
from desktop.workspace.export.written import Batch, written

pytest.importorskip("pyarrow")

TEXTS = ["علی به  تهران\nرفت .", "", '\t"a" \\b\u200cc 😀', " x ", "سازمان ملل\r\nمتحد"]


def batch() -> Batch:
    docs = []
    for i, text in enumerate(TEXTS):
        doc = DocumentRecord(text, [SpanRecord(0, 3, "X", "sara")] if len(text) > 3 else [], id=i + 1)
        doc.token_bounds = (pack(tokenize(text)), pack(sentences(text)))  # stored, as a project keeps them
        docs.append(doc)
    shape = Shape(True, True, True, None, Policy.EXPAND, Policy.ASK, False, True)
    return Batch("jsonl", shape, WriterOptions(tokens=True), docs)


def test_a_batch_makes_its_token_lists_at_once_and_writes_the_same_bytes(monkeypatch):
    made = []
    ahead = NativeWriter.ahead
    monkeypatch.setattr(NativeWriter, "ahead", lambda self, items: made.append(len(items)) or ahead(self, items))
    fast = written(batch())
    assert made == [len(TEXTS)]
    monkeypatch.setattr(token_json, "available", lambda: False)  # every list the per-document way
    slow = written(batch())
    assert [w.data for w in fast] == [w.data for w in slow]
    assert [(w.records, w.labels, w.problems) for w in fast] == [(w.records, w.labels, w.problems) for w in slow]
