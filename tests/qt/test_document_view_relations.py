"""Relations as the document view draws them: arcs between chips, above the lines, right to left."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage

from desktop.qt.document_view import DocumentView, RelationMark, SpanMark

pytestmark = pytest.mark.gui

TEXT = (
    "معاون هماهنگی امور اقتصادی استاندار آذربایجان شرقی در تشریح دستاوردهای سفر به باکو خبر داد.\n"
    "علی جهانگیری با اشاره به سفر سه روزه گفت."
)
BLUE, GREEN, RED, PURPLE = "#1f5fbf", "#2e9e44", "#d62728", "#7b3fb3"


def where(phrase: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


TITLE = SpanMark(1, *where("معاون هماهنگی"), BLUE, "سمت")
PLACE = SpanMark(2, *where("آذربایجان شرقی"), GREEN, "مکان")
CITY = SpanMark(3, *where("باکو"), GREEN, "مکان")
PERSON = SpanMark(4, *where("علی جهانگیری"), RED, "مقام")
MARKS = [TITLE, PLACE, CITY, PERSON]


def relation(rid: int, head: SpanMark, tail: SpanMark, **kw: object) -> RelationMark:
    return RelationMark(rid, (head.start, head.end), (tail.start, tail.end), PURPLE, "در", **kw)  # type: ignore[arg-type]


def shown(view: DocumentView, relations: list[RelationMark]) -> dict[int, object]:
    view.set_relations(relations)
    paint(view)
    return {arc.relation.id: arc for arc in view.relation_arcs()}


def paint(view: DocumentView) -> None:
    """Paint the view now (arcs are laid out as they are painted)."""
    view.viewport().grab()


def grab(view: DocumentView) -> QImage:
    return view.viewport().grab().toImage()


def near(pixel: QColor, want: QColor, tolerance: int = 24) -> bool:
    return max(abs(pixel.red() - want.red()), abs(pixel.green() - want.green()), abs(pixel.blue() - want.blue())) <= (
        tolerance
    )


def test_arc_ends_sit_on_top_of_the_head_and_tail_chips(make_view):
    view = make_view(TEXT, MARKS)
    arcs = shown(view, [relation(7, TITLE, PLACE), relation(8, PERSON, CITY)])
    for rid, head, tail in ((7, TITLE, PLACE), (8, PERSON, CITY)):
        arc = arcs[rid]
        for end, mark in ((arc.head, head), (arc.tail, tail)):
            chip = view.chip_rect(mark.id)
            assert chip is not None and end.shown
            assert chip.left() < end.anchor.x() < chip.right()
            assert end.anchor.y() == pytest.approx(chip.top(), abs=1.5)
            assert end.rail < chip.top()  # the arc runs above the chip ...
            assert all(end.anchor.y() < box.top() for box in view.mark_rects(mark.id))  # ... above the words
    # right to left: the title starts the line at the right, the place is further left on it
    assert arcs[7].head.anchor.x() > arcs[7].tail.anchor.x()
    assert arcs[7].same_line and not arcs[8].same_line


def test_a_directed_arc_points_at_its_tail_a_symmetric_one_at_neither(make_view):
    view = make_view(TEXT, MARKS)
    arcs = shown(view, [relation(7, TITLE, PLACE), relation(8, CITY, PLACE, directed=False)])
    arrow = arcs[7].arrow
    assert not arrow.isEmpty() and arrow[0] == arcs[7].tail.anchor
    assert all(point.y() <= arcs[7].tail.anchor.y() for point in arrow)  # pointing down onto the chip
    assert arcs[8].arrow.isEmpty()


def test_arcs_run_in_the_gap_between_lines_not_over_the_words(make_view):
    view = make_view(TEXT, MARKS)
    arcs = shown(view, [relation(7, TITLE, PLACE), relation(8, PERSON, CITY)])
    boxes = [box for mark in MARKS for box in view.mark_rects(mark.id)]
    for arc in arcs.values():
        rails = [QRectF(arc.path.elementAt(i).x, arc.path.elementAt(i).y, 1, 1) for i in range(arc.path.elementCount())]
        for corner in rails:
            assert not any(box.adjusted(1, 1, -1, -1).intersects(corner) for box in boxes)
        assert not any(box.adjusted(1, 1, -1, -1).intersects(arc.label) for box in boxes)


def count_near(image: QImage, rect: QRectF, want: QColor) -> int:
    r = rect.toAlignedRect()
    return sum(
        near(image.pixelColor(x, y), want) for x in range(r.left(), r.right()) for y in range(r.top(), r.bottom())
    )


def test_the_chosen_relation_is_drawn_filled_with_both_ends_outlined(make_view):
    view = make_view(TEXT, MARKS)
    plain = shown(view, [relation(7, TITLE, PLACE)])[7]
    before = grab(view)
    chosen = shown(view, [relation(7, TITLE, PLACE, chosen=True)])[7]
    after = grab(view)
    ink = QColor(PURPLE)
    label = chosen.label.adjusted(1, 1, -1, -1)
    assert count_near(after, label, ink) > 3 * count_near(before, plain.label.adjusted(1, 1, -1, -1), ink)
    outline = QColor(PURPLE).darker(120)
    for mark in (TITLE, PLACE):
        edge = view.mark_rects(mark.id)[0]
        ring = QRectF(edge.left() - 4, edge.top(), 4, edge.height())  # the outline's left side
        assert count_near(after, ring, outline) > 3
        assert count_near(before, ring, outline) == 0


def chip_centre(view: DocumentView, mark: SpanMark) -> QPoint:
    chip = view.chip_rect(mark.id)
    assert chip is not None
    return chip.center().toPoint()


def test_dragging_from_one_chip_to_another_draws_a_relation(make_view, qtbot):
    view = make_view(TEXT, MARKS)
    paint(view)
    port = view.viewport()
    a, b = chip_centre(view, PERSON), chip_centre(view, PLACE)
    with qtbot.waitSignal(view.relation_drawn) as drawn:
        qtbot.mousePress(port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
        qtbot.mouseMove(port, (a + b) / 2)
        qtbot.mouseMove(port, b)
        qtbot.mouseRelease(port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)
    assert drawn.args == [(PERSON.start, PERSON.end), (PLACE.start, PLACE.end)]
    assert view.selected_range() is None  # the drag selected no text


def test_a_drag_from_a_chip_to_bare_text_draws_nothing(make_view, qtbot):
    view = make_view(TEXT, MARKS)
    paint(view)
    port = view.viewport()
    a = chip_centre(view, PERSON)
    b = QPoint(view.mark_rects(CITY.id)[0].center().toPoint().x() - 120, a.y() + 40)
    with qtbot.assertNotEmitted(view.relation_drawn):
        qtbot.mousePress(port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
        qtbot.mouseMove(port, b)
        qtbot.mouseRelease(port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)


def test_clicking_an_arc_chooses_its_relation_and_a_chip_still_its_span(make_view, qtbot):
    view = make_view(TEXT, MARKS)
    arc = shown(view, [relation(7, TITLE, PLACE), relation(8, PERSON, CITY)])[8]
    port = view.viewport()
    on_rail = QPointF(arc.margin_x, (arc.head.rail + arc.tail.rail) / 2).toPoint()  # the margin stretch
    with qtbot.waitSignal(view.relation_chosen) as chosen:
        qtbot.mouseClick(port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, on_rail)
    assert chosen.args == [8]
    label = shown(view, [relation(7, TITLE, PLACE), relation(8, PERSON, CITY)])[7].label.center().toPoint()
    with qtbot.waitSignal(view.relation_chosen) as chosen:
        qtbot.mouseClick(port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, label)
    assert chosen.args == [7]
    with qtbot.waitSignal(view.mark_clicked) as clicked, qtbot.assertNotEmitted(view.relation_chosen):
        qtbot.mouseClick(port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, chip_centre(view, PERSON))
    assert clicked.args == [PERSON.id]


def long_text() -> str:
    return "\n".join(f"بند {i} درباره سفر هیئت اقتصادی به باکو و دیدار با علی جهانگیری است." for i in range(400))


def test_only_relations_near_the_screen_are_laid_out(make_view):
    text = long_text()
    starts = [i for i in range(len(text)) if text.startswith("باکو", i)]
    people = [i for i in range(len(text)) if text.startswith("علی جهانگیری", i)]
    marks = [SpanMark(i, s, s + 4, GREEN, "مکان") for i, s in enumerate(starts)]
    marks += [SpanMark(1000 + i, s, s + 12, RED, "مقام") for i, s in enumerate(people)]
    relations = [RelationMark(i, (p, p + 12), (s, s + 4), PURPLE, "در") for i, (s, p) in enumerate(zip(starts, people))]
    far = RelationMark(5000, (people[-2], people[-2] + 12), (starts[-1], starts[-1] + 4), PURPLE, "در")
    view = make_view(text, marks)
    arcs = shown(view, [*relations, far])
    visible = {i for i, s in enumerate(starts) if view.mark_rects(i)}
    assert visible and len(visible) < 40
    assert set(arcs) == visible  # every paragraph on screen has its relation drawn, no other one is
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    paint(view)
    assert 5000 in {arc.relation.id for arc in view.relation_arcs()}
    assert 0 not in {arc.relation.id for arc in view.relation_arcs()}


def test_an_end_off_screen_is_reached_through_the_margin(make_view):
    text = long_text()
    first, last = text.index("باکو"), text.rindex("علی جهانگیری")
    marks = [SpanMark(1, first, first + 4, GREEN, "مکان"), SpanMark(2, last, last + 12, RED, "مقام")]
    view = make_view(text, marks)
    arc = shown(view, [RelationMark(9, (last, last + 12), (first, first + 4), PURPLE, "در")])[9]
    assert arc.tail.shown and not arc.head.shown
    assert arc.head.anchor.y() > view.viewport().height()  # the head is far below
    assert arc.head.anchor.x() == arc.margin_x
    margin = view.document().documentMargin()  # the page margin, where no glyph is drawn
    assert arc.margin_x < margin or arc.margin_x > view.viewport().width() - margin


def test_bad_relations_are_refused_and_removed_ones_vanish(make_view):
    view = make_view(TEXT, MARKS)
    with pytest.raises(ValueError, match="bad head"):
        RelationMark(1, (5, 5), (1, 2), PURPLE, "x")
    with pytest.raises(ValueError, match="colour"):
        RelationMark(1, (1, 5), (1, 2), "purple", "x")
    with pytest.raises(ValueError, match="past the text"):
        view.set_relations([RelationMark(1, (1, 5), (1, len(TEXT) + 1), PURPLE, "x")])
    view.set_relations([relation(7, TITLE, PLACE)])
    view.add_relation(relation(8, PERSON, CITY))
    with pytest.raises(ValueError, match="already"):
        view.add_relation(relation(8, PERSON, CITY))
    view.remove_relation(7)
    paint(view)
    assert [arc.relation.id for arc in view.relation_arcs()] == [8]
    view.set_document("سلام")
    paint(view)
    assert view.relation_arcs() == []


def test_arc_ends_follow_their_chips_after_a_zoom(make_view):
    view = make_view(TEXT, MARKS)
    shown(view, [relation(7, TITLE, PLACE)])
    for zoom in (4, -2):
        view.set_zoom(zoom)
        paint(view)
        arc = view.relation_arcs()[0]
        chip = view.chip_rect(PLACE.id)
        assert chip is not None and chip.left() < arc.tail.anchor.x() < chip.right()
        assert arc.tail.anchor.y() == pytest.approx(chip.top(), abs=1.5)


def test_choosing_a_relation_moves_the_emphasis(make_view):
    view = make_view(TEXT, MARKS)
    shown(view, [relation(7, TITLE, PLACE, chosen=True), relation(8, PERSON, CITY)])
    view.set_chosen_relation(8)
    paint(view)
    chosen = {arc.relation.id for arc in view.relation_arcs() if arc.relation.chosen}
    assert chosen == {8}
    assert next(a for a in view.relation_arcs() if a.relation.id == 8).tail.boxes  # its ends outlined
    view.set_chosen_relation(None)
    paint(view)
    assert not any(arc.relation.chosen for arc in view.relation_arcs())
    with pytest.raises(KeyError):
        view.set_chosen_relation(99)
