"""`jsonl --tokens`' token lists of a chunk made at once (desktop/formats/token_json.py, issue 17).

`tokens_json_many` must give, for every document of a chunk, exactly the bytes and
token indices `tokens_json_text` gives for that document alone (or None: written the
per-document way), on any text: whitespace before the first token or after the last,
runs of spaces, CRLF, tabs, NBSP, ZWNJ, emoji, quotes, backslashes, control characters,
the code points where UTF-8 grows a byte (U+0800, U+10000), empty documents; and
`NativeWriter` must write the same lines with the chunk made ahead (`ahead`) as without.
"""

from __future__ import annotations

import io
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.formats import token_json
from desktop.formats.align import TokenSpan
from desktop.formats.jsonl import NativeWriter, tokens_json_text
from desktop.formats.records import DocumentRecord, SpanRecord
from desktop.formats.writing import ExportItem, WriterOptions
from desktop.text.token_batch import FlatRanges

pytest.importorskip("pyarrow")  # the fast path's own; without it every document goes the per-document way

ALPHABET = 'ab ۱2\n\r\t"\\\x07\x00\x1f\x7f\u200c\u00a0\u2028\ue000😀.\u07ff\u0800\uffff\U00010000'


def words(text: str) -> list[tuple[int, int]]:
    """Tokens as our tokenizer leaves them: runs without whitespace, in order."""
    return [m.span() for m in re.finditer(r"[^\s]+", text)]


def flat(tokens: list[tuple[int, int]]) -> FlatRanges:
    return FlatRanges([a for a, _ in tokens], [b for _, b in tokens])


def alone(text: str, tokens: list[tuple[int, int]]) -> tuple[bytes, list[int]]:
    made, index = tokens_json_text(text, tokens)
    return made.encode(), index


@settings(deadline=None, max_examples=300)  # the first example imports numpy and pyarrow
@given(st.lists(st.tuples(st.text(alphabet=ALPHABET, max_size=40), st.booleans()), min_size=1, max_size=8))
def test_a_chunk_gives_each_document_what_it_gives_alone(docs):
    texts = [text for text, _ in docs]
    tokens = [flat(words(text)) if stored else words(text) for text, stored in docs]
    made = token_json.tokens_json_many(texts, tokens)
    assert made == [alone(text, words(text)) for text in texts]


def test_edges():
    texts = ["", "  ", "ab", "  ab  cd ", "a b", "ab\r\n", 'a\ue000 "b"', "ab", "\t😀 x\u200cy\u00a0z \\", ""]
    tokens = [[], [], [(0, 2)], [(2, 4), (6, 8)], [(0, 1), (2, 3)], [(0, 2)], [(0, 2), (3, 6)], [(0, 1), (1, 2)]]
    tokens += [words(texts[8]), []]
    assert token_json.tokens_json_many(texts, tokens) == [alone(t, k) for t, k in zip(texts, tokens)]


def test_a_long_chunk_is_made_in_runs(monkeypatch):
    monkeypatch.setattr(token_json, "RUN_CHARS", 10)
    texts = ["ab cd", "efg h ", "\n", "ij", "klmnopqrstu v"]
    assert token_json.tokens_json_many(texts, [words(t) for t in texts]) == [alone(t, words(t)) for t in texts]


def test_unusual_documents_are_left_to_the_per_document_way(monkeypatch):
    monkeypatch.setattr(token_json, "MAX_CHARS", 20)
    texts = ["ab cd", "ab cd", "ab cd", "ab cd", "x" * 21, "ab cd"]
    tokens = [[(0, 2), (3, 5)], [(3, 5), (0, 2)], [(0, 3), (2, 5)], [(0, 0), (3, 5)], [(0, 21)], [(0, 2), (3, 6)]]
    made = token_json.tokens_json_many(texts, tokens)
    assert made == [alone(texts[0], tokens[0]), None, None, None, None, None]  # in order, overlapping, empty, long, out


def test_a_lone_surrogate_leaves_its_run_to_the_per_document_way():
    assert token_json.tokens_json_many(["ab", "a\ud800b"], [[(0, 2)], [(0, 3)]]) == [None, None]


def item(text: str, spans: list[tuple[int, int, int, int]], stored: bool) -> ExportItem:
    tokens = words(text)
    records = [SpanRecord(a, b, "X", "sara") for a, b, _, _ in spans]
    fitted = [TokenSpan(span, i, j) for span, (_, _, i, j) in zip(records, spans)]
    return ExportItem(DocumentRecord(text, records, {}, id=7), flat(tokens) if stored else tokens, fitted)


def lines(items: list[ExportItem], ahead: bool) -> bytes:
    out = io.BytesIO()
    writer = NativeWriter(out, WriterOptions(tokens=True))
    if ahead:
        writer.ahead(items)
    for one in items:
        writer.write(one)
    return out.getvalue()


def test_the_writer_writes_the_same_lines_with_the_chunk_made_ahead():
    items = [
        item("علی به  تهران\nرفت .", [(0, 3, 0, 1), (7, 12, 2, 3)], True),
        item("", [], True),
        item('\t"a" \\b\u200cc 😀', [(1, 4, 0, 1), (5, 9, 1, 2)], False),
        item(" x ", [(1, 2, 0, 1)], True),
    ]
    before = lines(items, ahead=False)
    assert lines(items, ahead=True) == before
    assert b'"tokens":[{"text":"\\t","start":0,"end":1,"id":0,"ws":false},{"text":"\\"a\\"","start":1' in before
    writer = NativeWriter(io.BytesIO(), WriterOptions(tokens=True))
    writer.ahead(items)
    assert len(writer._ahead) == 4  # all four were made ahead, none left to the per-document way


def test_an_item_not_made_ahead_is_made_when_written():
    items = [item("a b", [(0, 1, 0, 1)], True), item("c d", [(2, 3, 1, 2)], True)]
    other = item("e f", [(0, 1, 0, 1)], True)
    out = io.BytesIO()
    writer = NativeWriter(out, WriterOptions(tokens=True))
    writer.ahead(items)
    for one in (items[0], other, items[1]):
        writer.write(one)
    assert out.getvalue() == lines([items[0], other, items[1]], ahead=False)


def test_the_tables_grow_for_a_longer_document(monkeypatch):
    monkeypatch.setattr(token_json, "_TABLES", [])
    texts = ["a b\n", "c"]
    assert token_json.tokens_json_many(texts, [words(t) for t in texts]) == [alone(t, words(t)) for t in texts]
    assert token_json._TABLES[1] == (8_192, 2_048)  # the first tables
    texts = ["a b\n", "ab  " * 2500 + "\u200c", "c"]  # 10,001 characters, 5,001 pieces
    assert token_json.tokens_json_many(texts, [words(t) for t in texts]) == [alone(t, words(t)) for t in texts]
    assert token_json._TABLES[1] == (16_384, 5_001)  # offsets doubled, ids as many as needed
