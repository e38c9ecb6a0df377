"""A label shortened for room on its own arc shows its whole caption as a tooltip."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from desktop.qt.document_view import RelationMark, SpanMark
from desktop.qt.plain import tooltip

pytestmark = pytest.mark.gui

TEXT = (
    "معاون هماهنگی امور اقتصادی استاندار آذربایجان شرقی در تشریح دستاوردهای سفر به باکو خبر داد.\n"
    "علی جهانگیری با اشاره به سفر سه روزه گفت."
)


def span(mark_id: int, phrase: str, caption: str) -> SpanMark:
    start = TEXT.index(phrase)
    return SpanMark(mark_id, start, start + len(phrase), "#7b3fb3", caption)


def test_a_shortened_label_shows_its_whole_caption_as_a_tooltip(make_view, qtbot):
    short = span(-1, "معاون هماهنگی امور اقتصادی", "سمت · امید")
    long = span(-2, "معاون هماهنگی امور اقتصادی استاندار آذربایجان شرقی", "سمت · سارا")
    person = span(3, "علی جهانگیری", "★ مقام")
    view = make_view(TEXT, [short, long, person], size=(800, 400))
    ends = (person.start, person.end)
    view.set_relations(
        [
            RelationMark(-7, ends, (short.start, short.end), "#7f8c8d", "دارای سمت · امید"),
            RelationMark(-8, ends, (long.start, long.end), "#7f8c8d", "دارای سمت · سارا"),
        ]
    )
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
