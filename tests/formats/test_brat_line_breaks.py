"""brat standoff over hard text: emoji (astral), ZWNJ and line breaks (CRLF, lone CR, U+2028)
before and inside spans. A T line is one line, so a span over a line break is written in
pieces (`32 41;43 53`, their texts joined by a space, as brat's own check wants) and read
back as the one span it was; a real gap between pieces is still refused."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from text.text_strategies import documents

from desktop.core.errors import InputError
from desktop.formats.brat import read_brat
from desktop.formats.brat_write import brat_files
from desktop.formats.records import DocumentRecord, RelationRecord, SpanRecord

TEXT = "🇮🇷😀 خبر\r\nمعاون اول\r\nرئیس‌جمهور با سازمان‌ها گفت.\u2028پایان"


def at(words: str) -> tuple[int, int]:
    start = TEXT.index(words)
    return start, start + len(words)


def test_a_span_over_a_crlf_is_written_in_pieces_and_read_back_whole():
    title, org = at("معاون اول\r\nرئیس‌جمهور"), at("سازمان‌ها گفت.\u2028پایان")
    doc = DocumentRecord(TEXT, [SpanRecord(*title, "title"), SpanRecord(*org, "organisation")])
    doc.relations = [RelationRecord(0, 1, "of")]
    text, ann = brat_files(doc)
    assert ann.split("\n")[:2] == [
        f"T1\ttitle {title[0]} {title[0] + 9};{title[0] + 11} {title[1]}\tمعاون اول رئیس‌جمهور",
        f"T2\torganisation {org[0]} {org[1] - 6};{org[1] - 5} {org[1]}\tسازمان‌ها گفت. پایان",
    ]
    back = read_brat(text, ann, path="a.ann")
    assert [(s.start, s.end, s.label) for s in back.spans] == [(*title, "title"), (*org, "organisation")]
    assert back.relations == [RelationRecord(0, 1, "of")]


T0, T1 = at("معاون اول")
T2, T3 = at("رئیس‌جمهور")


@pytest.mark.parametrize(
    ("where", "words", "why"),
    [
        (f"0 2;{T0} {T1}", "🇮🇷 معاون اول", "discontinuous span"),  # words between the pieces
        (f"{T0} {T1};{T2} {T3}", "معاون اول رئیس جمهور", "does not match"),  # not the pieces' text
        (f"{T0} {T1};{T2} 99", "معاون اول", "ends past the text"),
    ],
)
def test_pieces_that_are_not_one_span_over_line_breaks_are_refused_with_the_line(where, words, why):
    with pytest.raises(InputError) as caught:
        read_brat(TEXT, f"T1\ttitle {where}\t{words}\n", path="a.ann")
    assert caught.value.line == 1 and why in str(caught.value)


def _spans(text: str, cuts: list[int]) -> list[SpanRecord]:
    """Spans between pairs of cut points, trimmed of whitespace at their edges (as labelled)."""
    found = []
    for start, end in zip(cuts[::2], cuts[1::2], strict=False):
        words = text[start:end]
        start, end = start + len(words) - len(words.lstrip()), end - len(words) + len(words.rstrip())
        if start < end:
            found.append(SpanRecord(start, end, "place"))
    return found


@settings(max_examples=150, deadline=None)
@given(data=st.data(), text=documents(max_pieces=15))
def test_any_spans_round_trip_through_brat_at_the_same_code_points(data, text):
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=8)))
    spans = _spans(text, cuts)
    written, ann = brat_files(DocumentRecord(text, spans))
    assert written == text
    for line in ann.splitlines():  # each T line is one line, whatever the text holds
        assert line.startswith("T")
    back = read_brat(written, ann, path="a.ann")
    assert [(s.start, s.end, s.label) for s in back.spans] == [(s.start, s.end, s.label) for s in spans]
