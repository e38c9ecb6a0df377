"""Entities made from a mention and split in two: one undoable step each, ids never reused."""

from __future__ import annotations

import pytest

from desktop.core.errors import ConflictError, InputError
from desktop.workspace.relations import Entities

from helpers import TEXT, add_document

OTHER = "اسحاق جهانگیری گفت جهانگیری در باکو بود."


def at(text: str, word: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(word, start + 1)
    return start, start + len(word)


@pytest.fixture
def mentions(workspace, doc_id) -> list[int]:
    """Three official spans in two documents: «علی جهانگیری», «اسحاق جهانگیری», «جهانگیری»."""
    other = add_document(workspace, OTHER, "other.txt")
    return [
        workspace.add_span(doc_id, *at(TEXT, "علی جهانگیری"), "official").id,
        workspace.add_span(other, *at(OTHER, "اسحاق جهانگیری"), "official").id,
        workspace.add_span(other, *at(OTHER, "جهانگیری", 1), "official").id,
    ]


def test_a_new_entity_from_a_span_is_named_by_its_words_and_linked_in_one_step(workspace, mentions):
    entities = Entities(workspace)
    changes = entities.create_from_span(mentions[0])
    [eid] = changes.entities_added
    assert changes.span_details_changed == [mentions[0]]
    [entity] = entities.all()
    assert (entity.id, entity.name, entity.type) == (eid, "علی جهانگیری", "official")
    assert entities.linked(mentions[0]).id == eid
    workspace.undo()  # one step takes back both the entity and the link
    assert entities.all() == [] and entities.linked(mentions[0]) is None
    workspace.redo()
    assert entities.linked(mentions[0]).id == eid


def test_splitting_moves_the_chosen_mentions_to_a_new_entity_and_undo_joins_them_again(workspace, mentions):
    entities = Entities(workspace)
    [eid] = entities.create("جهانگیری", "official", ("علی جهانگیری",)).entities_added
    for span_id in mentions:
        entities.link(span_id, eid)
    changes = entities.split(eid, mentions[1:], "اسحاق جهانگیری", ("جهانگیری",))
    [new] = changes.entities_added
    assert new != eid and sorted(changes.span_details_changed) == sorted(mentions[1:])
    assert [s.id for s in entities.mentions(eid)] == mentions[:1]
    assert [s.id for s in entities.mentions(new)] == mentions[1:]
    split = workspace.repo.entity(new)
    assert (split.name, split.type, split.aliases) == ("اسحاق جهانگیری", "official", ("جهانگیری",))
    workspace.undo()
    assert [e.id for e in entities.all()] == [eid]
    assert [s.id for s in entities.mentions(eid)] == mentions


def test_a_split_never_takes_the_id_of_a_deleted_entity_that_undo_may_bring_back(workspace, mentions):
    entities = Entities(workspace)
    [keep] = entities.create("جهانگیری", "official").entities_added
    [gone] = entities.create("بی‌نام", "official").entities_added
    entities.link(mentions[0], keep)
    entities.link(mentions[1], keep)
    entities.delete(gone)  # the highest id is free now, but its deletion can be undone
    [new] = entities.split(keep, [mentions[1]], "اسحاق جهانگیری").entities_added
    assert new > gone
    workspace.undo()  # the split
    workspace.undo()  # the deletion: the old entity comes back under its own id
    assert [(e.id, e.name) for e in entities.all()] == [(keep, "جهانگیری"), (gone, "بی‌نام")]


def test_a_split_refuses_spans_that_are_not_mentions_and_an_empty_name(workspace, mentions):
    entities = Entities(workspace)
    [eid] = entities.create("جهانگیری", "official").entities_added
    entities.link(mentions[0], eid)
    with pytest.raises(InputError, match="not a mention"):
        entities.split(eid, [mentions[2]], "اسحاق")
    with pytest.raises(InputError, match="name"):
        entities.split(eid, [mentions[0]], "  ")
    with pytest.raises(InputError, match="choose the mentions"):
        entities.split(eid, [], "اسحاق")
    assert [e.id for e in entities.all()] == [eid] and not workspace.undo_stack.next_undo().description.startswith(
        "Split"
    )


def test_a_new_entity_from_another_layers_span_is_refused(workspace, mentions):
    workspace.set_annotator("omid")
    with pytest.raises(ConflictError, match="another annotator"):
        Entities(workspace).create_from_span(mentions[0])
    assert Entities(workspace).all() == []


def test_proposals_put_exact_names_first_and_the_spans_label_first_with_or_without_a_kept_index(workspace, mentions):
    entities = Entities(workspace)
    ids = {}
    for name, kind, aliases in (
        ("دولت اسحاق جهانگیری", "organisation", ()),  # holds the words: partial
        ("اسحاق جهانگيري", "title", ()),  # the same name, Arabic ي: exact, another type
        ("معاون اول", "official", ("اسحاق جهانگیری",)),  # an alias: exact, the span's type
        ("باکو", "place", ()),
    ):
        [ids[name]] = entities.create(name, kind, aliases).entities_added
    index = entities.name_index()
    expected = [ids["معاون اول"], ids["اسحاق جهانگيري"], ids["دولت اسحاق جهانگیری"]]
    assert [e.id for e in entities.suggest(mentions[1])] == expected
    assert [e.id for e in entities.suggest(mentions[1], index)] == expected
    partly = [ids["معاون اول"], ids["دولت اسحاق جهانگیری"], ids["اسحاق جهانگيري"]]  # «جهانگیری»: words only
    assert [e.id for e in entities.suggest(mentions[2], index)] == partly
