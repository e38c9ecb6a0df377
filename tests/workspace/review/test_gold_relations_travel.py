"""Gold relations' provenance and the review's relation rejections travel: the native export
writes them (read back and written again byte for byte), and a merge brings them in, once."""

from __future__ import annotations

import json

import pytest
from workspace.review.relations_data import at, review_relations, rows

from desktop.formats.jsonl import NativeWriter, read_native
from desktop.formats.writing import ExportItem, WriterOptions
from desktop.storage.export_selection import Selection
from desktop.workspace import Workspace
from desktop.workspace.export.project import ExportOptions, export_project
from desktop.workspace.merge.projects import merge_projects
from desktop.workspace.review.gold import Review
from desktop.workspace.review.relations import RelationReview


@pytest.fixture
def reviewed(tmp_path):
    """The reviewed document of relations_data."""
    path = tmp_path / "reviewed.barchasb"
    with Workspace.create(path) as ws:
        review_relations(ws)
    return path


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
