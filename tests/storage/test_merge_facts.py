"""The two readers of another project's relations, values and entities for a merge agree:
the file read with SQL and any store's whole-project dump (a merge from a server)."""

from __future__ import annotations

from pathlib import Path

from desktop.core.attributes import AttributeField, AttributeKind
from desktop.storage.merge_facts import DumpFacts, FileFacts
from desktop.storage.merge_source import open_other
from desktop.storage.repository import Repository
from desktop.workspace import Workspace
from desktop.workspace.relations import Entities, Relations, RelationSchemeEditor, SpanAttributes

from helpers import TEXT, add_document

OTHER = "نمایشگاه صنعت در اردبیل برگزار شد."


def at(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def project(path: Path) -> None:
    """Two documents, two layers, relations, values (the second document first) and aliased entities."""
    ws = Workspace.create(path)
    docs = [add_document(ws, TEXT), add_document(ws, OTHER, "other.txt")]
    ws.set_annotator("lead")  # who edits the scheme and the registry
    RelationSchemeEditor(ws).save_field(AttributeField("place", "kind", AttributeKind.CHOICE, ("city", "country")))
    entities = Entities(ws)
    [first] = entities.create("اسحاق جهانگیری", "official", ("جهانگیری", "معاون اول"), "Q5909").entities_added
    entities.create("باکو", "place", ("Baku",))
    for name in ("sara", "reza"):
        ws.set_annotator(name)
        place = ws.add_span(docs[1], *at(OTHER, "اردبیل"), "place").id
        SpanAttributes(ws).set(place, "kind", "city" if name == "sara" else "country")
        official = ws.add_span(docs[0], *at(TEXT, "علی جهانگیری"), "official").id
        title = ws.add_span(docs[0], *at(TEXT, "معاون استاندار"), "title").id
        Relations(ws).add(official, title, "holds")
        entities.link(official, first)
    ws.close()


def read(facts) -> dict:
    rows = {name: getattr(facts, name)() for name in ("relations", "attributes", "links")}
    return {
        "types": facts.relation_types(),
        "fields": facts.attribute_fields(),
        "entities": facts.entities(),
        **{name: [r.take(doc) for doc in (1, 2)] for name, r in rows.items()},
    }


def test_the_file_and_the_dump_read_the_same(tmp_path):
    path = tmp_path / "team.barchasb"
    project(path)
    other = open_other(path, tmp_path / "target.barchasb")
    try:
        from_file = read(other.facts())
    finally:
        other.close()
    repo = Repository.open(path)
    try:
        with repo.dump() as dump:
            from_dump = read(DumpFacts(dump))
    finally:
        repo.close()
    assert from_dump == from_file
    assert [e.aliases for e in from_file["entities"]] == [("جهانگیری", "معاون اول"), ("Baku",)]
    official, title = (*at(TEXT, "علی جهانگیری"), "official"), (*at(TEXT, "معاون استاندار"), "title")
    assert [row[2:5] for row in from_file["relations"][0]] == [(official, title, "holds")] * 2
    assert [row[2:] for row in from_file["attributes"][1]] == [
        ((*at(OTHER, "اردبیل"), "place"), "kind", "city"),
        ((*at(OTHER, "اردبیل"), "place"), "kind", "country"),
    ]
    assert [row[3] for row in from_file["links"][0]] == [1, 1]


def test_a_file_without_the_relation_tables_reads_empty(tmp_path):
    import sqlite3
    from contextlib import closing

    path = tmp_path / "old.barchasb"
    project(path)
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("DROP TABLE span_entities")
        conn.commit()
        facts = FileFacts(conn)
        assert not facts.present and facts.entities() == [] and facts.relations().take(1) == []
