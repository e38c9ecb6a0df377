"""The relation-extraction table: candidate pairs with offsets, loadable by `datasets`."""

from __future__ import annotations

import json
from io import BytesIO

import pytest

from desktop.formats.records import DocumentRecord, RelationRecord, SpanRecord
from desktop.formats.rel_table import NO_RELATION, RelTableWriter, relation_names
from desktop.formats.writing import ExportItem, WriterOptions

TEXT = (
    "😀 اسحاق جهانگیری، معاون اول رئیس‌جمهور، به باکو رفت. "
    "او با الهام علی‌اف، رئیس‌جمهور آذربایجان، قرارداد ۱٫۸ میلیارد دلاری امضا کرد."
)


def span(phrase: str, label: str, annotator: str = "sara") -> SpanRecord:
    start = TEXT.index(phrase)
    return SpanRecord(start, start + len(phrase), label, annotator, "manual")


SPANS = [
    span("اسحاق جهانگیری", "official"),  # 0, sentence 0
    span("معاون اول رئیس‌جمهور", "title"),  # 1, sentence 0
    span("باکو", "place"),  # 2, sentence 0
    span("الهام علی‌اف", "official"),  # 3, sentence 1
    span("رئیس‌جمهور آذربایجان", "title"),  # 4, sentence 1
    span("قرارداد", "agreement"),  # 5, sentence 1
]
RELATIONS = [
    RelationRecord(0, 1, "holds", "sara"),
    RelationRecord(3, 4, "holds", "sara"),
    RelationRecord(0, 5, "party_to", "sara"),  # across the sentence boundary
    RelationRecord(3, 0, "meets", "sara"),  # symmetric
]


def doc() -> DocumentRecord:
    record = DocumentRecord(TEXT, list(SPANS), {"name": "n"}, id=4)
    record.relations = list(RELATIONS)
    return record


def table(**options) -> tuple[list[dict], RelTableWriter]:
    out = BytesIO()
    writer = RelTableWriter(out, WriterOptions(**options))
    writer.write(ExportItem(doc()))
    writer.close()
    return [json.loads(line) for line in out.getvalue().decode().splitlines()], writer


def ends(row: dict) -> tuple:
    text = row["text"]
    return text[row["head_start"] : row["head_end"]], text[row["tail_start"] : row["tail_end"]], row["label"]


def test_positives_only_cover_every_relation_with_offsets_into_the_document():
    rows, writer = table()
    assert sorted(ends(r) for r in rows) == sorted(
        [
            ("اسحاق جهانگیری", "معاون اول رئیس‌جمهور", "holds"),
            ("الهام علی‌اف", "رئیس‌جمهور آذربایجان", "holds"),
            ("اسحاق جهانگیری", "قرارداد", "party_to"),
            ("الهام علی‌اف", "اسحاق جهانگیری", "meets"),
        ]
    )
    assert all(r["text"] == TEXT and r["offset"] == 0 and r["document_id"] == 4 for r in rows)
    assert rows[0]["head_text"] == TEXT[SPANS[0].start : SPANS[0].end]  # code points: the emoji counts one
    assert writer.outside == 0 and writer.records == 4


def test_a_sentence_window_cuts_the_text_and_leaves_out_relations_beyond_it():
    rows, writer = table(window=0)
    assert writer.outside == 2  # party_to and meets cross the sentence boundary
    first = next(r for r in rows if r["head_text"] == "الهام علی‌اف")
    assert first["text"].startswith("او با الهام") and first["offset"] == TEXT.index("او با")
    assert TEXT[first["offset"] + first["head_start"] : first["offset"] + first["head_end"]] == "الهام علی‌اف"
    rows, writer = table(window=1)
    assert writer.outside == 0 and len(rows) == 4


def test_negatives_are_the_other_candidate_pairs_in_the_window():
    rows, _ = table(window=0, negatives=True, symmetric=("meets",))
    labelled = {(h, t): label for h, t, label in map(ends, rows)}
    # two sentences of three spans: 6 ordered pairs each; 2 of them are relations
    assert len(rows) == 12 and sum(label == NO_RELATION for label in labelled.values()) == 10
    assert labelled[("معاون اول رئیس‌جمهور", "اسحاق جهانگیری")] == NO_RELATION  # `holds` is directed
    rows, _ = table(window=1, negatives=True, symmetric=("meets",))
    labelled = {(h, t): label for h, t, label in map(ends, rows)}
    assert ("اسحاق جهانگیری", "الهام علی‌اف") not in labelled  # the reverse of a symmetric relation
    assert len(rows) == 30 - 1  # all ordered pairs of six spans, but that reverse


def test_label_pairs_limit_the_negatives():
    rows, _ = table(window=1, negatives=True, pairs=(("official", "title"),))
    assert {(r["head_label"], r["tail_label"]) for r in rows if r["label"] == NO_RELATION} == {("official", "title")}
    assert len([r for r in rows if r["label"] != NO_RELATION]) == 4  # positives stay whatever their labels


def test_pairs_stay_inside_one_layer():
    record = doc()
    record.spans.append(SpanRecord(SPANS[1].start, SPANS[1].end, "title", "omid"))
    out = BytesIO()
    RelTableWriter(out, WriterOptions(window=0, negatives=True)).write(ExportItem(record))
    rows = [json.loads(line) for line in out.getvalue().decode().splitlines()]
    assert {r["annotator"] for r in rows} == {"sara"}


def test_the_table_loads_with_datasets(tmp_path):
    datasets = pytest.importorskip("datasets")
    rows, _ = table(window=1, negatives=True)
    path = tmp_path / "rel.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    data = datasets.load_dataset("json", data_files=str(path), split="train")
    assert data.num_rows == len(rows) == 30
    assert data.column_names == list(rows[0])
    names = relation_names(["holds", "party_to", "meets"], negatives=True)
    assert names == ["no_relation", "holds", "meets", "party_to"]
    labels = data.cast_column("label", datasets.ClassLabel(names=names))["label"]
    assert sorted(labels) == sorted(names.index(r["label"]) for r in rows)
    for row in data:
        assert row["text"][row["head_start"] : row["head_end"]] == row["head_text"]
        assert row["text"][row["tail_start"] : row["tail_end"]] == row["tail_text"]
