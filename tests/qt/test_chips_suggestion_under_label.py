"""A relation's label does not hide the chip of a pending suggestion.

An arc's label sits on its rail, half a label high above the chip row, so where it is wished
(midway between its ends) it covered the top of any chip under it. A suggestion's chip is told
apart from a span's by its dashed outline, the part the label covered: the label now slides
along its rail off a suggestion's chip where the rail has room (never onto another arc, never
shortened for one). Judged by the boxes the view itself laid out and painted."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF

from desktop.qt.document_view import RelationMark, SpanMark
from desktop.qt.view.relation_labels import Placed, clear_place
from desktop.workspace import Workspace
from desktop.workspace.relations import Relations
from desktop.workspace.suggestions.decisions import Suggestions

from arc_geometry import rail
from helpers import add_document
from journey import ready

pytestmark = pytest.mark.gui

# The suggested «یزد» lies midway between «تبریز» and «ایران»: under the «located in» label's wish.
TEXT = "تبریز و اراک و قم و یزد و کرج در ایران هستند و مردم آن بسیار مهمان‌نواز هستند و شهر زیبا است."
OTHER = "یزد شهری کویری است."
BLUE, GREEN, PURPLE = "#1f5fbf", "#2e9e44", "#7b3fb3"


def at(word: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


def drawn(chip: QRectF) -> QRectF:
    """A chip as it is drawn: its outline half a pixel inside its box (overlay.chip_style)."""
    return chip.adjusted(0.5, 0.5, -0.5, -0.5)


@pytest.fixture
def project(tmp_path):
    """sara's project: «تبریز» —located in→ «ایران»; «یزد» labelled in another document and
    suggested (propagation) in this one, pending."""
    path = tmp_path / "cities.barchasb"
    ws = Workspace.create(path)
    ws.set_annotator("sara")
    doc = add_document(ws, TEXT, "cities.txt")
    other = add_document(ws, OTHER, "yazd.txt")
    city = ws.add_span(doc, *at("تبریز"), "place").id
    Relations(ws).add(city, ws.add_span(doc, *at("ایران"), "place").id, "located_in")
    Suggestions(ws).propagate_span(ws.add_span(other, *at("یزد", OTHER), "place").id, [doc])
    ws.close()
    return path


@pytest.mark.parametrize("language", ["fa", "en"])
def test_a_relation_label_does_not_cover_a_pending_suggestions_chip(project, open_app, qtbot, language):
    window = open_app(project, language).window
    ready(qtbot, window)
    view = window.view
    qtbot.waitUntil(lambda: any(s.start == at("یزد")[0] for s in window.suggestions.items.values()))
    suggestion = next(s for s in window.suggestions.items.values() if s.start == at("یزد")[0])
    assert view.mark(-suggestion.id).style == "suggested"
    view.viewport().repaint()
    [arc] = view.relation_arcs()
    chip = view.chip_rect(-suggestion.id)
    assert chip is not None
    label = arc.label
    assert not label.intersects(drawn(chip)), f"label {label} over the suggestion's chip {chip}"
    left, right = rail(arc, label)
    assert left <= label.left() and label.right() <= right, f"label {label} off its rail {left}-{right}"
    assert arc.caption == arc.relation.label  # whole: it slid, it was not shortened


TAB, IRAN, YAZD = SpanMark(1, *at("تبریز"), BLUE, "مکان"), SpanMark(2, *at("ایران"), BLUE, "مکان"), at("یزد")
LOCATED = RelationMark(7, (TAB.start, TAB.end), (IRAN.start, IRAN.end), PURPLE, "واقع در")


def suggested(mark_id: int, where: tuple[int, int], caption: str = "شهر") -> SpanMark:
    return SpanMark(mark_id, *where, GREEN, caption, "suggested")


def laid_out(view, relations: list[RelationMark]):
    view.set_relations(relations)
    view.viewport().grab()
    return {arc.relation.id: arc for arc in view.relation_arcs()}


def test_the_label_slides_along_its_rail_off_the_suggestion_it_was_wished_over(make_view):
    view = make_view(TEXT, [TAB, IRAN, suggested(-3, at("اراک")), suggested(-4, YAZD)])
    arc = laid_out(view, [LOCATED])[7]
    for mark_id in (-3, -4):
        chip = view.chip_rect(mark_id)
        assert chip is not None and not arc.label.intersects(drawn(chip)), (mark_id, arc.label, chip)
    left, right = rail(arc, arc.label)
    assert left <= arc.label.left() and arc.label.right() <= right
    assert arc.caption == "واقع در"


def test_a_saved_span_as_the_suggestion_was_leaves_the_label_where_it_was_wished(make_view):
    """Only suggestions' chips are avoided: a saved span's chip there keeps the label in the
    middle of its arc, as before (its top is nicked as ever)."""
    view = make_view(TEXT, [TAB, IRAN, SpanMark(4, *YAZD, GREEN, "شهر")])
    arc = laid_out(view, [LOCATED])[7]
    wished = (view.chip_rect(1).center().x() + view.chip_rect(2).center().x()) / 2
    assert abs(arc.label.center().x() - wished) < 0.01


def test_where_suggestions_leave_no_clear_place_labels_go_where_they_would_without_them(make_view):
    """A line of suggestions' chips 2 px apart: no place on the rail is off them. The labels
    are laid as over saved spans' chips of the same sizes: whole, apart, on their rails."""
    words = ["و", "اراک", "قم", "یزد", "کرج", "در"]
    relations = [LOCATED, RelationMark(8, (IRAN.start, IRAN.end), (TAB.start, TAB.end), PURPLE, "دارد")]
    labels = {}
    for style in ("suggested", "solid"):
        marks = [TAB, IRAN]
        for n, word in enumerate(words):
            start = TEXT.index(f" {word} ") + 1
            marks.append(SpanMark(-10 - n, start, start + len(word), GREEN, "شهر مرکزی", style))
        arcs = laid_out(make_view(TEXT, marks), relations)
        assert [arc.caption for arc in arcs.values()] == ["واقع در", "دارد"]
        assert not arcs[7].label.intersects(arcs[8].label)
        for arc in arcs.values():
            left, right = rail(arc, arc.label)
            assert left <= arc.label.center().x() <= right
        labels[style] = {rid: arc.label for rid, arc in arcs.items()}
    assert labels["suggested"] == labels["solid"]


H = 14.0


def test_in_plain_numbers_a_label_keeps_off_a_chip_where_its_rail_has_room():
    spot = (700.0, 0.0, (600.0, 800.0))  # a 40 px label wished at 680-720
    chip = (690.0, 11.0, 720.0, 26.0)  # a suggestion's chip, its top under the label's bottom
    assert clear_place(40.0, H, [spot], Placed(H), None) == (680.0, 0.0)
    assert clear_place(40.0, H, [spot], Placed(H, [chip]), None) == (648.0, 0.0)  # the nearer side, 2 px off
    placed = Placed(H, [chip])
    placed.add((560.0, 0.0, 650.0, H))  # another label on the left: the right side, then
    assert clear_place(40.0, H, [spot], placed, None) == (722.0, 0.0)


def test_in_plain_numbers_chips_all_along_the_rail_leave_the_label_as_without_them():
    spot = (700.0, 0.0, (600.0, 800.0))
    chips = [(x, 11.0, x + 28.0, 26.0) for x in range(590, 800, 30)]  # 2 px apart: no 44 px gap
    for placed in (Placed(H), Placed(H, chips)):
        placed.add((670.0, 0.0, 700.0, H))  # a label in the way of the wish
        assert clear_place(40.0, H, [spot], placed, None) == (702.0, 0.0)
