"""A relation's label stays on its own arc: an analyst reads a label as the type of the arc
whose line runs through it. Four «located in» relations leave one chip at the start of a
right-to-left line for the next four short words: their arcs share the rail region by the
right margin, and their labels used to slide past each other off their own short rails onto
the other arcs' lines (one over a hundred pixels from its own).

Through the real window on a stored project, in Persian and in English (wider labels, no room
for all of them to stay apart); judged by the arcs the view drew."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QRectF
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from desktop.qt.plain import tooltip
from desktop.workspace import Workspace
from desktop.workspace.relations import Relations

from arc_geometry import rail
from helpers import add_document
from journey import ready

pytestmark = pytest.mark.gui

TEXT = "تبریز و اراک و قم و یزد و کرج در ایران هستند و مردم آن بسیار مهمان‌نواز هستند و شهر زیبا است."
CITY, OTHERS = "تبریز", ("اراک", "قم", "یزد", "کرج")


def at(word: str) -> tuple[int, int]:
    start = TEXT.index(word)
    return start, start + len(word)


@pytest.fixture
def project(tmp_path):
    """sara's project: «تبریز» —located in→ each of the four cities after it."""
    path = tmp_path / "cities.barchasb"
    ws = Workspace.create(path)
    ws.set_annotator("sara")
    add_document(ws, TEXT, "cities.txt")
    city = ws.add_span(1, *at(CITY), "place").id
    for word in OTHERS:
        Relations(ws).add(city, ws.add_span(1, *at(word), "place").id, "located_in")
    ws.close()
    return path


@pytest.mark.parametrize("language", ["fa", "en"])
def test_each_label_stays_on_its_own_arcs_rail(project, open_app, qtbot, language):
    window = open_app(project, language).window
    ready(qtbot, window)
    view = window.view
    view.viewport().repaint()
    arcs = view.relation_arcs()
    assert sorted(arc.relation.tail for arc in arcs) == sorted(at(word) for word in OTHERS)
    port = QRectF(view.viewport().rect())
    for arc in arcs:
        label = arc.label
        left, right = rail(arc, label)
        where = f"{arc.caption!r} to {TEXT[slice(*arc.relation.tail)]}: label {label}, rail {left}-{right}"
        assert left <= label.center().x() <= right, where  # over its own line
        if label.width() <= right - left:  # room on its rail: all of it there
            assert left <= label.left() and label.right() <= right, where
        assert port.left() <= label.left() and label.right() <= port.right(), where
    if language == "fa":  # the Persian labels have room on their rails to stay apart
        labels = [arc.label for arc in arcs]
        for i, label in enumerate(labels):
            assert not any(label.intersects(other) for other in labels[i + 1 :]), labels


TITLES_TEXT = (
    "معاون هماهنگی امور اقتصادی استاندار آذربایجان شرقی در تشریح دستاوردهای سفر به باکو خبر داد.\n"
    "علی جهانگیری با اشاره به سفر سه روزه گفت."
)


def two_titles(make_view):
    """Review mode's crowded corner: two layers relate one official to two titles that start at a
    line's right edge; the view, and each relation's caption by id (-7 is chosen by the tests)."""
    from desktop.qt.document_view import RelationMark, SpanMark

    def span(mark_id: int, phrase: str, caption: str) -> SpanMark:
        start = TITLES_TEXT.index(phrase)
        return SpanMark(mark_id, start, start + len(phrase), "#7b3fb3", caption)

    short = span(-1, "معاون هماهنگی امور اقتصادی", "سمت · امید")
    long = span(-2, "معاون هماهنگی امور اقتصادی استاندار آذربایجان شرقی", "سمت · سارا")
    person = span(3, "علی جهانگیری", "★ مقام")
    view = make_view(TITLES_TEXT, [short, long, person], size=(800, 400))
    captions = {-7: "دارای سمت · امید", -8: "دارای سمت · سارا"}
    view.set_relations(
        [
            RelationMark(i, (person.start, person.end), (m.start, m.end), "#7f8c8d", captions[i])
            for i, m in ((-7, short), (-8, long))
        ]
    )
    return view, captions


def test_a_label_with_no_room_on_its_rail_is_shortened_there_not_moved_off(make_view):
    """Two layers related one official to two titles that start at a line's right edge (what
    review mode shows): the arc to the shorter title turns 44 pixels from its chip, less than
    its label is wide and all of it over the chip's arrowhead. The chosen relation's label goes
    whole on its other stretch of rail (the official's line); the other's, with no clear place
    on either of its own, is cut short with an ellipsis between the arrowheads."""
    view, captions = two_titles(make_view)
    view.set_chosen_relation(-7)
    view.viewport().grab()
    arcs = {arc.relation.id: arc for arc in view.relation_arcs()}
    assert arcs[-7].caption == captions[-7]
    shortened = arcs[-8].caption  # Qt keeps the cut letter's joining form with a ZWJ before the ellipsis
    assert shortened.endswith("…") and captions[-8].startswith(shortened[:-1].rstrip("\u200d")), shortened
    assert len(shortened) > 4, shortened
    port = QRectF(view.viewport().rect())
    for arc in arcs.values():
        label = arc.label
        left, right = rail(arc, label)
        assert left <= label.center().x() <= right, (arc.caption, label, left, right)
        assert port.left() <= label.left() and label.right() <= port.right(), label
        assert not any(label.intersects(other.arrow.boundingRect()) for other in arcs.values()), label
    assert not arcs[-7].label.intersects(arcs[-8].label)


def test_a_shortened_label_shows_its_whole_caption_as_a_tooltip(make_view, qtbot):
    """The label cut short above keeps its whole caption, as a tooltip shown literally."""
    view, _ = two_titles(make_view)
    view.set_chosen_relation(-7)
    view.viewport().grab()
    arcs = {arc.relation.id: arc for arc in view.relation_arcs()}
    assert arcs[-8].caption.endswith("…")  # shortened: no room for it whole on its arc
    port = view.viewport()
    for arc_id, shown in ((-8, "دارای سمت · سارا"), (-7, None)):
        at = arcs[arc_id].label.center().toPoint()
        QToolTip.hideText()
        QApplication.sendEvent(port, QHelpEvent(QEvent.Type.ToolTip, at, port.mapToGlobal(at)))
        if shown is None:  # a label shown whole has no tooltip of its own
            assert not QToolTip.isVisible() or QToolTip.text() != "دارای سمت · امید"
        else:
            qtbot.waitUntil(QToolTip.isVisible)
            assert QToolTip.text() == tooltip(shown)  # shown literally, never as HTML
    QToolTip.hideText()
