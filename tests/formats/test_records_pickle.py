"""Records travel to export workers pickled by their fields: nothing lost on the way."""

from __future__ import annotations

import pickle

from desktop.formats.records import DocumentRecord, EntityRecord, RelationRecord, SpanRecord, span_record


def test_a_document_record_comes_back_whole():
    span = SpanRecord(0, 3, "place", "sara", "manual", {"decided_by": "lead"}, {"kind": "city"}, 7, "a note")
    doc = DocumentRecord(
        "تهران و قم",
        [span],
        {"name": "d.txt"},
        name="d.txt",
        id=4,
        tokens=[(0, 5)],
        sentences=[(0, 10)],
        line=3,
        content_hash="abc",
        done=["sara", None],
        relations=[RelationRecord(0, 0, "near", "sara")],
        entities=[EntityRecord(7, "تهران", "place")],
        relation_rejections=[{"head": [0, 3, "place"]}],
        token_bounds=(b"t", b"s"),
    )
    back = pickle.loads(pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == doc
    assert [getattr(back, name) for name in DocumentRecord.__slots__] == [
        getattr(doc, name) for name in DocumentRecord.__slots__
    ]
    assert back.spans[0].provenance == span.provenance and back.spans[0].note == "a note"


def test_span_record_made_through_its_slots_equals_the_dataclass():
    made = span_record(1, 4, "event", "reza", None, None, {"a": 1}, 3)
    assert made == SpanRecord(1, 4, "event", "reza", None, None, {"a": 1}, 3)
    assert (made.provenance, made.attributes, made.entity, made.note) == (None, {"a": 1}, 3, "")
    assert hash(made) == hash(SpanRecord(1, 4, "event", "reza"))
