"""From two annotators' files to a reviewed gold export, through the workspace API only."""

from __future__ import annotations

import pytest
from formats.transfer_data import read_jsonl

from desktop.core.review import Decision, ReviewStatus, UnitKind
from desktop.core.review_units import next_unit
from desktop.storage.export_selection import Selection
from desktop.workspace import Workspace
from desktop.workspace.export.project import ExportOptions, export_project
from desktop.workspace.merge.projects import merge_projects
from desktop.workspace.review.gold import Review

from helpers import TEXT, add_document

SECOND = "نمایشگاه صنعت در اردبیل برگزار شد."


def at(phrase: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def annotator_file(path, name: str, phrases: list[tuple[str, str]]) -> None:
    ws = Workspace.create(path)
    doc = add_document(ws, TEXT)
    add_document(ws, SECOND, "second.txt")
    ws.set_annotator(name)
    for phrase, label in phrases:
        ws.add_span(doc, *at(phrase), label)
    ws.add_span(2, *at("اردبیل", SECOND), "place")
    ws.close()


@pytest.fixture
def merged(tmp_path):
    annotator_file(
        tmp_path / "sara.barchasb",
        "sara",
        [("علی جهانگیری", "official"), ("آذربایجان شرقی", "place"), ("باکو", "place")],
    )
    annotator_file(
        tmp_path / "reza.barchasb",
        "reza",
        [("علی جهانگیری", "official"), ("استاندار آذربایجان شرقی", "title"), ("معاون", "title")],
    )
    lead = tmp_path / "lead.barchasb"
    Workspace.create(lead).close()
    with Workspace.open(lead) as target:
        merge_projects(target, [tmp_path / "sara.barchasb", tmp_path / "reza.barchasb"])
    ws = Workspace.open(lead, "lead")
    yield ws
    ws.close()


def test_a_reviewer_adjudicates_a_document_and_exports_exactly_the_gold(merged, tmp_path):
    review = Review(merged, ["sara", "reza"])
    units = review.units(1)
    assert [u.kind for u in units] == [UnitKind.AGREED, UnitKind.PARTIAL, UnitKind.LABEL_BOUNDARY, UnitKind.PARTIAL]
    review.accept_agreed(1)  # the name
    unit = next_unit(review.units(1), None)  # "معاون": only reza
    review.reject(unit.candidates[0])
    unit = next_unit(review.units(1), unit.index)  # title vs place
    review.accept(
        unit.candidate((*at("استاندار آذربایجان شرقی"), "title")), start=at("معاون استاندار")[0]
    )  # with a wider boundary
    unit = next_unit(review.units(1), unit.index)  # Baku: only sara
    review.accept(unit.candidates[0], label="organisation")
    assert next_unit(review.units(1), None) is None  # everything decided
    start, end = at("رفت")
    review.draw(1, start, end, "event")
    review.set_status(1, ReviewStatus.REVIEWED)
    review.accept_agreed(2)  # in review, not reviewed

    out = tmp_path / "gold.jsonl"
    report = export_project(merged, ExportOptions("jsonl", Selection("gold", ("done",))), out)
    (record,) = read_jsonl(out)
    assert report.documents == 1 and record["id"] == 1
    spans = {(s["start"], s["end"], s["label"]): s for s in record["spans"]}
    assert set(spans) == {
        (*at("علی جهانگیری"), "official"),
        (at("معاون استاندار")[0], at("استاندار آذربایجان شرقی")[1], "title"),
        (*at("باکو"), "organisation"),
        (start, end, "event"),
    }
    assert {s["annotator"] for s in record["spans"]} == {"gold"}
    name = spans[(*at("علی جهانگیری"), "official")]["provenance"]
    assert name["method"] == "accepted" and name["decided_by"] == "lead"
    assert name["source"]["layers"] == ["sara", "reza"]
    title = spans[(at("معاون استاندار")[0], at("استاندار آذربایجان شرقی")[1], "title")]
    assert title["provenance"]["method"] == "edited"
    assert title["provenance"]["source"]["start"] == at("استاندار آذربایجان شرقی")[0]
    assert title["provenance"]["source"]["layers"] == ["reza"]
    assert spans[(*at("باکو"), "organisation")]["provenance"]["source"]["label"] == "place"
    assert spans[(start, end, "event")]["provenance"]["source"] is None
    decisions = [c.decision for u in review.units(1) for c in u.candidates]
    assert decisions.count(Decision.REJECTED) == 2  # "معاون" and sara's place under the title


def test_undo_walks_back_through_review_decisions(merged):
    review = Review(merged)
    review.accept_agreed(1)
    unit = review.units(1)[2]
    review.accept(unit.candidates[0])
    review.set_status(1, ReviewStatus.REVIEWED)
    for _ in range(3):
        merged.undo()
    assert review.gold(1) == [] and review.repo.rejections(1) == []
    assert review.status(1) is ReviewStatus.NOT_REVIEWED
    for _ in range(3):
        merged.redo()
    assert len(review.gold(1)) == 2 and review.status(1) is ReviewStatus.REVIEWED


def test_other_layers_exports_are_unchanged_by_gold(merged, tmp_path):
    Review(merged).accept_agreed(1)
    out = tmp_path / "sara.jsonl"
    export_project(merged, ExportOptions("jsonl", Selection("sara")), out)
    assert all("provenance" not in s for r in read_jsonl(out) for s in r["spans"])
