"""Entity identity: the registry, mention links, merge, and suggestions by Persian-folded aliases."""

from __future__ import annotations

import pytest

from desktop.core.errors import ConflictError, InputError, NotFound
from desktop.workspace.relations import Entities, SpanAttributes, name_key

from helpers import TEXT, add_document

OTHER = "اسحاق جهانگيري و جهانگیری در باكو بودند."  # Arabic ي and ك: the same names, folded


def at(text: str, word: str) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


@pytest.fixture
def official(workspace, doc_id) -> int:
    return workspace.add_span(doc_id, *at(TEXT, "علی جهانگیری"), "official").id


def only_id(changes) -> int:
    [entity_id] = changes.entities_added
    return entity_id


def test_an_entity_is_created_linked_and_undone(workspace, official):
    entities = Entities(workspace)
    changes = entities.create("اسحاق جهانگیری", "official", ("جهانگیری", "علی جهانگیری"), "Q5909")
    eid = only_id(changes)
    assert changes.entities_changed and entities.all()[0].aliases == ("جهانگیری", "علی جهانگیری")
    linked = entities.link(official, eid)
    assert linked.span_details_changed == [official] and linked.documents == {1}
    assert entities.linked(official).name == "اسحاق جهانگیری"
    assert [s.id for s in entities.mentions(eid)] == [official]
    workspace.undo()
    assert entities.linked(official) is None
    workspace.redo()
    assert entities.linked(official).id == eid
    rows = workspace.repo.history(entity="span_entity", entity_id=official)
    assert [r["action"] for r in rows] == ["redo.link", "undo.unlink", "entity.link"]


def test_deleting_an_entity_unlinks_its_mentions_and_undo_brings_both_back(workspace, official):
    entities = Entities(workspace)
    eid = only_id(entities.create("اسحاق جهانگیری", "official"))
    entities.link(official, eid)
    entities.delete(eid)
    assert entities.all() == [] and entities.linked(official) is None
    workspace.undo()
    assert entities.linked(official).id == eid and entities.all()[0].id == eid


def test_deleting_a_linked_span_unlinks_it_and_undo_relinks(workspace, official):
    entities = Entities(workspace)
    eid = only_id(entities.create("اسحاق جهانگیری", "official"))
    entities.link(official, eid)
    workspace.delete_span(official)
    assert entities.mentions(eid) == []
    workspace.undo()
    assert [s.id for s in entities.mentions(eid)] == [official]


def test_merging_folds_names_into_aliases_and_moves_mentions(workspace, official):
    entities = Entities(workspace)
    keep = only_id(entities.create("اسحاق جهانگیری", "official"))
    other = only_id(entities.create("جهانگیری", "official", ("معاون اول",)))
    entities.link(official, other)
    entities.merge(keep, other)
    [merged] = entities.all()
    assert merged.aliases == ("جهانگیری", "معاون اول") and entities.linked(official).id == keep
    workspace.undo()
    assert [e.id for e in entities.all()] == [keep, other] and entities.linked(official).id == other
    with pytest.raises(ConflictError, match="into itself"):
        entities.merge(keep, keep)


def test_a_mention_is_matched_to_entities_by_folded_names_same_label_first(workspace, official):
    entities = Entities(workspace)
    place = only_id(entities.create("جهانگیری", "place"))  # a street, say
    person = only_id(entities.create("اسحاق جهانگیری", "official", ("جهانگيري",)))
    broader = only_id(entities.create("علی جهانگیری زاده", "official"))
    doc = add_document(workspace, OTHER, "other.txt")
    mention = workspace.add_span(doc, *at(OTHER, "جهانگيري"), "official").id
    assert [e.id for e in entities.suggest(mention)] == [person, place, broader]
    assert [e.id for e in entities.suggest(official)] == [broader]  # «علی جهانگیری» inside a longer name
    assert name_key("اسحاق‌جهانگیری") == name_key("اسحاق جهانگيري")


def test_bad_entities_and_links_are_refused(workspace, official):
    entities = Entities(workspace)
    with pytest.raises(InputError, match="needs a name"):
        entities.create(" ", "official")
    with pytest.raises(NotFound, match="no label 'person'"):
        entities.create("اسحاق جهانگیری", "person")
    with pytest.raises(NotFound, match="no entity #9"):
        entities.link(official, 9)
    workspace.set_annotator("omid")
    eid = only_id(entities.create("اسحاق جهانگیری", "official"))
    with pytest.raises(ConflictError, match="another annotator's layer"):
        entities.link(official, eid)


def test_an_entity_attribute_must_name_an_entity_of_the_registry(workspace, official):
    with workspace.repo.action("tester"):
        from desktop.core.attributes import AttributeField, AttributeKind

        workspace.repo.save_attribute_field(AttributeField("official", "party", AttributeKind.ENTITY))
    attributes = SpanAttributes(workspace)
    with pytest.raises(NotFound, match="no entity #3"):
        attributes.set(official, "party", 3)
    eid = only_id(Entities(workspace).create("دولت", "organisation"))
    attributes.set(official, "party", eid)
    assert attributes.values(official) == {"party": eid}


def test_an_entity_is_edited_in_one_step(workspace):
    entities = Entities(workspace)
    eid = only_id(entities.create("جهانگیری", "official"))
    entities.update(eid, name="اسحاق جهانگیری", aliases=("جهانگیری",))
    assert entities.all()[0].names == ("اسحاق جهانگیری", "جهانگیری")
    assert not entities.update(eid, name="اسحاق جهانگیری")
    with pytest.raises(InputError, match="needs a name"):
        entities.update(eid, name="")
    workspace.undo()
    assert entities.all()[0].names == ("جهانگیری",)
