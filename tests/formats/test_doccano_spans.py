"""The doccano reader's spans, built through SpanRecord's slots (issue 17), are the spans
`SpanRecord(start, end, label)` makes: every field, equality, hash, pickling."""

from __future__ import annotations

import dataclasses
import json
import pickle

from desktop.formats.doccano import _plain_span, read_doccano
from desktop.formats.records import SpanRecord


def test_a_plain_span_is_the_span_the_constructor_makes():
    for start, end, label in [(0, 1, "place"), (3, 17, "org-2.x_y"), (120, 4000, "تاریخ")]:
        made, built = _plain_span(start, end, label), SpanRecord(start, end, label)
        assert made == built and hash(made) == hash(built) and repr(made) == repr(built)
        assert [getattr(made, f.name) for f in dataclasses.fields(SpanRecord)] == [
            getattr(built, f.name) for f in dataclasses.fields(SpanRecord)
        ]
        assert pickle.loads(pickle.dumps(made)) == built and made.key == built.key
    first, second = _plain_span(0, 1, "a"), _plain_span(0, 1, "a")
    assert first.attributes is not second.attributes  # a dict of its own, as default_factory gives


def test_the_reader_gives_the_spans_a_file_states():
    lines = [
        {"text": "سفر به تبریز در ۱۴۰۴", "label": [[7, 12, "place"], [16, 20, "date"], [7, 12, "place"]]},
        {"text": "abc", "entities": [{"start_offset": 0, "end_offset": 3, "label": "event"}]},
    ]
    text = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    records = list(read_doccano(text, "x.jsonl"))
    assert [r.spans for r in records] == [
        [SpanRecord(7, 12, "place"), SpanRecord(16, 20, "date"), SpanRecord(7, 12, "place")],
        [SpanRecord(0, 3, "event")],
    ]
