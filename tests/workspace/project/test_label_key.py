"""Changing a label's key takes along everything that names it, as one undoable step: spans of
every layer, attribute fields and their values, relation types' allowed head and tail labels
(so relations stay allowed), entity types."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from desktop.core.errors import ConflictError, InputError, NotFound
from desktop.workspace.project.scheme import Scheme
from desktop.workspace.relations import Entities, Relations, SpanAttributes

from helpers import TEXT


def at(text: str) -> tuple[int, int]:
    start = TEXT.index(text)
    return start, start + len(text)


@pytest.fixture
def labelled(workspace, doc_id):
    """An official linked to an entity, a title with a role level, «holds» between them."""
    official = workspace.add_span(doc_id, *at("علی جهانگیری"), "official").id
    title = workspace.add_span(doc_id, *at("معاون استاندار آذربایجان شرقی"), "title").id
    Entities(workspace).create_from_span(official)
    SpanAttributes(workspace).set(title, "role_level", "deputy")
    Relations(workspace).add(official, title, "holds")
    return official, title


def state(workspace) -> dict:
    """Everything a key names, read from the project."""
    repo = workspace.repo
    with closing(sqlite3.connect(workspace.path)) as conn:
        spans = conn.execute("SELECT id, label FROM spans ORDER BY id").fetchall()
        relations = conn.execute("SELECT head, tail, type FROM relations ORDER BY id").fetchall()
    return {
        "labels": sorted(label.key for label in repo.labels()),
        "spans": spans,
        "relations": relations,
        "types": {t.key: (t.heads, t.tails) for t in repo.relation_types()},
        "fields": sorted((f.label, f.name) for f in repo.attribute_fields()),
        "values": repo.span_attributes([s for s, _ in spans]),
        "entities": [(e.name, e.type) for e in repo.entities()],
    }


def test_a_new_key_is_followed_by_spans_types_fields_values_and_entities(workspace, labelled):
    official, title = labelled
    before = state(workspace)
    changes = Scheme(workspace).change_key("title", "post")
    assert changes.labels_changed and changes.description == "Change label key title to post"
    after = state(workspace)
    assert "post" in after["labels"] and "title" not in after["labels"]
    assert dict(after["spans"]) == {official: "official", title: "post"}
    assert after["relations"] == before["relations"] == [(official, title, "holds")]
    assert after["types"]["holds"] == (("official",), ("post",))
    assert after["types"]["of"][0] == tuple("post" if k == "title" else k for k in before["types"]["of"][0])
    assert ("post", "role_level") in after["fields"] and not any(f[0] == "title" for f in after["fields"])
    assert after["values"] == before["values"] == {title: {"role_level": "deputy"}}
    Scheme(workspace).change_key("official", "person")
    assert state(workspace)["entities"] == [("علی جهانگیری", "person")]
    assert state(workspace)["types"]["holds"] == (("person",), ("post",))


def test_undo_turns_every_part_back_and_redo_again(workspace, labelled):
    before = state(workspace)
    Scheme(workspace).change_key("official", "person")
    renamed = state(workspace)
    assert renamed["entities"] == [("علی جهانگیری", "person")]
    workspace.undo()
    assert state(workspace) == before
    workspace.redo()
    assert state(workspace) == renamed


def test_relations_and_attributes_keep_working_under_the_new_key(workspace, labelled, doc_id):
    official, _ = labelled
    Scheme(workspace).change_key("title", "post")
    other = workspace.add_span(doc_id, *at("آذربایجان شرقی"), "post").id
    changes = Relations(workspace).add(official, other, "holds")  # holds now allows official -> post
    assert changes.relations_added
    SpanAttributes(workspace).set(other, "role_level", "governor")
    assert workspace.repo.span_attributes([other]) == {other: {"role_level": "governor"}}


def test_a_taken_bad_or_unknown_key_is_refused_and_nothing_changes(workspace, labelled):
    before = state(workspace)
    scheme = Scheme(workspace)
    with pytest.raises(ConflictError, match="there is a label 'place' already"):
        scheme.change_key("title", "place")
    with pytest.raises(InputError, match="must be 1-64 letters"):
        scheme.change_key("title", "a post")
    with pytest.raises(NotFound, match="no label 'post'"):
        scheme.change_key("post", "title2")
    assert scheme.change_key("title", "title").description == ""
    assert state(workspace) == before
    assert not workspace.undo_stack.next_undo().description.startswith("Change label key")
