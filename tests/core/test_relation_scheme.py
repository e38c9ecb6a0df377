"""A scheme file's relation types and attributes: read, checked against its labels, errors name the file."""

import json

import pytest

from desktop.core.errors import InputError
from desktop.core.relation_scheme import load_relation_scheme


def write(tmp_path, data) -> str:
    path = tmp_path / "scheme.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_a_scheme_without_relations_has_none(tmp_path):
    scheme = load_relation_scheme(write(tmp_path, {"labels": []}), ["official"])
    assert scheme.relation_types == () and scheme.attributes == ()


def test_relation_types_and_attributes_are_read_in_order(tmp_path):
    path = write(
        tmp_path,
        {
            "relation_types": [
                {
                    "key": "near",
                    "name_fa": "نزدیک",
                    "name_en": "near",
                    "color": "#112233",
                    "directed": False,
                    "heads": ["place"],
                    "tails": ["place"],
                },  # fmt: skip
            ],
            "attributes": [{"label": "place", "name": "kind", "kind": "choice", "choices": ["city", "country"]}],
        },
    )
    scheme = load_relation_scheme(path, ["place"])
    [near] = scheme.relation_types
    assert (near.key, near.directed, near.colour, near.order) == ("near", False, "#112233", 0)
    assert scheme.attributes[0].choice_keys == ("city", "country")


@pytest.mark.parametrize(
    "data, message",
    [
        ({"relation_types": {}}, '"relation_types" must be a list of objects'),
        (
            {"relation_types": [{"key": "x", "name_fa": "x", "name_en": "x", "color": "#000000", "tails": ["ghost"]}]},
            "unknown labels ghost",
        ),  # fmt: skip
        (
            {"relation_types": [{"key": "x", "name_fa": "x", "name_en": "x", "color": "#000000", "directed": "yes"}]},
            "directed must be true or false",
        ),  # fmt: skip
        ({"attributes": [{"label": "ghost", "name": "x", "kind": "text"}]}, "unknown label ghost"),
        ({"attributes": [{"label": "place", "name": "x"}]}, "'kind'"),
    ],
)
def test_a_bad_relation_scheme_names_the_file_and_the_problem(tmp_path, data, message):
    path = write(tmp_path, data)
    with pytest.raises(InputError, match=message) as caught:
        load_relation_scheme(path, ["place"])
    assert caught.value.path == path


def test_a_relation_type_key_used_twice_is_refused(tmp_path):
    entry = {"key": "x", "name_fa": "x", "name_en": "x", "color": "#000000"}
    with pytest.raises(InputError, match="used twice"):
        load_relation_scheme(write(tmp_path, {"relation_types": [entry, entry]}), [])
