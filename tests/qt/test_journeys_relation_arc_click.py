"""A click on a relation's arc label chooses that relation, and Delete deletes that one, also
where its label lies over another relation's line: judged by the project file's relations table.

Found by the stateful window test (tests/qt/test_window_state_machine.py): after three language
switches the rebuilt window is narrower (the offscreen platform's 800-pixel screen) and the lines
wrap; a relabel drops one relation and a new one is drawn, whose label slid off the first
relation's label onto the first relation's line. The click on it chose the first relation (the
lowest id under the point; a chosen relation before that) and Delete deleted it. Labels now stay
on their own arcs (session 10), and there the first relation's label lies over the new one's
rail, which runs 3 pixels above: with the new relation chosen, a click on the first one's label
chose the new one (chosen first)."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication

from desktop import i18n

from journey import choose_menu, drag_select, on_type_chooser, press, ready

pytestmark = pytest.mark.gui

NONE = Qt.KeyboardModifier.NoModifier
DOCUMENTS = (  # the stateful test's three documents: the window's panels are the same
    "😀 علی جهانگیری، معاون اول، به باکو رفت. در باکو با وزیر دیدار کرد.",
    "بانک مرکزی نرخ را ۲۵ درصد اعلام کرد و بانک مرکزی می‌گوید تهران آرام است.",
    "شرکت‌های ایرانی در تهران و باکو گسترش یافتند و باکو آرام ماند.",
)
TEXT = DOCUMENTS[0]


def stored_relations(path) -> list[tuple[int, int, int, int, str]]:
    """Every relation in the project file: (head start, head end, tail start, tail end, type)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            'SELECT h.start, h."end", t.start, t."end", r.type FROM relations r '
            "JOIN spans h ON h.id = r.head JOIN spans t ON t.id = r.tail ORDER BY r.id"
        ).fetchall()
    finally:
        conn.close()
    return [tuple(row) for row in rows]


def label(qtbot, window, start: int, end: int, key) -> int:
    drag_select(qtbot, window.view, start, end)
    press(qtbot, window, key)
    qtbot.wait(60)  # propagation runs a moment after a label
    span = window.editor.current
    assert span is not None
    return span


def relate(qtbot, window, head: int, tail: int) -> None:
    """Drag from the head's chip to the tail's, choose «holds» by its hotkey in the popup."""
    press(qtbot, window, Qt.Key.Key_Escape)
    view = window.view
    view.viewport().repaint()
    a, b = view.chip_rect(head), view.chip_rect(tail)
    assert a is not None and b is not None
    start, end = a.center().toPoint(), b.center().toPoint()
    seen = on_type_chooser(qtbot, "H")
    port = view.viewport()
    qtbot.mousePress(port, Qt.MouseButton.LeftButton, NONE, start)
    qtbot.mouseMove(port, (start + end) / 2)
    qtbot.mouseMove(port, end)
    qtbot.mouseRelease(port, Qt.MouseButton.LeftButton, NONE, end)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view, timeout=5000)
    press(qtbot, window, Qt.Key.Key_Escape)


def test_a_click_on_a_label_over_another_arc_deletes_the_labels_relation(documents_project, open_app, qtbot):
    path = documents_project(*DOCUMENTS)
    app = open_app(path)
    ready(qtbot, app.window)
    for other in ("فارسی", "English", "فارسی"):  # the rebuilt window is narrower: lines wrap
        choose_menu(qtbot, app.window, i18n.tr("View"), other)
        ready(qtbot, app.window)
    window = app.window
    one, two = (Qt.Key.Key_1, Qt.Key.Key_2)  # official, title
    relate(qtbot, window, label(qtbot, window, 56, 61, one), label(qtbot, window, 43, 47, two))
    relate(qtbot, window, label(qtbot, window, 2, 5, one), label(qtbot, window, 43, 50, two))
    head = label(qtbot, window, 51, 61, one)
    tail = label(qtbot, window, 2, 5, two)  # relabels 2-5 a title: its «holds» to 43-50 goes
    relate(qtbot, window, head, tail)
    clicked, kept = (56, 61, 43, 47, "holds"), (51, 61, 2, 5, "holds")
    assert stored_relations(path) == [clicked, kept]

    view = window.view
    view.viewport().repaint()
    arcs = {(a.relation.head, a.relation.tail): a for a in view.relation_arcs()}
    target, other_arc = arcs[(56, 61), (43, 47)], arcs[(51, 61), (2, 5)]
    from desktop.qt.view.relation_geometry import hit

    # The other relation chosen first, by a click on its line alone: where it runs up the margin.
    turn, up = other_arc.path.elementAt(2), other_arc.path.elementAt(3)
    alone = QPointF(turn.x, (turn.y + up.y) / 2)
    assert [a for a in arcs.values() if hit(a, alone) or a.label.contains(alone)] == [other_arc]
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, NONE, alone.toPoint())
    view.viewport().repaint()
    arcs = {(a.relation.head, a.relation.tail): a for a in view.relation_arcs()}
    target, other_arc = arcs[(56, 61), (43, 47)], arcs[(51, 61), (2, 5)]
    assert other_arc.relation.chosen and not target.relation.chosen
    point = target.label.center()
    # What this journey is about (if the layout changes, find another overlap): the label
    # clicked lies over the other (chosen) relation's line, which a click also finds.
    assert hit(other_arc, QPointF(point)) and not other_arc.label.contains(point)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, NONE, point.toPoint())
    press(qtbot, window, Qt.Key.Key_Delete)
    assert stored_relations(path) == [kept]


def test_a_label_is_found_before_a_line_under_it(qtbot):
    """In the view's relation layer alone: of two arcs under a click, the one whose label is
    there, whatever the ids; of two labels, the one painted on top (the chosen one's)."""
    from desktop.qt.view.positions import TextPositions
    from desktop.qt.view.relation_geometry import Arc, End
    from desktop.qt.view.relation_mark import RelationMark
    from desktop.qt.view.relations import RelationLayer

    layer = RelationLayer(TextPositions("x" * 40))
    line = Arc(
        RelationMark(1, (0, 2), (4, 6), "#ff0000", "a"), End(QPointF(0, 20), 10, []), End(QPointF(100, 20), 10, []), 0
    )
    line.path.moveTo(0, 20)
    line.path.lineTo(0, 10)
    line.path.lineTo(100, 10)
    line.path.lineTo(100, 20)
    labelled = Arc(RelationMark(2, (8, 9), (10, 12), "#00ff00", "b"), line.head, line.tail, 0)
    labelled.label.setRect(20, 5, 30, 10)
    layer.arcs = [line, labelled]
    assert layer.arc_at(QPointF(35, 10)) == 2  # on relation 2's label, over relation 1's line
    assert layer.arc_at(QPointF(70, 10)) == 1  # on relation 1's line only
    line.label.setRect(30, 5, 30, 10)  # two labels overlapping: the later one's is painted on top
    assert layer.arc_at(QPointF(40, 10)) == 2
    line.relation, labelled.relation = (
        RelationMark(1, (0, 2), (4, 6), "#ff0000", "a", chosen=True),
        RelationMark(2, (8, 9), (10, 12), "#00ff00", "b"),
    )
    assert layer.arc_at(QPointF(40, 10)) == 1
