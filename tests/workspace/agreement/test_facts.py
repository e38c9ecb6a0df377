"""Project agreement on relations, attribute values and entity links, read from the project file."""

from __future__ import annotations

import pytest

from desktop.core.attributes import AttributeField, AttributeKind
from desktop.workspace.agreement.project import project_agreement
from desktop.workspace.agreement.relations import relation_disagreements
from desktop.workspace.relations import Entities, Relations, RelationSchemeEditor, SpanAttributes

from helpers import TEXT, add_document

OTHER = "نمایشگاه صنعت در اردبیل برگزار شد."


def at(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def label(ws, doc: int, text: str, phrases: dict[str, tuple[str, str]]) -> dict[str, int]:
    """Spans of the workspace annotator: {name: (phrase, label)} → {name: span id}."""
    return {name: ws.add_span(doc, *at(text, phrase), lab).id for name, (phrase, lab) in phrases.items()}


@pytest.fixture
def layered(workspace):
    """sara and reza label one document alike except the title's end; both relate the
    official to the title, call Baku a city and link the official to one entity."""
    doc = add_document(workspace, TEXT)
    RelationSchemeEditor(workspace).save_field(
        AttributeField("place", "kind", AttributeKind.CHOICE, ("city", "country"))
    )
    [entity] = Entities(workspace).create("اسحاق جهانگیری", "official").entities_added
    for name, title in (("sara", "معاون استاندار آذربایجان شرقی"), ("reza", "معاون استاندار")):
        workspace.set_annotator(name)
        ids = label(
            workspace,
            doc,
            TEXT,
            {"official": ("علی جهانگیری", "official"), "title": (title, "title"), "place": ("باکو", "place")},
        )
        Relations(workspace).add(ids["official"], ids["title"], "holds")
        SpanAttributes(workspace).set(ids["place"], "kind", "city")
        Entities(workspace).link(ids["official"], entity)
    return workspace


def test_relation_attribute_and_link_figures(layered):
    report = project_agreement(layered, ["sara", "reza"])
    pair = report.pair("sara", "reza").facts
    assert report.relation_types == ["holds"] and report.attribute_fields == ["place.kind"]
    holds = pair.relations["exact"]["holds"]
    assert (holds.tp, holds.fp, holds.fn) == (0, 1, 1)  # the titles differ: the relation misses exactly
    assert pair.relation_f1("overlap", "holds") == 1.0 and pair.relation_f1("overlap") == 1.0
    kind = pair.attributes["place.kind"]
    assert (kind.units, kind.equal, kind.share, kind.kind) == (1, 1, 1.0, "choice")
    assert kind.kappa is None  # one category throughout: chance agreement is certain
    assert (pair.links["exact"].units, pair.links["exact"].share) == (1, 1.0)


def test_the_snapshot_read_gives_the_same_figures(layered):
    direct = project_agreement(layered, ["sara", "reza"]).as_dict()
    assert project_agreement(layered, ["sara", "reza"], snapshot=True).as_dict() == direct


def test_only_chosen_documents_facts_count(layered):
    other = add_document(layered, OTHER, "other.txt")
    for name in ("sara", "reza"):
        layered.set_annotator(name)
        ids = label(layered, other, OTHER, {"event": ("نمایشگاه صنعت", "event"), "place": ("اردبیل", "place")})
        if name == "sara":
            SpanAttributes(layered).set(ids["place"], "kind", "country")
    report = project_agreement(layered, ["sara", "reza"], documents=[other])
    assert report.relation_types == [] and report.attribute_fields == ["place.kind"]
    kind = report.pair("sara", "reza").facts.attributes["place.kind"]
    assert (kind.units, kind.both, kind.share) == (1, 0, 0.0)
    everything = project_agreement(layered, ["sara", "reza"]).pair("sara", "reza").facts.attributes["place.kind"]
    assert (everything.units, everything.equal) == (2, 1)


def test_a_project_without_relations_reports_none(workspace):
    doc = add_document(workspace, TEXT)
    for name in ("sara", "reza"):
        workspace.set_annotator(name)
        label(workspace, doc, TEXT, {"official": ("علی جهانگیری", "official")})
    report = project_agreement(workspace)
    assert report.relation_types == [] and report.attribute_fields == []
    data = report.as_dict()["pairs"][0]
    assert data["relations"]["exact"]["overall"]["f1"] is None and data["entity_links"]["exact"]["units"] == 0


def test_the_relations_behind_the_figures(layered):
    official = (*at(TEXT, "علی جهانگیری"), "official")
    short, full = (*at(TEXT, "معاون استاندار"), "title"), (*at(TEXT, "معاون استاندار آذربایجان شرقی"), "title")
    exact = relation_disagreements(layered, "sara", "reza")
    assert [(m.document_id, m.layer, m.head, m.tail, m.type) for m in exact] == [
        (1, "reza", official, short, "holds"),  # each layer's relation ends on a title the other lacks
        (1, "sara", official, full, "holds"),
    ]
    assert exact[0].as_dict()["tail"] == list(short)
    assert relation_disagreements(layered, "sara", "reza", mode="overlap", snapshot=True) == []
    assert relation_disagreements(layered, "sara", "reza", "located_in") == []
