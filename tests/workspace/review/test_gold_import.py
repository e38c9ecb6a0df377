"""Gold comes back from the native JSONL as gold: gold spans and relations with their
provenance and the review's relation rejections, so export → import into a new project →
export is byte-identical; a project whose gold differs keeps it and gets `gold@file`."""

from __future__ import annotations

import json

import pytest
from workspace.review.relations_data import at, review_relations, rows

from desktop.workspace import Workspace
from desktop.workspace.export.project import ExportOptions, export_project
from desktop.workspace.imports.annotated import ImportOptions, import_annotated
from desktop.workspace.review.gold import Review
from desktop.workspace.review.relations import RelationReview


@pytest.fixture
def exported(tmp_path):
    """The reviewed document (relations_data), plus «باکو» drawn into gold; all layers exported."""
    with Workspace.create(tmp_path / "reviewed.barchasb") as ws:
        review_relations(ws)
        Review(ws).draw(1, *at("در باکو"), "place")
        out = tmp_path / "all.jsonl"
        export_project(ws, ExportOptions("jsonl"), out)
    return out


def imported(path, source, annotator: str | None = None):
    with Workspace.open(path, "lead") as ws:
        result = import_annotated(ws, "lead", source, ImportOptions(annotator=annotator))
    assert result.outcome == "imported", result.reason
    return result


def export(path, out):
    with Workspace.open(path, "lead") as ws:
        export_project(ws, ExportOptions("jsonl"), out)
    return out.read_bytes()


GOLD = (
    'SELECT s.start, s."end", s.label, p.method, p.decided_by FROM spans s JOIN annotators a ON a.id = s.annotator_id'
    " LEFT JOIN gold_provenance p ON p.span_id = s.id WHERE a.kind = 'gold' ORDER BY s.start"
)
REJECTIONS = "SELECT head_label, tail_label, type, layers, decided_by FROM review_relation_rejections"


def test_export_import_export_is_byte_identical_with_gold(exported, tmp_path):
    fresh = tmp_path / "fresh.barchasb"
    Workspace.create(fresh).close()
    imported(fresh, exported)
    assert export(fresh, tmp_path / "again.jsonl") == exported.read_bytes()
    assert rows(fresh, "SELECT name, kind FROM annotators WHERE name LIKE 'gold%'") == [("gold", "gold")]
    assert [r[2:] for r in rows(fresh, GOLD)] == [
        ("official", "accepted", "lead"),
        ("title", "accepted", "lead"),
        ("place", "drawn", "lead"),
    ]
    assert rows(fresh, REJECTIONS) == [("place", "place", "located_in", '["ali"]', "lead")]
    with Workspace.open(fresh, "lead") as ws:  # the review reads its decisions back
        decided = {c.type: c.decision.value for c in RelationReview(Review(ws)).candidates(1)}
    assert decided == {"holds": "accepted", "located_in": "rejected"}


def test_importing_the_same_gold_again_adds_nothing(exported, tmp_path):
    fresh = tmp_path / "fresh.barchasb"
    Workspace.create(fresh).close()
    imported(fresh, exported)
    again = imported(fresh, exported)
    assert again.spans_added == 0 and again.links.rejections == 0
    assert len(rows(fresh, GOLD)) == 3 and len(rows(fresh, REJECTIONS)) == 1


def test_gold_that_differs_from_the_projects_goes_beside_it(exported, tmp_path):
    fresh = tmp_path / "fresh.barchasb"
    Workspace.create(fresh).close()
    imported(fresh, exported)
    other = tmp_path / "other.jsonl"
    [record] = [json.loads(line) for line in exported.read_text(encoding="utf-8").splitlines()]
    for span in record["spans"]:
        if span["annotator"] == "gold" and span["label"] == "place":
            span["label"] = "organization"  # gold that decided otherwise
    other.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    imported(fresh, other)
    assert len(rows(fresh, GOLD)) == 3  # the project's gold is untouched
    side = rows(fresh, "SELECT a.kind, s.label FROM spans s JOIN annotators a ON a.id = s.annotator_id"
                " WHERE a.name = 'gold@other' ORDER BY s.start")  # fmt: skip
    assert side == [("human", "official"), ("human", "title"), ("human", "organization")]
    assert len(rows(fresh, REJECTIONS)) == 1


def test_with_annotator_the_gold_is_an_ordinary_layer(exported, tmp_path):
    fresh = tmp_path / "fresh.barchasb"
    Workspace.create(fresh).close()
    imported(fresh, exported, annotator="sara")
    assert rows(fresh, GOLD) == [] and rows(fresh, REJECTIONS) == []


def test_a_provenance_that_is_not_a_decision_names_the_file_and_line(exported, tmp_path):
    fresh = tmp_path / "fresh.barchasb"
    Workspace.create(fresh).close()
    [record] = [json.loads(line) for line in exported.read_text(encoding="utf-8").splitlines()]
    next(s for s in record["spans"] if "provenance" in s)["provenance"]["method"] = "guessed"
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    with Workspace.open(fresh, "lead") as ws:
        result = import_annotated(ws, "lead", bad, ImportOptions())
    assert (result.outcome, result.path) == ("skipped", str(bad))
    assert result.reason.startswith("line 1: a gold span's or relation's provenance is not a review decision")
    assert rows(fresh, "SELECT COUNT(*) FROM spans") == [(0,)]  # nothing half imported


def test_relation_rejections_come_even_where_gold_has_no_spans(exported, tmp_path):
    fresh = tmp_path / "fresh.barchasb"
    Workspace.create(fresh).close()
    [record] = [json.loads(line) for line in exported.read_text(encoding="utf-8").splitlines()]
    keep = [n for n, s in enumerate(record["spans"]) if s["annotator"] != "gold"]
    index = {old: new for new, old in enumerate(keep)}
    record["spans"] = [record["spans"][n] for n in keep]
    record["relations"] = [
        {**r, "head": index[r["head"]], "tail": index[r["tail"]]}
        for r in record["relations"]
        if r["annotator"] != "gold"
    ]
    only = tmp_path / "only.jsonl"
    only.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    imported(fresh, only)
    assert rows(fresh, GOLD) == [] and rows(fresh, REJECTIONS) == [("place", "place", "located_in", '["ali"]', "lead")]
