"""Gold relations' provenance and the review's relation rejections travel: the native export
writes them (read back and written again byte for byte), and a merge brings them in, once."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

import pytest

from desktop.formats.jsonl import NativeWriter, read_native
from desktop.formats.writing import ExportItem, WriterOptions
from desktop.storage.export_source import Selection
from desktop.workspace import Workspace
from desktop.workspace.export.project import ExportOptions, export_project
from desktop.workspace.merge.projects import merge_projects
from desktop.workspace.relations import Relations
from desktop.workspace.review.gold import Review
from desktop.workspace.review.relations import RelationReview

from helpers import add_document

TEXT = "علی جهانگیری استاندار آذربایجان شرقی در باکو گفت که ۵۰ درصد رشد داشتیم."


def at(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


@pytest.fixture
def reviewed(tmp_path):
    """ali and omid relate «علی جهانگیری» —holds→ «استاندار»; only ali «آذربایجان شرقی» —located_in→ «باکو».
    The reviewer lead accepts holds into gold and rejects located_in."""
    path = tmp_path / "reviewed.barchasb"
    with Workspace.create(path) as ws:
        add_document(ws, TEXT, "news.txt")
        for name in ("ali", "omid"):
            ws.set_annotator(name)
            official, title = (ws.add_span(1, *at(w), lab).id for w, lab in (("علی جهانگیری", "official"),
                                                                           ("استاندار", "title")))  # fmt: skip
            Relations(ws).add(official, title, "holds")
            if name == "ali":
                province, baku = (ws.add_span(1, *at(w), "place").id for w in ("آذربایجان شرقی", "باکو"))
                Relations(ws).add(province, baku, "located_in")
        ws.set_annotator("lead")
        review = RelationReview(Review(ws))
        review.accept(next(c for c in review.candidates(1) if c.type == "holds"))
        review.reject(next(c for c in review.candidates(1) if c.type == "located_in"))
    return path


def rows(path, sql: str) -> list[tuple]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(sql).fetchall()


GOLD_RELATIONS = (
    "SELECT r.type, p.method, p.decided_by, p.source_layers, p.source_type, h.label, t.label FROM relations r"
    " JOIN gold_relation_provenance p ON p.relation_id = r.id JOIN spans h ON h.id = r.head"
    " JOIN spans t ON t.id = r.tail"
)
REJECTIONS = "SELECT head_label, tail_label, type, layers, decided_by FROM review_relation_rejections"


def test_the_native_export_carries_gold_relation_provenance_and_relation_rejections(reviewed, tmp_path):
    out = tmp_path / "all.jsonl"
    with Workspace.open(reviewed, "lead") as ws:
        export_project(ws, ExportOptions("jsonl"), out)
    [record] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    gold = [r for r in record["relations"] if r["annotator"] == "gold"]
    assert [(r["type"], r["provenance"]["method"], r["provenance"]["source"]["layers"]) for r in gold] == [
        ("holds", "accepted", ["ali", "omid"])
    ]
    assert all("provenance" not in r for r in record["relations"] if r["annotator"] != "gold")
    [rejection] = record["relation_rejections"]
    assert (rejection["head"], rejection["tail"], rejection["type"]) == (
        [*at("آذربایجان شرقی"), "place"],
        [*at("باکو"), "place"],
        "located_in",
    )
    assert (rejection["layers"], rejection["decided_by"]) == (["ali"], "lead")
    [doc] = read_native(out.read_text(encoding="utf-8"), "all.jsonl")
    doc.id = record["id"]
    again = tmp_path / "again.jsonl"
    with again.open("wb") as stream:
        writer = NativeWriter(stream, WriterOptions())
        writer.write(ExportItem(doc))
        writer.close()
    assert again.read_bytes() == out.read_bytes()


def test_one_annotators_export_has_no_rejections_of_the_review(reviewed, tmp_path):
    out = tmp_path / "ali.jsonl"
    with Workspace.open(reviewed, "lead") as ws:
        export_project(ws, ExportOptions("jsonl", Selection(layer="annotator:ali")), out)
    assert "relation_rejections" not in out.read_text(encoding="utf-8")


def test_a_merge_brings_gold_relations_with_provenance_and_relation_rejections_once(reviewed, tmp_path):
    lead = tmp_path / "lead.barchasb"
    Workspace.create(lead).close()
    for _ in range(2):  # the second merge adds nothing
        with Workspace.open(lead) as target:
            merge_projects(target, [reviewed])
    assert (
        rows(lead, GOLD_RELATIONS)
        == rows(reviewed, GOLD_RELATIONS)
        == [("holds", "accepted", "lead", '["ali","omid"]', "holds", "official", "title")]
    )
    assert rows(lead, REJECTIONS) == rows(reviewed, REJECTIONS) == [("place", "place", "located_in", '["ali"]', "lead")]
    [(source_id, layer)] = rows(
        lead,
        "SELECT p.source_relation_id, a.name FROM gold_relation_provenance p JOIN relations r"
        " ON r.id = p.source_relation_id JOIN annotators a ON a.id = r.annotator_id",
    )
    assert layer in ("ali", "omid")  # pointed at the merged copy of the layer's relation
    with Workspace.open(lead, "lead") as ws:
        review = RelationReview(Review(ws))
        decided = {c.type: c.decision.value for c in review.candidates(1)}
    assert decided == {"holds": "accepted", "located_in": "rejected"}
