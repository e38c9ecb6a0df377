"""Label Studio's users: every shape of `completed_by` names one layer per user."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.core.errors import InputError
from desktop.formats.labelstudio import read_label_studio
from desktop.formats.labelstudio_users import LabelStudioUsers

FIXTURE = Path(__file__).parent.parent / "fixtures" / "label-studio-1.23.2.json"
TEXT = "😀 علی به باکو رفت."
BAKU = TEXT.index("باکو")


def one_task(**annotation) -> str:
    region = {
        "value": {"start": BAKU, "end": BAKU + 4, "text": "باکو", "labels": ["LOC"]},
        "id": "a1",
        "from_name": "label",
        "to_name": "text",
        "type": "labels",
    }
    task = {"id": 1, "data": {"text": TEXT}, "annotations": [{"result": [region], **annotation}]}
    return "[\n" + json.dumps(task, ensure_ascii=False) + "\n]"


def layer_of(users: LabelStudioUsers | None = None, **annotation) -> str | None:
    [doc] = read_label_studio(one_task(**annotation), "ls.json", users=users)
    [span] = doc.spans
    assert doc.done == [span.annotator]  # a submitted annotation: its user finished the task
    return span.annotator


@pytest.mark.parametrize(
    "annotation, layer",
    [
        ({"completed_by": 2}, "ls-2"),  # 1.23.2's export
        (
            {"completed_by": {"id": 2, "email": "sara@x.org", "first_name": "", "last_name": ""}},
            "sara@x.org",
        ),  # expanded / 1.0-1.4
        ({"completed_by": {"id": 2}}, "ls-2"),
        ({"completed_by": 2, "created_username": " sara@x.org, 2"}, "sara@x.org"),  # tasks API
        ({"completed_by": 2, "created_username": "Sara Karimi sara@x.org, 2"}, "sara@x.org"),
        ({"completed_by": 3, "created_username": " sara@x.org, 2"}, "ls-3"),  # ids disagree: not hers
        ({"completed_by": "2"}, "ls-2"),  # converters' text
        ({"completed_by": "sara@x.org"}, "sara@x.org"),
        ({"annotator": "sara", "completed_by": 2}, "sara"),  # Barchasb's own key
        ({}, None),  # the importing user
        ({"completed_by": None}, None),
    ],
)
def test_every_shape_label_studio_writes_names_a_layer(annotation, layer):
    assert layer_of(**annotation) == layer


@pytest.mark.parametrize(
    "annotation, keys",
    [
        ({"completed_by": 2}, ["2"]),
        ({"completed_by": {"id": 2, "email": "sara@x.org"}}, ["2", "sara@x.org"]),
        ({"completed_by": "sara@x.org"}, ["sara@x.org"]),
        ({"completed_by": 2, "created_username": " sara@x.org, 2"}, ["2", "sara@x.org"]),
        ({"annotator": "reza"}, ["reza"]),
    ],
)
def test_the_map_takes_an_id_an_email_or_a_name(annotation, keys):
    for key in keys:
        assert layer_of(LabelStudioUsers({key: "sara"}), **annotation) == "sara"
    assert layer_of(LabelStudioUsers({"7": "omid", "x@y.org": "omid"}), **annotation) != "omid"


def test_users_named_by_id_and_what_was_left_out_are_remembered():
    users = LabelStudioUsers({"1": "omid"})
    docs = list(read_label_studio(FIXTURE.read_text(encoding="utf-8"), "ls.json", users=users))
    assert users.unnamed == {"ls-2": "2"}
    assert users.left_out == {"predictions": 1, "skipped annotations": 1}
    assert [doc.done for doc in docs] == [["omid", "ls-2"], ["omid", "ls-2"], ["omid", "ls-2"], ["ls-2"], []]
    assert [len(doc.spans) for doc in docs] == [3, 2, 0, 1, 0]


@pytest.mark.parametrize(
    "by, words",
    [
        ([2], "should be a user id or an object"),
        (True, "should be a user id"),
        ({"first_name": "Sara"}, "neither an e-mail nor a user id"),
    ],
)
def test_an_unreadable_completed_by_is_an_error_with_its_line(by, words):
    with pytest.raises(InputError, match=rf"ls.json:2: .*{words}"):
        layer_of(completed_by=by)
