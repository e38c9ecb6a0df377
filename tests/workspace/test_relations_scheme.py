"""Editing the relation layer of the scheme: types and attribute fields, undoable; defaults for old projects."""

from __future__ import annotations

import pytest

from desktop.core.attributes import AttributeField, AttributeKind
from desktop.core.errors import ConflictError, InputError, NotFound
from desktop.core.model import Label
from desktop.core.relations import RelationType
from desktop.workspace import Workspace
from desktop.workspace.project.scheme import Scheme
from desktop.workspace.relations import Relations, RelationSchemeEditor, SpanAttributes

from helpers import TEXT

NEAR = RelationType("near", "نزدیک", "near", "#112233", heads=("place",), tails=("place",))


def test_a_relation_type_is_added_edited_and_deleted_one_undoable_step_each(workspace):
    editor = RelationSchemeEditor(workspace)
    changes = editor.save_type(NEAR)
    assert changes.labels_changed and changes.description == "Add relation type near"
    editor.save_type(RelationType("near", "نزدیک", "close to", "#112233", heads=("place",), tails=("place",)))
    assert workspace.repo.relation_type("near").name_en == "close to"
    editor.delete_type("near")
    assert "near" not in {t.key for t in workspace.repo.relation_types()}
    workspace.undo()
    workspace.undo()
    assert workspace.repo.relation_type("near") == NEAR
    actions = [r["action"] for r in workspace.repo.history(entity="relation_type", entity_id="near")]
    assert actions == ["undo.save", "undo.save", "relation_type.delete", "relation_type.save", "relation_type.save"]


def test_a_type_in_use_or_naming_unknown_labels_is_refused(workspace, doc_id):
    editor = RelationSchemeEditor(workspace)
    with pytest.raises(InputError, match="relation type x: no label person in this project"):
        editor.save_type(RelationType("x", "x", "x", "#000000", heads=("person",)))
    a = workspace.add_span(doc_id, 2, 5, "place")
    b = workspace.add_span(doc_id, 6, 14, "place")
    Relations(workspace).add(a.id, b.id, "located_in")
    with pytest.raises(ConflictError, match="still in use"):
        editor.delete_type("located_in")
    with pytest.raises(NotFound):
        editor.delete_type("nothing")


def test_an_attribute_field_is_added_and_deleted_undoably(workspace):
    editor = RelationSchemeEditor(workspace)
    unit = AttributeField("figure", "unit", AttributeKind.TEXT, name_en="Unit")
    editor.save_field(unit)
    assert [f.name for f in SpanAttributes(workspace).fields("figure")] == ["unit", "value"]
    editor.delete_field("figure", "unit")
    workspace.undo()
    assert workspace.repo.attribute_fields("figure")[0] == unit
    with pytest.raises(InputError, match="no label person"):
        editor.save_field(AttributeField("person", "age", AttributeKind.NUMBER))


def test_deleting_a_label_takes_its_fields_and_the_spans_attributes_and_undo_restores_all(workspace, doc_id):
    start = TEXT.index("معاون")
    title = workspace.add_span(doc_id, start, start + 5, "title")
    SpanAttributes(workspace).set(title.id, "role_level", "deputy")
    Scheme(workspace).delete("title")
    assert workspace.repo.attribute_fields("title") == [] and not workspace.repo.has_label("title")
    workspace.undo()
    assert [f.name for f in workspace.repo.attribute_fields("title")] == ["role_level"]
    assert SpanAttributes(workspace).values(title.id) == {"role_level": "deputy"}


def test_a_project_without_relation_types_gets_the_defaults_over_its_labels(tmp_path):
    labels = [Label("place", "مکان", "Place", "#27ae60", "1"), Label("figure", "رقم", "Figure", "#9b51e0", "2")]
    with Workspace.create(tmp_path / "custom.barchasb", labels) as workspace:
        workspace.set_annotator("sara")
        assert workspace.repo.relation_types() == []
        RelationSchemeEditor(workspace).add_defaults()
        assert [t.key for t in workspace.repo.relation_types()] == ["located_in"]
        assert [f.path for f in workspace.repo.attribute_fields()] == ["figure.value"]
        assert not RelationSchemeEditor(workspace).add_defaults()
        workspace.undo()
        assert workspace.repo.relation_types() == []
