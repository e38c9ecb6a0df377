"""The spaCy writer splits a document's spans into entities and the `sc` group in one pass
(`split_overlaps`), exactly as `partition_overlaps(unique(spans, False))` does."""

from __future__ import annotations

import random

from formats.test_spacy_bytes import items

from desktop.formats.align import TokenSpan, partition_overlaps, unique
from desktop.formats.records import SpanRecord
from desktop.formats.spacy_docbin import split_overlaps


def spans_of(rng: random.Random) -> list[TokenSpan]:
    out = []
    for _ in range(rng.randrange(0, 12)):
        start = rng.randrange(0, 20)
        end = start + rng.randrange(1, 6)
        span = SpanRecord(start, end, rng.choice("ABC"), rng.choice([None, "reza", "sara"]))
        out.append(TokenSpan(span, start, end))
    return out


def same(a: tuple[list[TokenSpan], list[TokenSpan]], b: tuple[list[TokenSpan], list[TokenSpan]]) -> bool:
    """The same items (not only equal ones) in the same order."""
    return all(list(map(id, x)) == list(map(id, y)) for x, y in zip(a, b, strict=True))


def test_random_spans_as_prepared_and_in_any_order_split_as_the_two_functions_split_them():
    rng = random.Random(7)
    for _ in range(3000):
        spans = spans_of(rng)
        prepared = unique(spans, False)  # the fast pass
        assert same(split_overlaps(prepared), partition_overlaps(unique(prepared, False)))
        assert same(split_overlaps(spans), partition_overlaps(unique(spans, False)))  # repeats, any order


def test_the_test_documents_split_as_before():
    for item in items():
        spans = item.token_spans or []
        assert same(split_overlaps(spans), partition_overlaps(unique(spans, False)))
        assert same(split_overlaps(spans[::-1]), partition_overlaps(unique(spans[::-1], False)))
