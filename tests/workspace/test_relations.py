"""Relations and span attributes as use cases: stored at once, journaled, undone and redone."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from desktop.core.errors import ConflictError, InputError, NotFound
from desktop.core.relations import RelationType
from desktop.workspace.relations import Relations, SpanAttributes

from helpers import TEXT, add_document


def at(text: str) -> tuple[int, int]:
    start = TEXT.index(text)
    return start, start + len(text)


@pytest.fixture
def spans(workspace, doc_id) -> dict[str, int]:
    """official «علی جهانگیری», title «معاون استاندار …», places «آذربایجان شرقی» and «باکو»."""
    made = {
        "official": workspace.add_span(doc_id, *at("علی جهانگیری"), "official"),
        "title": workspace.add_span(doc_id, *at("معاون استاندار آذربایجان شرقی"), "title"),
        "province": workspace.add_span(doc_id, *at("آذربایجان شرقی"), "place"),
        "baku": workspace.add_span(doc_id, *at("باکو"), "place"),
    }
    return {key: span.id for key, span in made.items()}


def stored_relations(path) -> list[tuple]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT id, head, tail, type FROM relations ORDER BY id").fetchall()


def test_a_relation_is_stored_at_once_and_undone_and_redone_with_its_id(workspace, spans, project_path):
    relations = Relations(workspace)
    changes = relations.add(spans["official"], spans["title"], "holds")
    [rid] = changes.relations_added
    assert changes.relations_changed == {1} and changes.description == "Add relation holds"
    assert stored_relations(project_path) == [(rid, spans["official"], spans["title"], "holds")]
    assert workspace.undo().relations_removed == [rid]
    assert stored_relations(project_path) == []
    workspace.redo()
    assert stored_relations(project_path) == [(rid, spans["official"], spans["title"], "holds")]
    actions = [r["action"] for r in workspace.repo.history(entity="relation", entity_id=rid)]
    assert actions == ["redo.create", "undo.delete", "relation.create"]


def test_a_relation_the_scheme_does_not_allow_is_refused_and_nothing_is_stored(workspace, spans, project_path):
    relations = Relations(workspace)
    with pytest.raises(InputError, match="'holds' is not allowed from 'title' to 'official'"):
        relations.add(spans["title"], spans["official"], "holds")
    with pytest.raises(NotFound, match="no relation type 'likes'"):
        relations.add(spans["official"], spans["title"], "likes")
    with pytest.raises(InputError, match="itself"):
        relations.add(spans["baku"], spans["baku"], "located_in")
    relations.add(spans["baku"], spans["province"], "located_in")
    with pytest.raises(ConflictError, match="already have a located_in"):
        relations.add(spans["baku"], spans["province"], "located_in")
    assert len(stored_relations(project_path)) == 1


def test_another_annotators_spans_cannot_be_related(workspace, spans):
    workspace.set_annotator("omid")
    with pytest.raises(ConflictError, match="another annotator's layer"):
        Relations(workspace).add(spans["official"], spans["title"], "holds")


def test_reverse_and_retype_are_one_undoable_step_each(workspace, spans, project_path):
    relations = Relations(workspace)
    [rid] = relations.add(spans["baku"], spans["province"], "located_in").relations_added
    relations.reverse(rid)
    assert stored_relations(project_path) == [(rid, spans["province"], spans["baku"], "located_in")]
    with workspace.repo.action("tester"):
        workspace.repo.save_relation_type(RelationType("near", "نزدیک", "near", "#112233"))
    relations.retype(rid, "near")
    assert stored_relations(project_path) == [(rid, spans["province"], spans["baku"], "near")]
    with pytest.raises(InputError, match="'holds' is not allowed from 'place' to 'place'"):
        relations.retype(rid, "holds")
    workspace.undo()
    workspace.undo()
    assert stored_relations(project_path) == [(rid, spans["baku"], spans["province"], "located_in")]
    workspace.redo()
    assert stored_relations(project_path) == [(rid, spans["province"], spans["baku"], "located_in")]


def test_a_symmetric_relation_keeps_the_smaller_span_id_as_head_and_does_not_reverse(workspace, spans, project_path):
    with workspace.repo.action("tester"):
        workspace.repo.save_relation_type(
            RelationType("near", "نزدیک", "near", "#112233", directed=False, heads=("place",), tails=("place",))
        )
    relations = Relations(workspace)
    [rid] = relations.add(spans["baku"], spans["province"], "near").relations_added
    assert stored_relations(project_path) == [(rid, spans["province"], spans["baku"], "near")]
    with pytest.raises(ConflictError, match="already have a near"):
        relations.add(spans["province"], spans["baku"], "near")
    assert not relations.reverse(rid)


def test_deleting_a_span_takes_its_relations_and_attributes_along_and_undo_restores_them(
    workspace, spans, project_path
):
    relations, attributes = Relations(workspace), SpanAttributes(workspace)
    relations.add(spans["official"], spans["title"], "holds")
    relations.add(spans["baku"], spans["province"], "located_in")
    attributes.set(spans["title"], "role_level", "deputy")
    before = stored_relations(project_path)
    changes = workspace.delete_span(spans["title"])
    assert changes.relations_removed == [before[0][0]] and changes.span_details_changed == [spans["title"]]
    assert stored_relations(project_path) == before[1:]
    assert workspace.repo.span_attributes([spans["title"]]) == {}
    workspace.undo()
    assert stored_relations(project_path) == before
    assert attributes.values(spans["title"]) == {"role_level": "deputy"}
    workspace.redo()
    assert stored_relations(project_path) == before[1:]
    deleted = workspace.repo.history(entity="relation", entity_id=before[0][0], limit=1)
    assert deleted[0]["action"] == "redo.delete"


def test_deleting_both_ends_of_a_relation_removes_it_once(workspace, spans, project_path):
    Relations(workspace).add(spans["baku"], spans["province"], "located_in")
    from desktop.core.undo import DeleteSpan

    ops = [DeleteSpan(workspace.repo.span(spans[key])) for key in ("baku", "province")]
    workspace.apply_ops("Delete spans", ops)
    assert stored_relations(project_path) == []
    workspace.undo()
    assert len(stored_relations(project_path)) == 1


def test_an_attribute_is_checked_by_kind_and_every_change_is_journaled_and_undoable(workspace, spans):
    attributes = SpanAttributes(workspace)
    with pytest.raises(InputError, match=r"attribute title\.role_level: 'king' is not a choice value"):
        attributes.set(spans["title"], "role_level", "king")
    with pytest.raises(NotFound, match="label 'place' has no attribute 'role_level'"):
        attributes.set(spans["baku"], "role_level", "deputy")
    attributes.set(spans["title"], "role_level", "deputy")
    attributes.set(spans["title"], "role_level", "governor")
    assert not attributes.set(spans["title"], "role_level", "governor")  # unchanged: no step
    attributes.clear(spans["title"], "role_level")
    assert attributes.values(spans["title"]) == {}
    workspace.undo()
    assert attributes.values(spans["title"]) == {"role_level": "governor"}
    workspace.undo()
    assert attributes.values(spans["title"]) == {"role_level": "deputy"}
    rows = workspace.repo.history(entity="span_attribute", entity_id=f"{spans['title']}.role_level")
    assert [(r["action"], (r["after"] or {}).get("value")) for r in rows] == [
        ("undo.set", "deputy"),
        ("undo.set", "governor"),
        ("attribute.set", None),
        ("attribute.set", "governor"),
        ("attribute.set", "deputy"),
    ]


def test_a_value_attribute_holds_a_normalised_value_read_back_by_the_value_parser(workspace):
    text = "قرارداد یک میلیارد و ۸۰۰ میلیون دلاری در ۲۱ آبان ۱۴۰۴ امضا شد."
    doc = add_document(workspace, text, "deal.txt")
    figure = workspace.add_span(doc, *at_in(text, "یک میلیارد و ۸۰۰ میلیون دلاری"), "figure")
    date = workspace.add_span(doc, *at_in(text, "۲۱ آبان ۱۴۰۴"), "date")
    attributes = SpanAttributes(workspace)
    attributes.fill_values(figure.id)
    attributes.fill_values(date.id)
    assert attributes.values(figure.id) == {"value": {"kind": "amount", "value": "1800000000", "unit": "USD"}}
    assert attributes.values(date.id)["iso"]["iso"] == "2025-11-12"
    assert not attributes.fill_values(date.id)  # already filled: kept
    with pytest.raises(InputError, match=r"attribute figure\.value: amount value must be a decimal"):
        attributes.set(figure.id, "value", {"kind": "amount", "value": 1.8e9, "unit": "USD"})
    workspace.undo()
    assert attributes.values(date.id) == {}


def at_in(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def test_relabelling_a_span_drops_what_its_new_label_does_not_take_and_undo_restores_it(workspace, spans, project_path):
    relations, attributes = Relations(workspace), SpanAttributes(workspace)
    relations.add(spans["official"], spans["title"], "holds")
    [kept] = relations.add(spans["baku"], spans["province"], "located_in").relations_added
    attributes.set(spans["title"], "role_level", "deputy")
    before = stored_relations(project_path)
    workspace.update_span(spans["title"], label="place")  # holds: official -> place is not allowed
    assert [r[0] for r in stored_relations(project_path)] == [kept]
    assert attributes.values(spans["title"]) == {}
    workspace.update_span(spans["province"], label="place", note="استان")  # same label: nothing dropped
    assert [r[0] for r in stored_relations(project_path)] == [kept]
    workspace.undo()
    workspace.undo()
    assert stored_relations(project_path) == before
    assert attributes.values(spans["title"]) == {"role_level": "deputy"}
