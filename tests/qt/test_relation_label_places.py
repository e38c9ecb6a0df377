"""Where an arc's label goes on its rail, in plain numbers (desktop/qt/view/relation_labels.py):
never off its own stretch of rail, inside the page, the clear place nearest its middle, else
shortened or on top of the least (an arrowhead counts double)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.qt.view.relation_labels import Placed, clear_place, least_covered, widest_gap

H = 14.0  # a label's height
PAGE = (0.0, 800.0)


def Spot(middle: float, top: float, rail: tuple[float, float]):  # noqa: N802 (reads as the type it makes)
    return (middle, top, rail)


def test_a_label_wished_on_a_box_slides_to_the_nearest_clear_place_on_its_rail():
    placed = Placed(H)
    placed.add((370.0, 0.0, 420.0, H))  # a label placed before, over the middle of the rail
    spot = Spot(400.0, 0.0, (300.0, 520.0))
    assert clear_place(40.0, H, [spot], placed, PAGE) == (422.0, 0.0)  # right of it by the gap: nearer
    placed.add((422.0, 0.0, 462.0, H))
    assert clear_place(40.0, H, [spot], placed, PAGE) == (328.0, 0.0)  # then left of the first


def test_a_label_never_slides_off_its_rail_it_takes_the_next_stretch_or_none():
    placed = Placed(H)
    placed.add((290.0, 0.0, 360.0, H))  # the whole of a 60-pixel stretch taken
    short, other = Spot(330.0, 0.0, (300.0, 360.0)), Spot(600.0, 50.0, (560.0, 640.0))
    assert clear_place(40.0, H, [short], placed, PAGE) is None  # before: slid off it, to 362
    assert clear_place(40.0, H, [short, other], placed, PAGE) == (580.0, 50.0)


def test_a_label_wider_than_its_rail_keeps_its_middle_over_the_rail_the_page_permitting():
    page = (0.0, 799.0)
    spot = Spot(700.0, 0.0, (690.0, 710.0))
    assert clear_place(60.0, H, [spot], Placed(H), page) == (670.0, 0.0)  # middle 700
    placed = Placed(H)
    placed.add((600.0, 0.0, 668.0, H))
    assert clear_place(60.0, H, [spot], placed, page) == (670.0, 0.0)  # 2 pixels clear of it
    placed.add((600.0, 0.0, 700.0, H))
    assert clear_place(60.0, H, [spot], placed, page) is None  # clear at 702, but its middle off the rail
    edge = Spot(790.0, 0.0, (780.0, 799.0))  # at the page's edge the page wins: all of it in the page
    assert clear_place(60.0, H, [edge], Placed(H), page) == (739.0, 0.0)


def test_with_no_clear_place_the_widest_clear_stretch_then_the_least_covered():
    placed = Placed(H)
    placed.add((300.0, 0.0, 330.0, H))  # a label
    placed.add((356.0, 4.0, 364.0, H), 2.0)  # an arrowhead, counted double
    spot = Spot(350.0, 0.0, (300.0, 400.0))
    assert clear_place(60.0, H, [spot], placed, PAGE) is None
    assert widest_gap([spot], H, placed, PAGE) == (366.0, 0.0, 34.0)  # right of the arrowhead


def test_where_it_must_cover_something_a_label_would_rather_cover_a_label_than_an_arrowhead():
    placed = Placed(H)
    placed.add((250.0, 0.0, 306.0, H))  # a label
    placed.add((366.0, 0.0, 380.0, H), 2.0)  # an arrowhead
    spot = Spot(336.0, 0.0, (300.0, 372.0))  # the label may go 300-312
    assert clear_place(60.0, H, [spot], placed, PAGE) is None
    # clear of the arrowhead, 4 pixels over the label (as much arrowhead would cost double)
    assert least_covered(60.0, H, [spot], placed, PAGE) == (304.0, 0.0)


@st.composite
def screens(draw):
    """Arcs on up to three lines of an 800-pixel page with its margins at 20 and 780: ends
    anywhere on the lines, some on one line, some through a margin, captions of any width."""
    from PySide6.QtCore import QPointF

    from desktop.qt.view.relation_geometry import Arc, End
    from desktop.qt.view.relation_mark import RelationMark

    arcs = []
    for i in range(draw(st.integers(1, 24))):
        lines = [draw(st.integers(0, 2)) for _ in range(2)]
        xs = [draw(st.floats(30, 770)) for _ in range(2)]
        if lines[0] == lines[1] and abs(xs[0] - xs[1]) < 2:  # two spans' chips are apart
            xs[1] = xs[0] + 2 if xs[0] < 700 else xs[0] - 2
        head, tail = (End(QPointF(x, 60.0 + 50 * line), 56.0 + 50 * line, []) for x, line in zip(xs, lines))
        caption = "ر" * draw(st.integers(1, 30))
        directed = draw(st.booleans())
        margin = 20.0 if sum(xs) / 2 < 400 else 780.0
        relation = RelationMark(i, (i, i + 1), (i + 1, i + 2), "#7b3fb3", caption, directed, chosen=i == 0)
        arcs.append(Arc(relation, head, tail, margin, caption))
    return arcs


@given(screens())
@settings(max_examples=60, deadline=None)
def test_every_label_lies_over_its_own_arcs_rail_and_inside_the_page(qapp, arcs):
    from PySide6.QtGui import QFont, QFontMetricsF

    from desktop.qt.view.relation_geometry import LabelMetrics, lay_out

    font = QFont()
    font.setPixelSize(11)
    fm = LabelMetrics(QFontMetricsF(font))
    lay_out(arcs, fm, 6.0, (1.0, 799.0))
    for arc in arcs:
        label, path = arc.label, arc.path
        points = [path.elementAt(i) for i in range(path.elementCount())]
        y = label.center().y()
        rails = [
            (min(a.x, b.x), max(a.x, b.x))
            for a, b in zip(points, points[1:])
            if abs(a.y - y) < 0.01 and abs(b.y - y) < 0.01
        ]
        assert any(lo <= label.center().x() <= hi or label.left() <= lo <= hi <= label.right() for lo, hi in rails), (
            arc.caption,
            label,
            rails,
        )
        assert label.left() >= 1.0 and label.right() <= 799.0, label
        assert arc.caption == arc.relation.label or arc.caption.endswith("…")
