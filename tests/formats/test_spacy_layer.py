"""The spaCy DocBin keeps span attributes, entity links and relations (issue 15), read back with spaCy.

They travel in `Doc.user_data` (docs/formats.md, "spaCy"): `spans`, `relations` and
`entities` shaped as in native JSONL, plus spaCy's own span-extension keys, so a
registered `Span` extension reads a span's attributes and entity id.
"""

from __future__ import annotations

import json

import pytest

from desktop.cli import main

spacy = pytest.importorskip("spacy")

TEXT = "اسحاق جهانگیری، معاون اول رئیس‌جمهور، قرارداد تازه را امضا کرد."
ENTITY = {"id": 7, "name": "اسحاق جهانگیری", "type": "official", "aliases": ["جهانگیری"], "external_id": "Q1"}


def at(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


def span(phrase: str, label: str, **extra) -> dict:
    start, end = at(phrase)
    return {"start": start, "end": end, "label": label, "annotator": "sara", "origin": "manual"} | extra


RECORD = {
    "text": TEXT,
    "spans": [
        span("اسحاق جهانگیری", "official", entity=7),
        span("معاون اول رئیس‌جمهور", "title", attributes={"role_level": "deputy"}),
        span("قرارداد", "agreement", attributes={"status": "signed"}),
    ],
    "relations": [
        {"head": 0, "tail": 1, "type": "holds", "annotator": "sara", "origin": "manual"},
        {"head": 0, "tail": 2, "type": "party_to", "annotator": "sara", "origin": "manual", "note": "امضا"},
    ],
    "entities": [ENTITY],
}


@pytest.fixture
def exported(workspace, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(RECORD, ensure_ascii=False) + "\n", encoding="utf-8")
    path = str(workspace.path)
    workspace.close()
    assert main(["import", path, str(source)]) == 0
    out = tmp_path / "out.spacy"
    assert main(["export", path, "-f", "spacy", "-o", str(out)]) == 0
    from spacy.tokens import DocBin

    [doc] = DocBin().from_bytes(out.read_bytes()).get_docs(spacy.blank("fa").vocab)
    return doc


def test_user_data_lists_the_spans_with_their_attributes_entity_links_and_relations(exported):
    spans = exported.user_data["spans"]
    assert [(TEXT[s["start"] : s["end"]], s["label"]) for s in spans] == [
        ("اسحاق جهانگیری", "official"),
        ("معاون اول رئیس‌جمهور", "title"),
        ("قرارداد", "agreement"),
    ]
    assert [s.get("attributes") for s in spans] == [None, {"role_level": "deputy"}, {"status": "signed"}]
    [entity] = exported.user_data["entities"]
    assert spans[0]["entity"] == entity["id"]
    assert (entity["name"], entity["type"], entity["aliases"], entity["external_id"]) == (
        "اسحاق جهانگیری",
        "official",
        ("جهانگیری",),  # DocBin's msgpack reads lists back as tuples
        "Q1",
    )
    relations = [
        (spans[r["head"]]["label"], r["type"], spans[r["tail"]]["label"], r["note"])
        for r in exported.user_data["relations"]
    ]
    assert sorted(relations) == [("official", "holds", "title", ""), ("official", "party_to", "agreement", "امضا")]


def test_registered_span_extensions_read_attributes_and_entity_ids(exported):
    from spacy.tokens import Span

    Span.set_extension("attributes", default=None, force=True)
    Span.set_extension("entity", default=None, force=True)
    try:
        found = {(e.text, e.label_): (e._.attributes, e._.entity) for e in exported.ents}
    finally:
        Span.remove_extension("attributes")
        Span.remove_extension("entity")
    entity_id = exported.user_data["entities"][0]["id"]
    assert found == {
        ("اسحاق جهانگیری", "official"): (None, entity_id),
        ("معاون اول رئیس‌جمهور", "title"): ({"role_level": "deputy"}, None),
        ("قرارداد", "agreement"): ({"status": "signed"}, None),
    }


def test_a_document_without_attributes_links_or_relations_adds_nothing(workspace, tmp_path):
    source = tmp_path / "plain.jsonl"
    record = {"text": TEXT, "spans": [span("قرارداد", "agreement")]}
    source.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    path = str(workspace.path)
    workspace.close()
    assert main(["import", path, str(source)]) == 0
    out = tmp_path / "out.spacy"
    assert main(["export", path, "-f", "spacy", "-o", str(out)]) == 0
    from spacy.tokens import DocBin

    [doc] = DocBin().from_bytes(out.read_bytes()).get_docs(spacy.blank("fa").vocab)
    assert set(doc.user_data) == {"id", "name"}
