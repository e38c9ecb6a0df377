"""Relations in doccano's relation-extraction JSONL and in Label Studio tasks.

Sources read (not copied): doccano's `backend/data_export/models.py`
(`ExportedSpan.to_dict`: id, label, start_offset, end_offset; `ExportedRelation.to_dict`:
id, from_id, to_id, type), `backend/data_export/pipeline/factories.py` (a relation
project's JSONL export: the example's keys, `entities`, `relations`, `Comments`) and
`backend/data_import/pipeline/examples/relation_extraction/example.jsonl` (what its
import takes: relations without ids); Label Studio's
`web/libs/editor/src/stores/RelationStore.js` (`serialize`: from_id, to_id,
type "relation", direction left/right/bi, labels). The records below are written
in those shapes by hand, with Persian text.
"""

from __future__ import annotations

import json
from collections import Counter
from io import BytesIO

import pytest

from desktop.core.errors import InputError
from desktop.formats.doccano import read_doccano
from desktop.formats.doccano_write import DoccanoWriter
from desktop.formats.labelstudio import LabelStudioWriter, read_label_studio
from desktop.formats.labelstudio_users import LabelStudioUsers
from desktop.formats.writing import ExportItem, Writer, WriterOptions

TEXT = "🇮🇷 اسحاق جهانگیری، معاون اول رئیس‌جمهور، با شرکت توتال قرارداد بست."


def at(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


def utf16(offset: int) -> int:
    return offset + 2  # the flag before every span: two characters outside the BMP


PHRASES = [("اسحاق جهانگیری", "official"), ("معاون اول رئیس‌جمهور", "title"), ("توتال", "organization")]
PHRASES += [("قرارداد", "agreement")]


def doccano_line(unit=utf16) -> dict:
    """A line of doccano 1.x's export of a relation project (ids are its database ids)."""
    entities = [
        {"id": 101 + i, "label": label, "start_offset": unit(at(p)[0]), "end_offset": unit(at(p)[1])}
        for i, (p, label) in enumerate(PHRASES)
    ]
    relations = [
        {"id": 7, "from_id": 101, "to_id": 102, "type": "holds"},
        {"id": 8, "from_id": 103, "to_id": 104, "type": "party_to"},
    ]
    return {"id": 12, "text": TEXT, "name": "n.txt", "entities": entities, "relations": relations, "Comments": []}


def dump(*records) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def write(cls: type[Writer], docs, **options) -> str:
    out = BytesIO()
    writer = cls(out, WriterOptions(**options))
    for doc in docs:
        writer.write(ExportItem(doc))
    writer.close()
    return out.getvalue().decode()


def test_doccano_relation_export_reads_spans_and_relations_in_code_points():
    [doc] = read_doccano(dump(doccano_line()), "d.jsonl")
    assert [(TEXT[s.start : s.end], s.label) for s in doc.spans] == PHRASES
    assert [(r.head, r.tail, r.type) for r in doc.relations] == [(0, 1, "holds"), (2, 3, "party_to")]
    assert doc.meta == {"name": "n.txt"}  # doccano's own `id` and empty `Comments` are not metadata


def test_doccano_import_example_shape_without_relation_ids_reads_too():
    line = doccano_line(unit=int)
    for relation in line["relations"]:
        del relation["id"]
    [doc] = read_doccano(dump(line), "d.jsonl", offsets="codepoints")
    assert len(doc.relations) == 2


@pytest.mark.parametrize("offsets", ["utf16", "codepoints"])
def test_doccano_relation_shape_round_trips_byte_for_byte(offsets):
    [doc] = read_doccano(dump(doccano_line()), "d.jsonl")
    doc.id = 12
    first = write(DoccanoWriter, [doc], relations=True, offsets=offsets)
    record = json.loads(first)
    assert list(record) == ["id", "text", "entities", "relations", "name"]
    assert record["relations"] == [
        {"id": 0, "from_id": 0, "to_id": 1, "type": "holds"},
        {"id": 1, "from_id": 2, "to_id": 3, "type": "party_to"},
    ]
    shift = 2 if offsets == "utf16" else 0
    assert record["entities"][0] == {
        "id": 0,
        "label": "official",
        "start_offset": at("اسحاق جهانگیری")[0] + shift,
        "end_offset": at("اسحاق جهانگیری")[1] + shift,
    }
    [again] = read_doccano(first, "d.jsonl", offsets=offsets)
    again.id = 12
    assert write(DoccanoWriter, [again], relations=True, offsets=offsets) == first
    assert "label" in json.loads(write(DoccanoWriter, [again]))  # without `relations`: the plain shape


def test_doccano_relation_to_a_missing_entity_names_file_and_line():
    line = doccano_line()
    line["relations"][1]["to_id"] = 999
    with pytest.raises(InputError, match=r"^d.jsonl:2: relation 2: to_id 999 is not the id of an entity"):
        list(read_doccano(dump({"text": "خوب", "label": []}, line), "d.jsonl"))
    line["entities"][1]["id"] = 101
    with pytest.raises(InputError, match="entity id 101 is missing, repeated"):
        list(read_doccano(dump(line), "d.jsonl"))


def region(rid: str, phrase: str, label: str) -> dict:
    start, end = at(phrase)
    value = {"start": start, "end": end, "text": phrase, "labels": [label]}
    return {"id": rid, "from_name": "label", "to_name": "text", "type": "labels", "value": value, "origin": "manual"}


def ls_task(relations: list[dict]) -> dict:
    """A task as Label Studio 1.x exports it: region ids from its editor, relations after them."""
    result = [region("wQ1x", "اسحاق جهانگیری", "official"), region("Zt3a", "معاون اول رئیس‌جمهور", "title")]
    result += [region("k9Lm", "توتال", "organization"), region("p0Qs", "قرارداد", "agreement")]
    annotation = {"id": 31, "completed_by": 2, "result": result + relations, "was_cancelled": False}
    return {"id": 5, "data": {"text": TEXT}, "annotations": [annotation], "predictions": []}


def relation(src: str, dst: str, direction: str = "right", labels=("holds",)) -> dict:
    item = {"from_id": src, "to_id": dst, "type": "relation", "direction": direction}
    return item | ({"labels": list(labels)} if labels is not None else {})


def test_label_studio_relations_read_with_their_direction_and_layer():
    relations = [
        relation("wQ1x", "Zt3a"),
        relation("p0Qs", "k9Lm", "left", ["party_to"]),  # drawn from the agreement: the organization is the head
        relation("wQ1x", "k9Lm", "bi", ["related", "meets"]),
        relation("Zt3a", "p0Qs", labels=None),  # no <Relations> values: nothing to import
    ]
    users = LabelStudioUsers()
    [doc] = read_label_studio(json.dumps([ls_task(relations)], ensure_ascii=False), "ls.json", users=users)
    assert [(r.head, r.tail, r.type, r.annotator) for r in doc.relations] == [
        (0, 1, "holds", "ls-2"),
        (2, 3, "party_to", "ls-2"),
        (0, 2, "related", "ls-2"),
        (0, 2, "meets", "ls-2"),
    ]
    assert users.left_out == Counter({"relations without a label": 1})


def test_label_studio_relation_to_an_unknown_region_names_file_and_line():
    task = ls_task([relation("wQ1x", "gone")])
    with pytest.raises(InputError, match=r"^ls.json:1: relation to_id 'gone' is not a labelled region"):
        list(read_label_studio(json.dumps(task, ensure_ascii=False), "ls.json"))


def test_label_studio_relations_round_trip_byte_for_byte_with_symmetric_types_as_bi():
    relations = [relation("wQ1x", "Zt3a"), relation("k9Lm", "p0Qs", labels=["party_to"])]
    relations.append(relation("wQ1x", "k9Lm", "bi", ["meets"]))
    [doc] = read_label_studio(json.dumps([ls_task(relations)], ensure_ascii=False), "ls.json")
    doc.id = 5
    first = write(LabelStudioWriter, [doc], symmetric=("meets",))
    [task] = json.loads(first)
    [annotation] = task["annotations"]
    ids = {item["value"]["text"]: item["id"] for item in annotation["result"] if item["type"] == "labels"}
    assert [item for item in annotation["result"] if item["type"] == "relation"] == [
        {"from_id": ids["اسحاق جهانگیری"], "to_id": ids["معاون اول رئیس‌جمهور"], "type": "relation",
         "direction": "right", "labels": ["holds"]},
        {"from_id": ids["اسحاق جهانگیری"], "to_id": ids["توتال"], "type": "relation", "direction": "bi",
         "labels": ["meets"]},
        {"from_id": ids["توتال"], "to_id": ids["قرارداد"], "type": "relation", "direction": "right",
         "labels": ["party_to"]},
    ]  # fmt: skip
    [again] = read_label_studio(first, "ls.json")
    again.id = 5
    assert write(LabelStudioWriter, [again], symmetric=("meets",)) == first
