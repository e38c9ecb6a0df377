"""Reading JSONL, doccano and Label Studio: records, spans, and errors with lines."""

import json
from pathlib import Path

import pytest

from desktop.core.errors import InputError
from desktop.formats.detect import detect_by_content, detect_by_name
from desktop.formats.doccano import read_doccano
from desktop.formats.jsonio import json_records
from desktop.formats.jsonl import read_native
from desktop.formats.labelstudio import read_label_studio

TEXT = "😀 علی جهانگیری به باکو رفت."
BAKU = TEXT.index("باکو")


def lines(*records) -> str:
    return "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n"


def test_native_records_keep_offsets_annotators_origins_and_tokens():
    record = {
        "id": 7,
        "text": TEXT,
        "meta": {"name": "n1", "source": "x"},
        "tokens": [{"text": "باکو", "start": BAKU, "end": BAKU + 4, "id": 0, "ws": True}],
        "spans": [
            {"start": BAKU, "end": BAKU + 4, "label": "place", "text": "باکو", "annotator": "sara", "origin": "manual"}
        ],
    }
    [doc] = read_native(lines(record), "f.jsonl")
    assert (doc.text, doc.name, doc.meta) == (TEXT, "n1", {"name": "n1", "source": "x"})
    assert doc.tokens == [(BAKU, BAKU + 4)]
    [span] = doc.spans
    assert (span.start, span.end, span.label, span.annotator, span.origin) == (
        BAKU,
        BAKU + 4,
        "place",
        "sara",
        "manual",
    )
    assert TEXT[span.start : span.end] == "باکو"  # code points: the emoji counts one


@pytest.mark.parametrize(
    "span, words",
    [
        ({"start": 5, "end": 3, "label": "x"}, "empty, reversed or negative"),
        ({"start": 0, "end": 999, "label": "x"}, "ends past the text"),
        ({"start": -1, "end": 3, "label": "x"}, "empty, reversed or negative"),
        ({"start": "0", "end": 3, "label": "x"}, "must be integers"),
        ({"start": BAKU, "end": BAKU + 4, "label": "x", "text": "تهران"}, "does not match"),
        ({"start": 0, "end": 3}, "has no label"),
    ],
)
def test_bad_spans_are_reported_with_file_and_line(span, words):
    good = {"text": TEXT, "spans": []}
    text = lines(good, good, {"text": TEXT, "spans": [span]})
    with pytest.raises(InputError) as info:
        list(read_native(text, "in.jsonl"))
    assert info.value.path == "in.jsonl" and info.value.line == 3
    assert words in str(info.value)


def test_bad_json_names_its_line():
    text = '{"text": "یک"}\n{"text": "دو"}\n{"text": "سه"\n'
    with pytest.raises(InputError, match=r"^in.jsonl:3: not valid JSON"):
        list(read_native(text, "in.jsonl"))


def test_json_arrays_yield_the_line_each_record_starts_on():
    text = '[\n  {"a": 1},\n  {\n    "b": 2\n  },\n  {"c": 3}\n]\n'
    assert [(line, r) for line, r in json_records(text, "x")] == [(2, {"a": 1}), (3, {"b": 2}), (6, {"c": 3})]
    with pytest.raises(InputError, match="x:2: not valid JSON: expected ','"):
        list(json_records('[{"a": 1}\n {"b": 2}]', "x"))


def test_doccano_reads_label_lists_entities_and_keeps_extra_keys_as_meta():
    # doccano counts UTF-16 units: the emoji before the spans counts two.
    text = lines(
        {"id": 3, "text": TEXT, "label": [[BAKU + 1, BAKU + 5, "place"]], "name": "d", "Comments": []},
        {
            "text": TEXT,
            "entities": [{"id": 1, "start_offset": 3, "end_offset": 6, "label": "official"}],
            "relations": [],
        },
    )
    first, second = read_doccano(text, "d.jsonl")
    assert [(s.start, s.end, s.label, s.annotator) for s in first.spans] == [(BAKU, BAKU + 4, "place", None)]
    assert first.meta == {"name": "d"} and first.name == "d"  # doccano's own Comments dropped
    assert [(s.start, s.end, s.label) for s in second.spans] == [(2, 5, "official")]
    assert second.meta == {} and second.line == 2


def test_doccano_rejects_classification_labels():
    with pytest.raises(InputError, match=r"d.jsonl:1: a label entry should be"):
        list(read_doccano(lines({"text": TEXT, "label": ["positive"]}), "d.jsonl"))


def test_label_studio_tasks_annotators_and_multi_label_regions():
    task = {
        "id": 1,
        "data": {"text": TEXT, "source": "s"},
        "annotations": [
            {
                "annotator": "sara",
                "result": [
                    {
                        "type": "labels",
                        "value": {"start": BAKU, "end": BAKU + 4, "text": "باکو", "labels": ["place", "event"]},
                    },
                    {"type": "choices", "value": {"choices": ["ok"]}},
                ],
            },
            {
                "completed_by": {"id": 4, "email": "reza@example.org"},
                "result": [{"type": "labels", "value": {"start": 2, "end": 5, "labels": ["official"]}}],
            },
            {"was_cancelled": True, "result": [{"type": "labels", "value": {"start": 0, "end": 1, "labels": ["x"]}}]},
        ],
    }
    [doc] = read_label_studio(json.dumps([task], ensure_ascii=False), "ls.json")
    assert doc.meta == {"source": "s"}
    assert sorted((s.start, s.label, s.annotator) for s in doc.spans) == [
        (2, "official", "reza@example.org"),
        (BAKU, "event", "sara"),
        (BAKU, "place", "sara"),
    ]


def test_label_studio_stated_text_must_match():
    task = {
        "data": {"text": TEXT},
        "annotations": [
            {"result": [{"type": "labels", "value": {"start": 2, "end": 5, "text": "xyz", "labels": ["a"]}}]}
        ],
    }
    with pytest.raises(InputError, match=r"ls.json:2: .*does not match"):
        list(read_label_studio("[\n" + json.dumps(task) + "\n]", "ls.json"))


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("a.jsonl", lines({"text": "x", "spans": []}), "jsonl"),
        ("a.json", json.dumps([{"data": {"text": "x"}, "annotations": []}]), "label-studio"),
        ("a.jsonl", lines({"text": "x", "label": []}), "doccano"),
        ("a.data", "علی\tB-PER\nرفت\tO\n\nباکو\tB-LOC\n", "conll"),
        ("a.data", "یک متن ساده.\nخط دوم\n", "text"),
    ],
)
def test_formats_are_told_apart_by_content(name, content, expected):
    assert detect_by_content(Path(name), content) == expected


def test_txt_and_folders_stay_plain_text_and_conll_extensions_are_conll(tmp_path):
    assert detect_by_name(tmp_path / "a.txt") == "text"
    assert detect_by_name(tmp_path) == "text"
    assert detect_by_name(tmp_path / "a.conll") == "conll"
    assert detect_by_name(tmp_path / "a.jsonl") is None
