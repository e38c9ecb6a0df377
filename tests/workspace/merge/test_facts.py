"""Merging brings relations, attribute values, entities and links in with their spans, idempotently."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from types import SimpleNamespace

import pytest

from desktop.cli import main
from desktop.core.attributes import AttributeField, AttributeKind
from desktop.core.errors import ConflictError
from desktop.core.model import Label, Span
from desktop.core.relations import RelationType
from desktop.storage import backup as backup_module
from desktop.storage import db as db_module
from desktop.storage import migrations
from desktop.storage.repository import Repository
from desktop.workspace import Workspace
from desktop.workspace.merge.projects import merge_projects
from desktop.workspace.relations import Entities, Relations, RelationSchemeEditor, SpanAttributes

from helpers import TEXT, add_document

KIND = AttributeField("place", "kind", AttributeKind.CHOICE, ("city", "country"))
HOLDER = AttributeField("title", "holder", AttributeKind.ENTITY)
NEAR = RelationType("near", "نزدیک", "near", "#123456", directed=False, heads=("place",), tails=("place",))
PHRASES = {"official": "علی جهانگیری", "title": "معاون استاندار", "province": "آذربایجان شرقی", "city": "باکو"}
LABELS = {"official": "official", "title": "title", "province": "place", "city": "place"}


def at(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


def merge_into(project, others):
    with Workspace.open(project) as workspace:
        return merge_projects(workspace, others)


def annotator_file(path, *, relations=(("official", "title", "holds"),), kind="city", scheme=True):
    """sara's file: four spans, `relations` between them, the city's kind, the official linked
    to an entity that the title's `holder` attribute names too."""
    ws = Workspace.create(path)
    doc = add_document(ws, TEXT)
    ws.set_annotator("sara")
    if scheme:
        editor = RelationSchemeEditor(ws)
        editor.save_field(KIND)
        editor.save_field(HOLDER)
        editor.save_type(NEAR)
    ws.set_annotator("sara")
    ids = {name: ws.add_span(doc, *at(phrase), LABELS[name]).id for name, phrase in PHRASES.items()}
    for head, tail, rtype in relations:
        Relations(ws).add(ids[head], ids[tail], rtype)
    entities = Entities(ws)
    entities.create("یک نام دیگر", "official")  # so entity ids differ from the lead's
    [entity] = entities.create("اسحاق جهانگیری", "official", ("جهانگیری",), "Q5909").entities_added
    entities.link(ids["official"], entity)
    if kind:
        SpanAttributes(ws).set(ids["city"], "kind", kind)
    if scheme:
        SpanAttributes(ws).set(ids["title"], "holder", entity)
    ws.close()


@pytest.fixture
def lead(tmp_path):
    """The lead's project: the same document, with a layer of its own first (so span ids differ)."""
    path = tmp_path / "lead.barchasb"
    ws = Workspace.create(path)
    doc = add_document(ws, TEXT)
    ws.set_annotator("lead")
    for phrase in ("باکو", "آذربایجان شرقی", "معاون"):
        ws.add_span(doc, *at(phrase), "place")
    Entities(ws).create("اسحاق جهانگیری", "official", ("معاون اول",))
    ws.close()
    return path


def facts(path, layer="sara") -> dict:
    """The layer's relations, values and links by span keys and entity names, read from the file."""
    ws = Workspace.open(path)
    try:
        annotator = ws.repo.find_annotator(layer)
        spans = {s.id: (s.start, s.end, s.label) for s in ws.repo.spans(1, annotator.id)}
        names = {e.id: e.name for e in ws.repo.entities()}
        values = ws.repo.span_attributes(list(spans))
        return {
            "relations": sorted((spans[r.head], spans[r.tail], r.type) for r in ws.repo.relations(1, annotator.id)),
            "values": {spans[s]: v for s, v in values.items()},
            "links": {spans[s]: names[e] for s, e in ws.repo.span_entities(list(spans)).items()},
            "holder": {spans[s]: names[v["holder"]] for s, v in values.items() if "holder" in v},
        }
    finally:
        ws.close()


def test_relations_values_entities_and_links_come_with_their_spans(tmp_path, lead):
    annotator_file(tmp_path / "sara.barchasb", relations=[("official", "title", "holds"), ("city", "province", "near")])
    report = merge_into(lead, [tmp_path / "sara.barchasb"])
    [item] = report.files
    assert item.relation_types_added == ["near"] and item.attribute_fields_added == ["place.kind", "title.holder"]
    assert (item.entities_added, item.entities_updated) == (1, 1)  # one new, one matched by name and type
    assert (dict(item.relations_added), item.attributes_added, item.links_added) == ({"sara": 2}, 2, 1)
    assert report.changes.relations_changed == {1} and report.changes.entities_changed
    official, title, province, city = ((*at(PHRASES[n]), LABELS[n]) for n in ("official", "title", "province", "city"))
    found = facts(lead)
    assert found["relations"] == sorted([(official, title, "holds"), (province, city, "near")])
    assert found["values"][city] == {"kind": "city"}
    assert found["links"] == {official: "اسحاق جهانگیری"} and found["holder"] == {title: "اسحاق جهانگیری"}
    with Workspace.open(lead) as ws:
        [merged] = [e for e in ws.repo.entities() if e.name == "اسحاق جهانگیری"]
        assert merged.aliases == ("معاون اول", "جهانگیری") and merged.external_id == "Q5909"
        near = [r for r in ws.repo.relations(1) if r.type == "near"]
        assert len(near) == 1 and near[0].head < near[0].tail  # a symmetric relation: the smaller span id first
        assert not ws.repo.relation_type("near").directed


def export(path, out) -> bytes:
    assert main(["export", str(path), "-f", "jsonl", "-o", str(out)]) == 0
    return out.read_bytes()


def history_rows(path) -> int:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT count(*) FROM history").fetchone()[0]


def test_merging_twice_changes_nothing(tmp_path, lead):
    annotator_file(tmp_path / "sara.barchasb", relations=[("official", "title", "holds"), ("city", "province", "near")])
    merge_into(lead, [tmp_path / "sara.barchasb"])
    first = export(lead, tmp_path / "first.jsonl")
    rows = history_rows(lead)
    report = merge_into(lead, [tmp_path / "sara.barchasb"])
    assert not report.files[0].changed
    assert export(lead, tmp_path / "second.jsonl") == first
    assert history_rows(lead) == rows  # not one row
    assert b'"relations"' in first and b'"entities"' in first and b'"city"' in first


def test_a_layer_that_only_adds_relations_grows(tmp_path, lead):
    annotator_file(tmp_path / "v1.barchasb")
    annotator_file(
        tmp_path / "v2.barchasb", relations=[("official", "title", "holds"), ("city", "province", "located_in")]
    )
    merge_into(lead, [tmp_path / "v1.barchasb"])
    report = merge_into(lead, [tmp_path / "v2.barchasb"])
    assert not report.files[0].side_layers and dict(report.files[0].relations_added) == {"sara": 1}
    assert sorted(r[2] for r in facts(lead)["relations"]) == ["holds", "located_in"]


def test_a_layer_whose_relations_or_values_differ_goes_beside_it_with_them(tmp_path, lead):
    annotator_file(tmp_path / "v1.barchasb")
    annotator_file(tmp_path / "home.barchasb", relations=[("city", "province", "located_in")])
    annotator_file(tmp_path / "away.barchasb", kind="country")
    merge_into(lead, [tmp_path / "v1.barchasb"])
    report = merge_into(lead, [tmp_path / "home.barchasb", tmp_path / "away.barchasb"])
    assert [dict(f.side_layers) for f in report.files] == [{"sara@home": 1}, {"sara@away": 1}]
    assert [r[2] for r in facts(lead)["relations"]] == ["holds"]  # sara's own layer untouched
    assert [r[2] for r in facts(lead, "sara@home")["relations"]] == ["located_in"]
    city = (*at("باکو"), "place")
    assert facts(lead, "sara@away")["values"][city] == {"kind": "country"}
    assert facts(lead)["values"][city] == {"kind": "city"}
    before = export(lead, tmp_path / "before.jsonl")
    merge_into(lead, [tmp_path / "v1.barchasb", tmp_path / "home.barchasb", tmp_path / "away.barchasb"])
    assert export(lead, tmp_path / "after.jsonl") == before


def test_a_conflicting_relation_type_stops_that_file_with_a_clear_error(tmp_path, lead):
    annotator_file(tmp_path / "sara.barchasb")
    with Workspace.open(lead, "lead") as ws:  # here, near is directed
        RelationSchemeEditor(ws).save_type(RelationType("near", "نزدیک", "near", "#123456", heads=("place",)))
    with pytest.raises(ConflictError, match=r"sara\.barchasb: relation type 'near' is symmetric there and directed"):
        merge_into(lead, [tmp_path / "sara.barchasb"])
    with Workspace.open(lead) as ws:
        assert ws.repo.find_annotator("sara") is None  # nothing of that file stayed
    (tmp_path / "sara.barchasb").unlink()
    annotator_file(tmp_path / "sara.barchasb", kind="", scheme=False)
    with Workspace.open(tmp_path / "sara.barchasb", "sara") as ws:
        RelationSchemeEditor(ws).save_field(AttributeField("place", "kind", AttributeKind.TEXT))
    with Workspace.open(lead, "lead") as ws:
        RelationSchemeEditor(ws).save_field(KIND)
    with pytest.raises(ConflictError, match=r"attribute place\.kind is a text field there and a choice field here"):
        merge_into(lead, [tmp_path / "sara.barchasb"])


def test_a_file_from_before_relations_existed_merges(tmp_path, lead, monkeypatch):
    old = tmp_path / "old.barchasb"
    with monkeypatch.context() as patch:  # the code before migration 0004 made it
        patch.setattr(migrations.MIGRATIONS, "_migrations", list(migrations.MIGRATIONS._migrations)[:3])
        for module in (migrations, db_module, backup_module):
            patch.setattr(module, "SCHEMA_VERSION", 3)
        repo = Repository.open(old, create=True)
        with repo.action("tester"):
            repo.save_label(Label("official", "مقام", "Official", "#d64541", "1"))
            sara = repo.ensure_annotator("sara")
        doc = add_document(SimpleNamespace(repo=repo), TEXT)
        with repo.action("sara"):
            repo.insert_span(Span(doc, *at("علی جهانگیری"), "official", sara.id))
        repo.close()
    report = merge_into(lead, [old])
    assert dict(report.files[0].spans_added) == {"sara": 1} and not report.files[0].relations_added
    assert not report.files[0].relation_types_added and report.files[0].entities_added == 0
