"""Native JSONL carries relations, span attributes, entity links and notes, byte for byte.

The record shape is Barchasb's own (docs/formats.md, "Native JSONL"); the
relation and entity fields follow issue 15 and desktop/core/relations.py.
"""

from __future__ import annotations

import json
from io import BytesIO

import pytest

from desktop.core.attributes import AttributeField
from desktop.core.errors import InputError
from desktop.core.relations import RelationType
from desktop.formats.align import Policy, align_spans
from desktop.formats.jsonl import NativeWriter, read_native
from desktop.formats.links import check_relation_types
from desktop.formats.records import DocumentRecord, RelationRecord, SpanRecord
from desktop.formats.writing import ExportItem, WriterOptions
from desktop.text.tokens import tokenize

TEXT = "😀 اسحاق جهانگیری، معاون اول رئیس‌جمهور، قرارداد ۱٫۸ میلیارد دلاری را امضا کرد."


def at(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


def span(phrase: str, label: str, annotator: str = "sara", **extra) -> dict:
    start, end = at(phrase)
    out = {"start": start, "end": end, "label": label, "text": phrase, "annotator": annotator, "origin": "manual"}
    return out | extra


ENTITY = {"id": 7, "name": "اسحاق جهانگیری", "type": "official", "aliases": ["جهانگیری"], "external_id": "Q1"}
RECORD = {
    "id": 1,
    "text": TEXT,
    "meta": {"name": "n.txt"},
    "spans": [
        span("اسحاق جهانگیری", "official", entity=7, note="نام کامل"),
        span("معاون اول رئیس‌جمهور", "title", attributes={"role_level": "deputy"}),
        span("قرارداد", "agreement", attributes={"status": "signed", "signed": True}),
        span("۱٫۸ میلیارد دلاری", "figure", attributes={"value": {"amount": 1.8e9, "unit": "USD"}}),
    ],
    "relations": [
        {"head": 0, "tail": 1, "type": "holds", "annotator": "sara", "origin": "manual"},
        {"head": 3, "tail": 2, "type": "amount_of", "annotator": "sara", "origin": "manual", "note": "rounded"},
    ],
    "entities": [ENTITY],
}


def line(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"


def write(docs, options: WriterOptions | None = None, items=None) -> bytes:
    out = BytesIO()
    writer = NativeWriter(out, options or WriterOptions())
    for item in items or [ExportItem(d) for d in docs]:
        writer.write(item)
    writer.close()
    return out.getvalue()


def test_relations_attributes_and_entities_are_read():
    [doc] = read_native(line(RECORD), "r.jsonl")
    official, title, agreement, figure = doc.spans
    assert [(r.head, r.tail, r.type, r.annotator, r.note) for r in doc.relations] == [
        (0, 1, "holds", "sara", ""),
        (3, 2, "amount_of", "sara", "rounded"),
    ]
    assert (official.entity, official.note) == (7, "نام کامل")
    assert title.attributes == {"role_level": "deputy"}
    assert figure.attributes == {"value": {"amount": 1.8e9, "unit": "USD"}}
    [entity] = doc.entities
    assert (entity.id, entity.name, entity.aliases, entity.external_id) == (7, "اسحاق جهانگیری", ("جهانگیری",), "Q1")
    assert TEXT[official.start : official.end] == "اسحاق جهانگیری"  # code points: the emoji counts one


def test_round_trip_is_byte_identical():
    data = line(RECORD) + line({"id": 2, "text": "بدون برچسب", "meta": {"name": "m.txt"}, "spans": []})
    docs = list(read_native(data, "r.jsonl"))
    for number, doc in enumerate(docs, 1):
        doc.id = number  # what the project that imported them numbers them (the id is not read)
    assert write(docs).decode() == data


GOLD_PROVENANCE = {"method": "accepted", "source": {"start": 2, "end": 16, "label": "official", "layers": ["sara"],
                   "span_id": 4}, "decided_by": "lead", "decided_at": "2026-12-01T10:00:00.000Z"}  # fmt: skip
RELATION_PROVENANCE = {
    "method": "accepted",
    "source": {"head": [2, 16, "official"], "tail": [18, 38, "title"], "type": "holds", "layers": ["sara"],
               "relation_id": 9},
    "decided_by": "lead",
    "decided_at": "2026-12-01T10:01:00.000Z",
}  # fmt: skip
REJECTION = {"head": [48, 65, "figure"], "tail": [40, 47, "agreement"], "type": "amount_of", "layers": ["sara"],
             "decided_by": "lead", "decided_at": "2026-12-01T10:02:00.000Z"}  # fmt: skip


def test_gold_provenance_of_spans_and_relations_and_relation_rejections_round_trip_byte_identical():
    record = {
        "id": 1,
        "text": TEXT,
        "meta": {"name": "n.txt"},
        "spans": [
            span("اسحاق جهانگیری", "official", "gold", provenance=GOLD_PROVENANCE),
            span(
                "معاون اول رئیس‌جمهور",
                "title",
                "gold",
                provenance={**GOLD_PROVENANCE, "method": "drawn", "source": None},
            ),  # fmt: skip
        ],
        "relations": [
            {
                "head": 0,
                "tail": 1,
                "type": "holds",
                "annotator": "gold",
                "origin": "manual",
                "provenance": RELATION_PROVENANCE,
            },
        ],  # fmt: skip
        "relation_rejections": [REJECTION],
    }
    [doc] = read_native(line(record), "r.jsonl")
    assert doc.relations[0].provenance == RELATION_PROVENANCE and doc.relation_rejections == [REJECTION]
    assert doc.spans[0].provenance == GOLD_PROVENANCE
    doc.id = 1  # what the project that imported it numbers it (the id is not read)
    assert write([doc]).decode() == line(record)


def test_a_provenance_that_is_no_object_names_file_and_line():
    bad = {**RECORD, "relations": [{**RECORD["relations"][0], "provenance": "accepted"}]}
    with pytest.raises(InputError, match=r"r\.jsonl:2: .provenance. should be dict"):
        list(read_native(line(RECORD) + line(bad), "r.jsonl"))


def test_records_without_the_new_layer_are_written_as_before():
    doc = DocumentRecord("علی به باکو رفت.", [SpanRecord(7, 11, "place", "sara", "manual")], {"name": "a"}, id=3)
    assert (
        write([doc])
        == (
            '{"id":3,"text":"علی به باکو رفت.","meta":{"name":"a"},"spans":[{"start":7,"end":11,'
            '"label":"place","text":"باکو","annotator":"sara","origin":"manual"}]}\n'
        ).encode()
    )


def test_with_tokens_relations_follow_their_spans_and_drop_with_a_dropped_end():
    [doc] = read_native(line(RECORD), "r.jsonl")
    doc.spans.insert(0, SpanRecord(3, 6, "official", "sara", "manual"))  # «اسح»: not on token boundaries
    doc.relations = [type(r)(r.head + 1, r.tail + 1, r.type, r.annotator, r.origin, r.note) for r in doc.relations]
    doc.relations.append(type(doc.relations[0])(0, 2, "holds", "sara"))  # from the span that will be skipped
    tokens = tokenize(TEXT)
    aligned, problems = align_spans(doc.spans, tokens, Policy.SKIP)
    assert [p.action for p in problems] == ["skipped"]
    out = json.loads(write([], WriterOptions(tokens=True), [ExportItem(doc, tokens, aligned)]))
    assert [s["label"] for s in out["spans"]] == ["official", "title", "agreement", "figure"]
    assert [(r["head"], r["tail"], r["type"]) for r in out["relations"]] == [(0, 1, "holds"), (3, 2, "amount_of")]


def bad(words: str, record: dict, line_no: int = 2, fields=None) -> None:
    good = {"text": "خوب", "spans": []}
    with pytest.raises(InputError) as info:
        list(read_native(line(good) + line(record), "in.jsonl", fields=fields or {}))
    assert (info.value.path, info.value.line) == ("in.jsonl", line_no)
    assert words in str(info.value)


def with_(**changes) -> dict:
    return RECORD | changes


@pytest.mark.parametrize(
    "record, words",
    [
        (with_(relations=[{"head": 0, "tail": 9, "type": "holds"}]), "relation 1 (holds) points at span 9"),
        (with_(relations=[{"head": 0, "tail": 0, "type": "holds"}]), "joins a span to itself"),
        (with_(relations=[{"head": "0", "tail": 1, "type": "holds"}]), "points at span '0'"),
        (with_(relations=[{"head": 0, "tail": 1, "type": ""}]), "relation type '' is empty"),
        (with_(relations=[{"head": 0, "tail": 1, "type": "holds", "annotator": "omid"}]), "different annotators"),
        (with_(entities=[]), "links to entity 7, which the record lacks"),
        (with_(entities=[ENTITY, ENTITY]), "entity id 7 is not a positive integer or is repeated"),
        (with_(entities=[ENTITY | {"name": " "}]), "entity 7 has no name"),
        (with_(entities=[ENTITY | {"aliases": "جهانگیری"}]), "aliases should be a list of strings"),
        (with_(spans=[span("قرارداد", "agreement", attributes={"status": ["a"]})], relations=[]), "is not a text"),
        (with_(spans=[span("قرارداد", "agreement", attributes=["status"])], relations=[]), "'attributes' should be"),
    ],
)
def test_bad_links_name_file_and_line(record, words):
    bad(words, record)


def test_relations_across_layers_are_refused():
    spans = [span("اسحاق جهانگیری", "official", entity=7), span("معاون اول رئیس‌جمهور", "title", annotator="omid")]
    bad("joins spans of different annotators", with_(spans=spans, relations=RECORD["relations"][:1]))


def test_with_the_schemes_fields_an_attribute_of_the_wrong_type_is_refused():
    fields = {
        "title.role_level": AttributeField("title", "role_level", "choice", ("deputy", "head")),
        "agreement.status": AttributeField("agreement", "status", "choice", ("signed", "draft")),
        "agreement.signed": AttributeField("agreement", "signed", "boolean"),
        "figure.value": AttributeField("figure", "value", "value"),
    }
    assert len(list(read_native(line(RECORD), "in.jsonl", fields=fields))) == 1
    wrong = with_(spans=[span("قرارداد", "agreement", attributes={"signed": "yes"})], relations=[])
    bad("attribute agreement.signed: 'yes' is not a boolean value", wrong, fields=fields)
    unknown = with_(spans=[span("قرارداد", "agreement", attributes={"colour": "red"})], relations=[])
    bad("attribute 'colour' is not a field of label 'agreement'", unknown, fields=fields)


def test_an_entity_id_means_one_entity_in_the_whole_file():
    other = with_(id=2, entities=[ENTITY | {"name": "محمدرضا عارف"}])
    with pytest.raises(InputError, match=r"^in.jsonl:2: entity 7 is 'محمدرضا عارف' here but 'اسحاق جهانگیری'"):
        list(read_native(line(RECORD) + line(other), "in.jsonl"))
    assert len(list(read_native(line(RECORD) + line(with_(id=2)), "in.jsonl"))) == 2


def test_skip_invalid_keeps_the_good_records_and_lists_the_bad_one():
    broken = with_(relations=[{"head": 0, "tail": 9, "type": "holds"}])
    problems: list[InputError] = []
    docs = list(read_native(line(RECORD) + line(broken) + line(RECORD), "in.jsonl", problems))
    assert len(docs) == 2 and [(p.line, "points at span 9" in p.reason) for p in problems] == [(2, True)]


def test_a_relation_type_the_scheme_does_not_allow_between_the_labels_is_refused():
    holds = RelationType("holds", "دارد", "holds", "#123456", heads=("official",), tails=("title",))
    amount = RelationType("amount_of", "مبلغ", "amount of", "#654321", heads=("figure",), tails=("agreement",))
    [doc] = read_native(line(RECORD), "in.jsonl")
    check_relation_types(doc, {"holds": holds, "amount_of": amount}, path="in.jsonl")  # both fit
    doc.relations[0] = RelationRecord(1, 0, "holds", "sara")  # title → official
    with pytest.raises(InputError, match=r"^in.jsonl:1: relation 1: 'holds' is not allowed from 'title' to 'official'"):
        check_relation_types(doc, {"holds": holds}, path="in.jsonl")
