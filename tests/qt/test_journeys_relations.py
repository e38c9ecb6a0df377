"""Journeys of relations in the main window: drawn chip to chip or made with the keyboard,
chosen by their arc, deleted, undone; judged by the project file's relations table."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from journey import on_type_chooser as on_chooser
from journey import press, select_text, stored_spans

pytestmark = pytest.mark.gui

TEXT = "علی جهانگیری، معاون اول رئیس‌جمهور، در تهران گفت که اوپک توافق تازه را امضا کرد."
NONE = Qt.KeyboardModifier.NoModifier


@pytest.fixture
def project(documents_project):
    return documents_project(TEXT, "سند دوم از اوپک و تهران می‌گوید.")


@pytest.fixture
def window(project, open_window):
    return open_window(project)


def stored_relations(path) -> list[tuple[str, str, str]]:
    """Every relation in the project file: (head's words, type, tail's words)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            'SELECT d.text, h.start, h."end", r.type, t.start, t."end" FROM relations r '
            "JOIN spans h ON h.id = r.head JOIN spans t ON t.id = r.tail JOIN documents d ON d.id = r.document_id "
            "ORDER BY r.id"
        ).fetchall()
    finally:
        conn.close()
    return [(text[hs:he], kind, text[ts:te]) for text, hs, he, kind, ts, te in rows]


def label(qtbot, window, words: str, key) -> int:
    select_text(qtbot, window, words)
    press(qtbot, window, key)
    span = window.editor.current
    assert span is not None
    return span


def drag_chip(qtbot, window, head: int, tail: int) -> None:
    view = window.view
    view.viewport().repaint()
    a, b = view.chip_rect(head), view.chip_rect(tail)
    assert a is not None and b is not None
    start, end = a.center().toPoint(), b.center().toPoint()
    port = view.viewport()
    qtbot.mousePress(port, Qt.MouseButton.LeftButton, NONE, start)
    qtbot.mouseMove(port, (start + end) / 2)
    qtbot.mouseMove(port, end)
    qtbot.mouseRelease(port, Qt.MouseButton.LeftButton, NONE, end)


def click_arc(qtbot, window) -> None:
    window.view.viewport().repaint()
    arcs = window.view.relation_arcs()
    assert len(arcs) == 1
    point: QPoint = arcs[0].label.center().toPoint()
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, NONE, point)


def related_official(qtbot, window, project) -> None:
    """Label the official and the title, drag chip to chip, choose «holds» by its hotkey."""
    official = label(qtbot, window, "علی جهانگیری", Qt.Key.Key_1)
    title = label(qtbot, window, "معاون اول رئیس‌جمهور", Qt.Key.Key_2)
    seen = on_chooser(qtbot, "H")
    drag_chip(qtbot, window, official, title)
    qtbot.waitUntil(lambda: stored_relations(project) != [])
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.view)  # back from the popup
    assert seen and seen[0] == ["holds\tH"]  # only the types allowed from official to title
    assert stored_relations(project) == [("علی جهانگیری", "holds", "معاون اول رئیس‌جمهور")]


def test_dragging_chip_to_chip_and_choosing_the_type_stores_the_relation_and_draws_its_arc(window, project, qtbot):
    related_official(qtbot, window, project)
    window.view.viewport().repaint()
    arcs = window.view.relation_arcs()
    assert [(a.caption, a.relation.chosen) for a in arcs] == [("holds", True)]


def test_clicking_the_arc_and_delete_removes_only_the_relation_and_undo_brings_it_back(window, project, qtbot):
    related_official(qtbot, window, project)
    press(qtbot, window, Qt.Key.Key_Escape)  # nothing chosen
    click_arc(qtbot, window)
    assert window.relations.chosen is not None
    press(qtbot, window, Qt.Key.Key_Delete)
    assert stored_relations(project) == []
    assert len(stored_spans(project)) == 2  # the spans stay
    window.view.viewport().repaint()
    assert window.view.relation_arcs() == [] and window.relation_panel.shown_rows() == []
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored_relations(project) == [("علی جهانگیری", "holds", "معاون اول رئیس‌جمهور")]
    window.view.viewport().repaint()
    assert [a.caption for a in window.view.relation_arcs()] == ["holds"]
    assert window.relation_panel.shown_rows() == ["علی جهانگیری — holds → معاون اول رئیس‌جمهور"]
    press(qtbot, window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert stored_relations(project) == []


def test_deleting_the_head_span_removes_its_relation_and_undo_restores_both(window, project, qtbot):
    related_official(qtbot, window, project)
    official = next(i for i, s in window.editor.spans.items() if s.label == "official")
    window.editor.select_span(official)  # as a Tab would
    press(qtbot, window, Qt.Key.Key_Delete)
    assert stored_relations(project) == []
    assert [s[3] for s in stored_spans(project)] == ["title"]
    window.view.viewport().repaint()
    assert window.view.relation_arcs() == []
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored_relations(project) == [("علی جهانگیری", "holds", "معاون اول رئیس‌جمهور")]
    assert sorted(s[3] for s in stored_spans(project)) == ["official", "title"]
    window.view.viewport().repaint()
    assert [a.caption for a in window.view.relation_arcs()] == ["holds"]


def test_a_pair_no_type_allows_gives_a_message_and_stores_nothing(window, project, qtbot):
    place = label(qtbot, window, "تهران", Qt.Key.Key_4)
    title = label(qtbot, window, "معاون اول رئیس‌جمهور", Qt.Key.Key_2)
    drag_chip(qtbot, window, title, place)
    assert stored_relations(project) == []
    assert window.statusBar().currentMessage() == "No relation type is allowed between these two labels"


def test_the_keyboard_relates_the_chosen_span_to_the_one_tab_picks(window, project, qtbot):
    label(qtbot, window, "علی جهانگیری", Qt.Key.Key_1)
    label(qtbot, window, "معاون اول رئیس‌جمهور", Qt.Key.Key_2)
    label(qtbot, window, "اوپک", Qt.Key.Key_3)
    press(qtbot, window, Qt.Key.Key_Escape)
    press(qtbot, window, Qt.Key.Key_Tab)  # the first span: the official
    press(qtbot, window, Qt.Key.Key_R)  # relation mode, the tail on the next span: the title
    assert "Enter chooses the type" in window.statusBar().currentMessage()
    press(qtbot, window, Qt.Key.Key_Tab)  # the tail on the organisation
    seen = on_chooser(qtbot, "O")
    press(qtbot, window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: stored_relations(project) != [])
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.view)
    assert seen and seen[0] == ["of\tO"]  # party_to needs an agreement as its tail
    assert stored_relations(project) == [("علی جهانگیری", "of", "اوپک")]
    press(qtbot, window, Qt.Key.Key_R, Qt.KeyboardModifier.ShiftModifier)  # reverse: refused, of needs an org tail
    assert stored_relations(project) == [("علی جهانگیری", "of", "اوپک")]


def test_escape_leaves_relation_mode_without_storing(window, project, qtbot):
    label(qtbot, window, "علی جهانگیری", Qt.Key.Key_1)
    label(qtbot, window, "معاون اول رئیس‌جمهور", Qt.Key.Key_2)
    press(qtbot, window, Qt.Key.Key_R)
    press(qtbot, window, Qt.Key.Key_Escape)
    press(qtbot, window, Qt.Key.Key_Return)
    assert stored_relations(project) == []
    assert not window.relations.active


def test_relation_mode_and_the_chosen_relation_end_with_the_document(window, project, qtbot):
    related_official(qtbot, window, project)
    press(qtbot, window, Qt.Key.Key_R)  # the relation is chosen, no span: only a hint
    assert not window.relations.active and "Choose a span first" in window.statusBar().currentMessage()
    window.editor.select_span(next(iter(window.editor.spans)))
    press(qtbot, window, Qt.Key.Key_R)
    assert window.relations.active
    press(qtbot, window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "دوم" in window.view.text())
    assert not window.relations.active and window.relations.chosen is None
    window.view.viewport().repaint()
    assert window.view.relation_arcs() == []
    label(qtbot, window, "اوپک", Qt.Key.Key_3)
    press(qtbot, window, Qt.Key.Key_Delete)  # deletes the span: no relation is chosen here
    assert stored_relations(project) == [("علی جهانگیری", "holds", "معاون اول رئیس‌جمهور")]
    assert [s[0] for s in stored_spans(project)] == ["one.txt", "one.txt"]


def test_the_relations_panel_lists_filters_and_jumps_to_a_relation(window, project, qtbot):
    related_official(qtbot, window, project)
    panel = window.relation_panel
    assert panel.shown_rows() == ["علی جهانگیری — holds → معاون اول رئیس‌جمهور"]
    press(qtbot, window, Qt.Key.Key_Escape)
    assert window.relations.chosen is None
    panel.filter.setCurrentIndex(panel.filter.findText("located in"))
    assert panel.shown_rows() == []
    panel.filter.setCurrentIndex(panel.filter.findText("holds"))
    item = panel.list.item(0)
    rect = panel.list.visualItemRect(item)
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, NONE, rect.center())
    qtbot.keyClick(panel.list, Qt.Key.Key_Return)
    assert window.relations.chosen is not None
    window.view.viewport().repaint()
    assert [a.relation.chosen for a in window.view.relation_arcs()] == [True]


def test_shift_r_reverses_the_chosen_relation_and_undo_turns_it_back(window, project, qtbot):
    tehran = label(qtbot, window, "تهران", Qt.Key.Key_4)
    opec = label(qtbot, window, "اوپک", Qt.Key.Key_4)
    seen = on_chooser(qtbot, "L")
    drag_chip(qtbot, window, tehran, opec)
    qtbot.waitUntil(lambda: stored_relations(project) != [])
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.view)
    assert seen and seen[0] == ["located in\tL"]
    assert stored_relations(project) == [("تهران", "located_in", "اوپک")]
    press(qtbot, window, Qt.Key.Key_R, Qt.KeyboardModifier.ShiftModifier)
    assert stored_relations(project) == [("اوپک", "located_in", "تهران")]
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored_relations(project) == [("تهران", "located_in", "اوپک")]


@pytest.fixture
def two_types_project(project):
    """The journeys' project with a second type from official to organisation («leads», hotkey E)
    beside the default «of»: a pair a relation can be retyped between."""
    from desktop.core.relations import RelationType
    from desktop.workspace import Workspace
    from desktop.workspace.relations import RelationSchemeEditor

    ws = Workspace.open(project, annotator="sara")
    leads = RelationType("leads", "رهبری", "leads", "#1f6f8b", "E", heads=("official",), tails=("organisation",))
    RelationSchemeEditor(ws).save_type(leads)
    ws.close()
    return project


def test_alt_r_retypes_the_chosen_relation_and_undo_restores_its_type(two_types_project, open_window, qtbot):
    project = two_types_project
    window = open_window(project)
    official = label(qtbot, window, "علی جهانگیری", Qt.Key.Key_1)
    opec = label(qtbot, window, "اوپک", Qt.Key.Key_3)
    seen = on_chooser(qtbot, "O")
    drag_chip(qtbot, window, official, opec)
    qtbot.waitUntil(lambda: stored_relations(project) != [])
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.view)
    assert seen and sorted(seen[0]) == ["leads\tE", "of\tO"]
    assert stored_relations(project) == [("علی جهانگیری", "of", "اوپک")]
    assert window.relations.chosen is not None  # a new relation is the chosen one
    retyped = on_chooser(qtbot, "E")
    press(qtbot, window, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: stored_relations(project) == [("علی جهانگیری", "leads", "اوپک")])
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.view)
    assert retyped and sorted(retyped[0]) == ["leads\tE", "of\tO"]
    window.view.viewport().repaint()
    assert [a.caption for a in window.view.relation_arcs()] == ["leads"]
    assert window.relation_panel.shown_rows() == ["علی جهانگیری — leads → اوپک"]
    kept = on_chooser(qtbot, None)  # Escape in the chooser: the type stays
    press(qtbot, window, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: bool(kept))
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.view)
    assert stored_relations(project) == [("علی جهانگیری", "leads", "اوپک")]
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored_relations(project) == [("علی جهانگیری", "of", "اوپک")]
    window.view.viewport().repaint()
    assert [a.caption for a in window.view.relation_arcs()] == ["of"]
