"""Relations, span attributes and entities through `barchasb export` and `barchasb import`:
every format that carries them writes them, and reading them back gives the same rows."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from contextlib import closing

import pytest

from desktop.cli import main
from desktop.text.values import parse_date
from desktop.workspace.relations import Entities, Relations, SpanAttributes

from helpers import TEXT, add_document

MENTIONS = {
    "official": "علی جهانگیری",
    "title": "معاون استاندار آذربایجان شرقی",
    "place": "آذربایجان شرقی",
}


def at(text: str) -> tuple[int, int]:
    start = TEXT.index(text)
    return start, start + len(text)


@pytest.fixture
def project(workspace, project_path) -> str:
    """One document: official —holds→ title, «باکو» —located_in→ «آذربایجان شرقی», the title's
    role level, and the official linked to an entity with aliases and an external id."""
    doc = add_document(workspace)
    ids = {label: workspace.add_span(doc, *at(words), label).id for label, words in MENTIONS.items()}
    baku = workspace.add_span(doc, *at("باکو"), "place").id
    relations = Relations(workspace)
    relations.add(ids["official"], ids["title"], "holds")
    relations.add(baku, ids["place"], "located_in")
    SpanAttributes(workspace).set(ids["title"], "role_level", "deputy")
    entities = Entities(workspace)
    [entity] = entities.create("اسحاق جهانگیری", "official", ("جهانگیری",), "Q5909").entities_added
    entities.link(ids["official"], entity)
    return str(project_path)


def stored(path: str) -> dict[str, list[tuple]]:
    """The layer above spans as rows named by span text and label, not ids."""
    with closing(sqlite3.connect(path)) as conn:
        span = (
            "(SELECT substr(d.text, s.start + 1, s.\"end\" - s.start) || '/' || s.label"
            " FROM spans s JOIN documents d ON d.id = s.document_id WHERE s.id = {})"
        )
        return {
            "relations": conn.execute(
                f"SELECT {span.format('r.head')}, {span.format('r.tail')}, r.type FROM relations r ORDER BY 1, 2, 3"
            ).fetchall(),
            "attributes": conn.execute(
                f"SELECT {span.format('a.span_id')}, a.name, a.value FROM span_attributes a ORDER BY 1, 2"
            ).fetchall(),
            "links": conn.execute(
                f"SELECT {span.format('l.span_id')}, e.name, e.type, e.external_id FROM span_entities l"
                " JOIN entities e ON e.id = l.entity_id ORDER BY 1"
            ).fetchall(),
            "aliases": conn.execute("SELECT alias FROM entity_aliases ORDER BY alias").fetchall(),
        }


def test_jsonl_export_writes_relations_attributes_and_entities(project, tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    assert main(["export", project, "--format", "jsonl", "-o", str(out)]) == 0
    [record] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    spans = [(TEXT[s["start"] : s["end"]], s["label"]) for s in record["spans"]]
    named = {(spans[r["head"]], spans[r["tail"]], r["type"]) for r in record["relations"]}
    assert named == {
        (("علی جهانگیری", "official"), ("معاون استاندار آذربایجان شرقی", "title"), "holds"),
        (("باکو", "place"), ("آذربایجان شرقی", "place"), "located_in"),
    }
    by_label = {s["label"]: s for s in record["spans"]}
    assert by_label["title"]["attributes"] == {"role_level": "deputy"}
    [entity] = record["entities"]
    assert by_label["official"]["entity"] == entity["id"]
    assert (entity["name"], entity["aliases"], entity["external_id"]) == ("اسحاق جهانگیری", ["جهانگیری"], "Q5909")
    assert "2 relations exported" in capsys.readouterr().out


def fresh(tmp_path, name: str) -> str:
    path = tmp_path / name
    assert main(["init", str(path)]) == 0
    return str(path)


CARRIES = {  # what each format carries besides relations
    "jsonl": ("attributes", "links", "aliases"),
    "brat": ("attributes", "links"),
    "doccano": (),
    "label-studio": (),
}
OUTPUTS = {"jsonl": "out.jsonl", "brat": "out", "doccano": "out.jsonl", "label-studio": "out.json"}


@pytest.mark.parametrize("fmt", list(CARRIES))
def test_a_round_trip_gives_the_same_relations_attributes_and_entities(fmt, project, tmp_path, capsys):
    out = tmp_path / OUTPUTS[fmt]
    assert main(["export", project, "--format", fmt, "-o", str(out)]) == 0
    other = fresh(tmp_path, "other.barchasb")
    assert main(["import", other, str(out), "--format", fmt]) == 0, capsys.readouterr().err
    before, after = stored(project), stored(other)
    assert after["relations"] == before["relations"] and len(after["relations"]) == 2
    for kind in CARRIES[fmt]:
        assert after[kind] == before[kind], kind
    again = tmp_path / ("again" + out.suffix)
    assert main(["export", other, "--format", fmt, "-o", str(again)]) == 0
    if fmt == "brat":
        assert {p.name: p.read_bytes() for p in out.iterdir()} == {p.name: p.read_bytes() for p in again.iterdir()}
    elif fmt == "jsonl":
        assert again.read_bytes() == out.read_bytes()


def counts(path: str) -> dict[str, int]:
    with closing(sqlite3.connect(path)) as conn:
        tables = ("documents", "spans", "relations", "span_attributes", "entities", "span_entities", "labels")
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


FIXTURES = __import__("pathlib").Path(__file__).parents[1] / "fixtures" / "brat"


def test_brats_reference_documents_import_exactly(tmp_path, capsys):
    """The hand-written news collection: every T, R, A, N, * and # line that Barchasb
    has a place for is stored; the event lines are reported, not dropped silently."""
    other = fresh(tmp_path, "news.barchasb")
    from desktop.workspace import Workspace

    ws = Workspace.open(other)  # the fixture spells it «organization»: let the scheme allow it
    try:
        party = ws.repo.relation_type("party_to")
        with ws.repo.action("tester"):
            ws.repo.save_relation_type(dataclasses.replace(party, heads=(*party.heads, "organization")))
    finally:
        ws.close()
    assert main(["import", other, str(FIXTURES / "news")]) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert "news2.ann:9: E1: events are not supported; left out" in out
    rows = stored(other)
    assert rows["relations"] == sorted(
        [
            ("اسحاق جهانگیری/official", "معاون اول رئیس‌جمهور/title", "holds"),
            ("اسحاق جهانگیری/official", "قراردادی/agreement", "party_to"),
            ("۲۱ آبان ۱۴۰۴/date", "قراردادی/agreement", "date_of"),
            ("۱٫۸ میلیارد دلار/figure", "قراردادی/agreement", "amount_of"),
            ("توتال/organization", "قراردادی/agreement", "party_to"),
        ]
    )
    assert rows["attributes"] == [
        ("اسحاق جهانگیری/official", "confirmed", "true"),
        ("قراردادی/agreement", "status", '"signed"'),
        ("۱٫۸ میلیارد دلار/figure", "currency", '"USD"'),
        # A span the file gives no attributes takes the values its words say (docs/values.md).
        ("۲۱ آبان ۱۴۰۴/date", "iso", json.dumps(parse_date("۲۱ آبان ۱۴۰۴").to_json(), sort_keys=True)),
    ]
    linked = {(span, name, external) for span, name, _, external in rows["links"]}
    entity = ("اسحاق جهانگیری", "fawiki:اسحاق_جهانگیری")
    assert linked == {(span, *entity) for span in ("اسحاق جهانگیری/official", "جهانگیری/official", "معاون اول/title")}
    assert rows["aliases"] == [("جهانگیری",), ("معاون اول",)]
    assert "attribute fields added to the scheme: official.confirmed, figure.currency" in out


def test_a_relation_to_a_missing_span_changes_nothing_and_names_the_line(project, tmp_path, capsys):
    good = {"text": "خوب", "spans": []}
    bad = {"text": "علی در تهران", "spans": [{"start": 7, "end": 12, "label": "place"}]}
    bad["relations"] = [{"head": 0, "tail": 3, "type": "located_in"}]
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in (good, bad)) + "\n", encoding="utf-8")
    before = counts(project)
    assert main(["import", project, str(path)]) == 3
    assert f"skipped {path}: line 2: relation 1 (located_in) points at span 3" in capsys.readouterr().err
    assert counts(project) == before


def test_a_value_the_schemes_field_refuses_rolls_back_the_spans_of_the_file(project, tmp_path, capsys):
    """The value is checked after the file's spans are written: they go back with it."""
    record = {"text": "قرارداد امضا شد", "spans": [{"start": 0, "end": 7, "label": "agreement"}]}
    record["spans"][0]["attributes"] = {"status": "maybe"}
    path = tmp_path / "values.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    before = counts(project)
    assert main(["import", project, str(path)]) == 3
    err = capsys.readouterr().err
    assert f"{path}" in err and "line 1" in err and "'maybe'" in err
    assert counts(project) == before


def test_a_relation_the_scheme_does_not_allow_is_refused_with_its_line(project, tmp_path, capsys):
    record = {
        "text": "تهران و باکو",
        "spans": [{"start": 0, "end": 5, "label": "place"}, {"start": 8, "end": 12, "label": "place"}],
        "relations": [{"head": 0, "tail": 1, "type": "holds"}],
    }
    path = tmp_path / "types.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    before = counts(project)
    assert main(["import", project, str(path)]) == 3
    assert "line 1: relation 1: 'holds' is not allowed from 'place' to 'place'" in capsys.readouterr().err
    assert counts(project) == before


def test_rel_table_writes_positives_negatives_and_a_label_list(project, tmp_path, capsys):
    out = tmp_path / "pairs.jsonl"
    assert main(["export", project, "--format", "rel-table", "--negatives", "-o", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    positives = {(r["head_text"], r["tail_text"], r["label"]) for r in rows if r["label"] != "no_relation"}
    assert positives == {
        ("علی جهانگیری", "معاون استاندار آذربایجان شرقی", "holds"),
        ("باکو", "آذربایجان شرقی", "located_in"),
    }
    assert any(r["label"] == "no_relation" for r in rows)
    labels = json.loads((tmp_path / "pairs.labels.json").read_text(encoding="utf-8"))["labels"]
    assert labels[0] == "no_relation" and "holds" in labels


def test_doccano_writes_its_relation_shape_when_the_project_has_relations(project, tmp_path):
    out = tmp_path / "d.jsonl"
    assert main(["export", project, "--format", "doccano", "-o", str(out)]) == 0
    record = json.loads(out.read_text(encoding="utf-8"))
    assert "label" not in record and len(record["relations"]) == 2 and len(record["entities"]) == 4


def test_relations_go_with_their_spans_when_labels_are_left_out(project, tmp_path, capsys):
    out = tmp_path / "o.jsonl"
    assert main(["export", project, "--labels", "official,place", "-o", str(out)]) == 0
    assert "1 relations exported" in capsys.readouterr().out
    assert len(json.loads(out.read_text(encoding="utf-8"))["relations"]) == 1  # located_in; holds lost its title
