"""Relation types, relations, attribute fields and entities check themselves."""

import pytest

from desktop.core.attributes import AttributeField, AttributeKind, check_attribute, missing_required
from desktop.core.errors import InputError
from desktop.core.relation_ops import CreateRelation, SetAttribute, UpdateRelation
from desktop.core.relations import Entity, Relation, RelationType, check_relation
from desktop.core.scheme import default_relation_scheme, default_scheme
from desktop.core.undo import Step

HOLDS = RelationType("holds", "دارای سمت", "holds", "#d64541", "h", heads=("official",), tails=("title",))
SAME = RelationType("same_as", "همان", "same as", "#123456", directed=False, heads=("official",), tails=("official",))
ANY = RelationType("related", "مرتبط", "related", "#abcdef")


def relation(head: int, tail: int, key: str = "holds") -> Relation:
    return Relation(1, 7, head, tail, key)


def test_a_directed_type_allows_only_its_head_and_tail_labels_that_way_round():
    assert HOLDS.allows("official", "title")
    assert not HOLDS.allows("title", "official")
    assert check_relation(HOLDS, relation(3, 9), "official", "title") == relation(3, 9)
    with pytest.raises(InputError, match=r"'holds' is not allowed from 'title' to 'official' \(head: official"):
        check_relation(HOLDS, relation(9, 3), "title", "official")


def test_a_type_without_label_lists_allows_any_labels():
    assert ANY.allows("date", "place") and ANY.allows("place", "date")


def test_a_symmetric_type_is_stored_with_the_smaller_span_id_as_head():
    checked = check_relation(SAME, relation(9, 3, "same_as"), "official", "official")
    assert (checked.head, checked.tail) == (3, 9)
    assert check_relation(SAME, relation(3, 9, "same_as"), "official", "official") == relation(3, 9, "same_as")


def test_a_relation_checked_against_another_type_is_refused():
    with pytest.raises(InputError, match="checked against"):
        check_relation(SAME, relation(1, 2), "official", "official")


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"colour": "red"}, "not #rrggbb"),
        ({"name_fa": ""}, "both Persian and English"),
        ({"hotkey": "Y"}, "taken by the window"),
        ({"heads": ("bad key",)}, "label key"),
        ({"directed": False, "heads": ("a",), "tails": ("b",)}, "symmetric type needs the same"),
    ],
)
def test_a_bad_relation_type_says_what_is_wrong(kwargs, message):
    values = {"key": "x", "name_fa": "ایکس", "name_en": "x", "colour": "#000000", **kwargs}
    with pytest.raises(ValueError, match=message):
        RelationType(**values)


def test_a_relation_cannot_join_a_span_to_itself_and_reverses_keeping_its_id():
    with pytest.raises(ValueError, match="itself"):
        Relation(1, 7, 4, 4, "holds")
    stored = Relation(1, 7, 4, 5, "holds", id=12, created_at="t")
    assert stored.reversed() == Relation(1, 7, 5, 4, "holds", id=12, created_at="t")
    assert stored.same_fact(Relation(1, 7, 4, 5, "holds", id=99)) and not stored.same_fact(stored.reversed())


STATUS = AttributeField("agreement", "status", AttributeKind.CHOICE, ("signed", "ratified"), required=True)


@pytest.mark.parametrize(
    "kind, good, bad",
    [
        ("text", " نامه ", 3),
        ("number", 1.8e9, "1.8e9"),
        ("number", 24_850_000, True),
        ("date", "1404", "2025-02-30"),
        ("date", "2025-11-12", "12/11/2025"),
        ("entity", 4, 0),
        ("boolean", False, 0),
        ("value", {"amount": 1.8e9, "unit": "USD"}, {"amount": float("nan")}),
        ("value", {"iso": "2025-11", "calendar": "jalali"}, "2025-11"),
    ],
)
def test_an_attribute_value_must_be_of_its_fields_kind(kind, good, bad):
    field = AttributeField("figure", "x", kind)
    assert check_attribute(field, good) == (good.strip() if isinstance(good, str) and kind == "text" else good)
    with pytest.raises(InputError, match=rf"attribute figure\.x: .* is not a {kind} value"):
        check_attribute(field, bad)


def test_a_choice_is_one_of_the_fields_choices_and_required_fields_are_reported():
    assert check_attribute(STATUS, "signed") == "signed"
    with pytest.raises(InputError, match=r"is not a choice value \(one of signed, ratified\)"):
        check_attribute(STATUS, "draft")
    assert missing_required((STATUS,), {}) == ("status",)
    assert missing_required((STATUS,), {"status": "signed"}) == ()


def test_a_bad_attribute_field_says_what_is_wrong():
    with pytest.raises(ValueError, match="kind 'colour' is not one of text"):
        AttributeField("figure", "x", "colour")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="a choice field needs choices"):
        AttributeField("agreement", "status", AttributeKind.CHOICE)
    with pytest.raises(ValueError, match="only a choice field has choices"):
        AttributeField("figure", "unit", AttributeKind.TEXT, ("USD",))
    with pytest.raises(ValueError, match="lower-case"):
        AttributeField("figure", "Unit", AttributeKind.TEXT)


def test_an_entity_keeps_distinct_aliases_other_than_its_name():
    entity = Entity("اسحاق جهانگیری", "official", (" جهانگیری", "جهانگیری", "اسحاق جهانگیری", " "))
    assert entity.aliases == ("جهانگیری",)
    assert entity.names == ("اسحاق جهانگیری", "جهانگیری")
    with pytest.raises(ValueError, match="needs a name"):
        Entity(" ", "official")


def test_relation_ops_invert_and_name_their_documents():
    created = CreateRelation(Relation(3, 7, 1, 2, "holds", id=5))
    turned = UpdateRelation(created.relation, created.relation.reversed())
    attribute = SetAttribute(4, 9, "status", None, "signed")
    step = Step("edit", (created, turned, attribute))
    inverse = step.inverse()
    assert inverse.ops[0] == SetAttribute(4, 9, "status", "signed", None)
    assert inverse.ops[1] == UpdateRelation(created.relation.reversed(), created.relation)
    assert inverse.inverse() == step
    assert step.documents == {3, 4}


def test_the_default_scheme_ships_relation_types_and_attributes_over_its_own_labels():
    labels = {label.key for label in default_scheme()}
    scheme = default_relation_scheme()
    assert [t.key for t in scheme.relation_types] == ["holds", "of", "party_to", "amount_of", "date_of", "located_in"]
    for rtype in scheme.relation_types:
        assert set(rtype.heads + rtype.tails) <= labels and rtype.directed
    assert {f.path: f.kind for f in scheme.attributes} == {
        "figure.value": "value",
        "date.iso": "value",
        "agreement.status": "choice",
        "title.role_level": "choice",
    }
    hotkeys = [t.hotkey for t in scheme.relation_types]
    assert len(set(hotkeys)) == len(hotkeys)
