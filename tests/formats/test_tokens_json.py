"""`jsonl --tokens`' token list made a document at a time (issue 17, session 7).

`tokens_json_text` works the pieces out with numpy and cuts their texts apart with
`str.split`; it must write exactly what one `dumps()`-style object per piece of
`spacing.pieces` wrote, for tokens given as pairs or as stored `FlatRanges`, on any
text: whitespace before the first token or after the last, runs of spaces, line
breaks, quotes, backslashes, control characters, ZWNJ, emoji, and the private-use
character the cut uses.
"""

from __future__ import annotations

import json
import pickle
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.formats.align import Policy, Problem, align_spans, units
from desktop.formats.jsonl import tokens_json_text
from desktop.formats.records import SpanRecord
from desktop.formats.spacing import pieces
from desktop.text.token_batch import FlatRanges, pack, unpack, unpack_flat
from desktop.workspace.export.report import ExportProblem

ALPHABET = 'ab ۱2\n\t"\\\x07\u200c\u00a0\ue000😀.'


def reference(text: str, tokens: list[tuple[int, int]]) -> tuple[str, list[int]]:
    items, index = pieces(text, tokens)
    made = [
        json.dumps(
            {"text": text[a:b], "start": a, "end": b, "id": i, "ws": ws}, ensure_ascii=False, separators=(",", ":")
        )
        for i, (a, b, ws) in enumerate(items)
    ]
    return f"[{','.join(made)}]", index


def words(text: str) -> list[tuple[int, int]]:
    """Tokens as our tokenizer leaves them: runs without whitespace, in order."""
    return [m.span() for m in re.finditer(r"[^\s]+", text)]


@settings(deadline=None)  # the first example imports numpy
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_the_token_list_is_what_one_object_per_piece_wrote(text):
    tokens = words(text)
    expected = reference(text, tokens)
    assert tokens_json_text(text, tokens) == expected
    flat = FlatRanges([a for a, _ in tokens], [b for _, b in tokens])
    assert tokens_json_text(text, flat) == expected


def test_edges():
    for text, tokens in [
        ("", []),
        ("  ", []),
        ("ab", [(0, 2)]),
        ("  ab  cd ", [(2, 4), (6, 8)]),
        ("a b", [(0, 1), (2, 3)]),
        ("ab\n", [(0, 2)]),
        ("a\ue000 b", [(0, 2), (3, 4)]),  # the cut's own character in the text
        ("ab", [(0, 1), (1, 2)]),  # tokens touching
    ]:
        assert tokens_json_text(text, tokens) == reference(text, tokens), text


def test_flat_ranges_are_the_unpacked_ranges():
    ranges = [(0, 3), (4, 9), (9, 10), (12, 20)]
    flat = unpack_flat(pack(ranges))
    assert flat == ranges == unpack(pack(ranges))
    assert (len(flat), flat[1], flat[-1], flat[1:3], list(flat)) == (4, (4, 9), (12, 20), ranges[1:3], ranges)
    assert not unpack_flat(pack([]))


def test_spans_align_to_flat_ranges_as_to_pairs():
    ranges = [(0, 3), (4, 9), (9, 10), (12, 20)]
    spans = [SpanRecord(4, 10, "x"), SpanRecord(5, 13, "y"), SpanRecord(10, 12, "z"), SpanRecord(0, 3, "w")]
    flat = FlatRanges([a for a, _ in ranges], [b for _, b in ranges])
    for policy in (Policy.EXPAND, Policy.CONTRACT, Policy.SKIP):
        assert align_spans(spans, flat, policy) == align_spans(spans, ranges, policy)
    aligned, _ = align_spans(spans, ranges, Policy.EXPAND)
    assert units(flat, [(0, 10), (12, 20)], aligned) == units(ranges, [(0, 10), (12, 20)], aligned)


def test_problems_come_back_from_a_worker_whole():
    span = SpanRecord(1, 4, "x", "sara", "manual", None, {"k": 1}, 3, "n")
    problem = ExportProblem(7, "doc", "abc", Problem("overlap", span, "skipped", 0, 5, "why", SpanRecord(0, 5, "y")))
    again = pickle.loads(pickle.dumps(problem))
    assert again == problem
    assert again.problem.other == problem.problem.other and again.problem.span.attributes == {"k": 1}


def conll_reference(words: list[str], tags: list[str], unit_ranges: list[tuple[int, int]]) -> bytes:
    lines = [f"{w}\t{t}" for w, t in zip(words, tags)]
    return "".join("\n".join(lines[a:b]) + "\n\n" for a, b in unit_ranges).encode("utf-8")


def test_conll_joins_a_document_at_once_as_line_by_line():
    import io

    from desktop.formats.align import TokenSpan
    from desktop.formats.conll import ConllWriter
    from desktop.formats.records import DocumentRecord
    from desktop.formats.writing import ExportItem, WriterOptions

    text = "علی به تهران رفت . او ماند"
    tokens = words(text)
    span = SpanRecord(7, 12, "LOC")
    tags = ["O", "O", "B-LOC", "O", "O", "O", "O"]
    for unit_ranges in ([(0, 5), (5, 7)], [(0, 7)], [(0, 3)], [(2, 5), (5, 7)]):  # the last two cover a part
        out = io.BytesIO()
        item = ExportItem(DocumentRecord(text, [span]), tokens, [TokenSpan(span, 2, 3)], unit_ranges)
        ConllWriter(out, WriterOptions()).write(item)
        assert out.getvalue() == conll_reference([text[a:b] for a, b in tokens], tags, unit_ranges)
