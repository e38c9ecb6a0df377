"""The Edit menu names relation steps in the UI's language, and a span's deletion by the span."""

import pytest

from desktop.core.model import Label, Span
from desktop.core.relation_ops import CreateRelation, DeleteRelation, LinkEntity, SetAttribute
from desktop.core.relations import Relation
from desktop.core.undo import DeleteSpan, Step
from desktop.i18n import set_language
from desktop.qt.step_text import describe_step

OFFICIAL = {"official": Label("official", "مقام", "Official", "#d64541", "1")}
RELATION = Relation(1, 1, 1, 2, "holds", id=3)


@pytest.fixture
def persian():
    set_language("fa")
    yield
    set_language("en")


def test_deleting_a_span_is_named_by_the_span_not_by_what_it_takes_along(persian):
    step = Step(
        "Delete span",
        (DeleteRelation(RELATION), SetAttribute(1, 1, "x", "a", None), LinkEntity(1, 1, 4, None),
         DeleteSpan(Span(1, 0, 3, "official", 1, id=1))),
    )  # fmt: skip
    assert describe_step(step, OFFICIAL) == "حذف «مقام»"


@pytest.mark.parametrize(
    "ops, text",
    [
        ((CreateRelation(RELATION),), "افزودن رابطه"),
        ((DeleteRelation(RELATION),), "حذف رابطه"),
        ((SetAttribute(1, 1, "status", None, "signed"),), "تعیین ویژگی"),
        ((CreateRelation(RELATION), CreateRelation(RELATION)), "افزودن ۲ رابطه"),
    ],
)
def test_relation_steps_are_named_in_persian(persian, ops, text):
    assert describe_step(Step("English", ops), OFFICIAL) == text
