"""Choices of a choice attribute: bare keys (older projects) or {"key", "fa", "en"} objects, read
into one model; values are checked by key; bad forms are refused with a reason the window words
in Persian; the scheme editor's `key=فارسی=English` line reads back what it shows."""

from __future__ import annotations

import json

import pytest

from desktop import i18n
from desktop.core.attributes import AttributeField, AttributeKind, check_attribute
from desktop.core.choices import Choice, choices_as_text, choices_from_json, choices_from_text, choices_to_json
from desktop.core.errors import InputError
from desktop.core.relation_scheme import load_relation_scheme, relation_scheme_from_data, relation_scheme_to_data
from desktop.core.scheme import default_relation_scheme
from desktop.qt.reasons import explain
from desktop.storage.relation_rows import field_from_row, field_to_dict

SIGNED = {"key": "signed", "fa": "امضاشده", "en": "Signed"}


def status(choices: list[object]) -> AttributeField:
    return AttributeField("agreement", "status", AttributeKind.CHOICE, choices)  # type: ignore[arg-type]


def test_a_bare_key_and_an_object_read_into_the_same_model():
    field = status(["draft", SIGNED, {"key": "void", "en": "Void"}])
    assert field.choices == (Choice("draft"), Choice("signed", "امضاشده", "Signed"), Choice("void", "", "Void"))
    assert field.choice_keys == ("draft", "signed", "void")
    assert [c.name("fa") for c in field.choices] == ["draft", "امضاشده", "void"]  # no name: the key
    assert [c.name("en") for c in field.choices] == ["draft", "Signed", "Void"]
    assert choices_to_json(field.choices) == ["draft", SIGNED, {"key": "void", "en": "Void"}]


def test_a_value_is_checked_and_stored_by_key_never_by_name():
    field = status([SIGNED, "draft"])
    assert check_attribute(field, "signed") == "signed"
    for name in ("امضاشده", "Signed"):
        with pytest.raises(InputError) as raised:
            check_attribute(field, name)
        assert raised.value.why.code == "attribute.not_a_choice" and "one of signed, draft" in str(raised.value)


@pytest.mark.parametrize(
    "entry, code, persian",
    [
        (7, "choice.not_key_or_object", "باید یک کلید باشد"),
        ({"fa": "امضاشده"}, "choice.not_key_or_object", "باید یک کلید باشد"),
        ({"key": "signed", "de": "Unterzeichnet"}, "choice.unknown_part", "بخش ناشناختهٔ"),
        ({"key": "signed", "fa": 3}, "choice.bad_name", "یک سطر متن نیست"),
        ({"key": "signed", "en": "Signed\nlate"}, "choice.bad_name", "یک سطر متن نیست"),
        ("", "choice.bad_key", "خالی است"),
        (" signed", "choice.bad_key", "خالی است"),
    ],
)
def test_a_bad_choice_is_refused_with_a_reason_worded_in_persian_too(entry, code, persian):
    with pytest.raises(InputError) as raised:
        choices_from_json([entry])
    assert raised.value.why.code == code
    i18n.set_language("fa")
    try:
        assert persian in explain(raised.value.why)
    finally:
        i18n.set_language("en")


def test_a_key_given_twice_is_refused():
    with pytest.raises(InputError) as raised:
        choices_from_json(["signed", {"key": "signed", "fa": "امضاشده"}])
    assert raised.value.why.code == "choice.key_twice" and "'signed'" in str(raised.value)


def test_a_scheme_file_with_a_bad_choice_names_the_file_and_the_field(tmp_path):
    path = tmp_path / "scheme.json"
    fields = [{"label": "agreement", "name": "status", "kind": "choice", "choices": [{"key": "x", "zz": "y"}]}]
    path.write_text(json.dumps({"attributes": fields}), encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_relation_scheme(path, ["agreement"])
    assert raised.value.path == str(path)
    assert str(raised.value) == f"{path}: attribute agreement.status: choice 'x': unknown part 'zz' " + (
        '(a choice has "key", "fa" and "en")'
    )
    path.write_text(json.dumps({"attributes": [{**fields[0], "choices": "signed"}]}), encoding="utf-8")
    with pytest.raises(InputError, match="choices must be a list"):
        load_relation_scheme(path, ["agreement"])


def test_the_scheme_data_round_trips_names_and_bare_keys():
    scheme = default_relation_scheme()
    data = relation_scheme_to_data(scheme)
    labels = {f.label for f in scheme.attributes} | {k for t in scheme.relation_types for k in t.heads + t.tails}
    again = relation_scheme_from_data(json.loads(json.dumps(data, ensure_ascii=False)), labels, "again.json")
    assert again == scheme
    status_field = next(f for f in again.attributes if f.path == "agreement.status")
    assert status_field.choices[2] == Choice("signed", "امضاشده", "Signed")


def test_the_default_scheme_names_every_choice_in_both_languages():
    fields = [f for f in default_relation_scheme().attributes if f.kind is AttributeKind.CHOICE]
    assert {f.path for f in fields} >= {"agreement.status", "title.role_level"}
    for choice in (c for f in fields for c in f.choices):
        assert choice.name_fa and choice.name_en, choice.key


def test_an_older_projects_row_reads_and_writes_back_byte_for_byte():
    row = ("place", "kind", "choice", '["city", "country"]', 0, "", "", 0)  # as projects before names stored it
    field = field_from_row(row)
    assert field.choice_keys == ("city", "country")
    assert field_to_dict(field)["choices"] == '["city", "country"]'
    named = field_to_dict(status([SIGNED]))["choices"]
    assert field_from_row(("agreement", "status", "choice", named, 0, "", "", 0)).choices == (Choice(**{
        "key": "signed", "name_fa": "امضاشده", "name_en": "Signed"}),)  # fmt: skip


def test_the_editor_line_reads_back_what_it_shows():
    typed = "signed=امضاشده=Signed، draft , void==Void; in_force=اجرایی"
    choices = choices_from_text(typed)
    assert choices == (
        Choice("signed", "امضاشده", "Signed"),
        Choice("draft"),
        Choice("void", "", "Void"),
        Choice("in_force", "اجرایی"),
    )
    shown = choices_as_text(choices)
    assert shown == "signed=امضاشده=Signed، draft، void==Void، in_force=اجرایی"
    assert choices_from_text(shown) == choices


@pytest.mark.parametrize("typed, code", [("a=b=c=d", "choice.text_form"), ("=امضاشده", "choice.text_form"),
                                         ("a=x, a=y", "choice.key_twice")])  # fmt: skip
def test_a_bad_editor_line_is_refused(typed, code):
    with pytest.raises(InputError) as raised:
        choices_from_text(typed)
    assert raised.value.why.code == code
