"""`barchasb merge` then `barchasb agreement`: relations, attribute values and entity links
made in two annotators' own files are merged and measured, as tables and as JSON."""

from __future__ import annotations

import json

import pytest

from desktop.cli import main
from desktop.core.attributes import AttributeField, AttributeKind
from desktop.workspace import Workspace
from desktop.workspace.relations import Entities, Relations, RelationSchemeEditor, SpanAttributes

from helpers import TEXT, add_document

KIND = AttributeField("place", "kind", AttributeKind.CHOICE, ("city", "country"))


def at(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


def annotator_file(path, name: str, title: str, kind: str, alias: str) -> None:
    """One annotator's own project: official, title, place; holds; the place's kind; a linked entity."""
    ws = Workspace.create(path)
    doc = add_document(ws, TEXT)
    ws.set_annotator(name)
    RelationSchemeEditor(ws).save_field(KIND)
    official = ws.add_span(doc, *at("علی جهانگیری"), "official").id
    title_id = ws.add_span(doc, *at(title), "title").id
    place = ws.add_span(doc, *at("باکو"), "place").id
    Relations(ws).add(official, title_id, "holds")
    SpanAttributes(ws).set(place, "kind", kind)
    [entity] = Entities(ws).create("اسحاق جهانگیری", "official", (alias,)).entities_added
    Entities(ws).link(official, entity)
    ws.close()


@pytest.fixture
def merged(tmp_path, capsys):
    annotator_file(tmp_path / "sara.barchasb", "sara", "معاون استاندار آذربایجان شرقی", "city", "جهانگیری")
    annotator_file(tmp_path / "reza.barchasb", "reza", "معاون استاندار", "country", "معاون اول")
    lead = tmp_path / "lead.barchasb"
    assert main(["init", str(lead)]) == 0
    assert main(["merge", str(lead), str(tmp_path / "sara.barchasb"), str(tmp_path / "reza.barchasb")]) == 0
    out = capsys.readouterr().out
    assert "relations added to 'sara': 1" in out and "attribute fields added: place.kind" in out
    assert "entities added: 1" in out and "entities given aliases: 1" in out  # reza's alias joins sara's entity
    return lead


def test_agreement_prints_relation_attribute_and_link_tables(merged, capsys):
    assert main(["agreement", str(merged)]) == 0
    lines = capsys.readouterr().out.splitlines()
    start = lines.index("relation F1 per type (ends matched), exact / overlap")
    assert lines[start + 1].split() == ["type", "sara~reza"]
    assert lines[start + 2].split() == ["holds", "0.000", "/", "1.000"]
    assert lines[start + 3].split() == ["all", "(micro)", "0.000", "/", "1.000"]
    start = lines.index("attributes on spans both have (same offsets and label): same value / Cohen's kappa (spans)")
    assert lines[start + 2].split() == ["place.kind", "0.000", "/", "0.000", "(1)"]  # city against country
    start = lines.index("entity links on matched spans: same entity, exact / overlap")
    assert lines[start + 2].split() == ["linked", "1.000", "/", "1.000"]


def test_agreement_json_holds_the_new_figures(merged, capsys):
    assert main(["agreement", str(merged), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["relation_types"] == ["holds"] and data["attribute_fields"] == ["place.kind"]
    [pair] = data["pairs"]
    assert pair["relations"]["exact"]["types"]["holds"] == {
        "tp": 0, "fp": 1, "fn": 1, "precision": 0.0, "recall": 0.0, "f1": 0.0
    }  # fmt: skip
    assert pair["relations"]["overlap"]["overall"]["f1"] == 1.0
    assert pair["attributes"]["place.kind"] == {
        "kind": "choice", "units": 1, "both": 1, "equal": 0, "share": 0.0, "kappa": 0.0
    }  # fmt: skip
    assert pair["entity_links"]["overlap"]["same"] == 1


def test_agreement_without_relations_prints_no_relation_tables(tmp_path, capsys):
    project = tmp_path / "p.barchasb"
    ws = Workspace.create(project)
    doc = add_document(ws, TEXT)
    for name in ("sara", "reza"):
        ws.set_annotator(name)
        ws.add_span(doc, *at("باکو"), "place")
    ws.close()
    assert main(["agreement", str(project)]) == 0
    out = capsys.readouterr().out
    assert "span F1" in out and "relation F1" not in out and "attributes on spans" not in out
