"""Arc labels stay readable: inside the viewport, off the arrowheads and apart from each other, also when two
arcs leave one chip at the edge of a right-to-left line for two spans at the next line's
edge (what review mode shows when two layers related one official to two titles)."""

from __future__ import annotations

import pytest

from desktop.qt.document_view import RelationMark, SpanMark

pytestmark = pytest.mark.gui

TEXT = (
    "معاون هماهنگی امور اقتصادی استاندار آذربایجان شرقی در تشریح دستاوردهای سفر به باکو خبر داد.\n"
    "علی جهانگیری با اشاره به سفر سه روزه گفت."
)
RED, PURPLE, GREY = "#d62728", "#7b3fb3", "#7f8c8d"


def where(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


SHORT = SpanMark(-1, *where("معاون هماهنگی امور اقتصادی"), PURPLE, "سمت · امید")
LONG = SpanMark(-2, *where("معاون هماهنگی امور اقتصادی استاندار آذربایجان شرقی"), PURPLE, "سمت · سارا")
PERSON = SpanMark(3, *where("علی جهانگیری"), RED, "★ مقام")


@pytest.mark.parametrize("width", [800, 520])
def test_labels_of_arcs_meeting_at_a_lines_edge_stay_on_screen_and_apart(make_view, width):
    view = make_view(TEXT, [SHORT, LONG, PERSON], size=(width, 400))
    view.set_relations(
        [
            RelationMark(-7, (PERSON.start, PERSON.end), (SHORT.start, SHORT.end), GREY, "دارای سمت · امید"),
            RelationMark(-8, (PERSON.start, PERSON.end), (LONG.start, LONG.end), GREY, "دارای سمت · سارا"),
        ]
    )
    view.set_chosen_relation(-7)
    view.viewport().grab()
    arcs = view.relation_arcs()
    labels = [arc.label for arc in arcs]
    assert len(labels) == 2
    for label in labels:  # the direction stays readable: no label over an arrowhead
        assert not any(label.intersects(arc.arrow.boundingRect()) for arc in arcs), label
    port = view.viewport().rect()
    for label in labels:
        assert port.left() <= label.left() and label.right() <= port.right(), (label, port)
    assert not labels[0].intersects(labels[1]), labels
