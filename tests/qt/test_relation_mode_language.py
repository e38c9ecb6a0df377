"""Switching the interface language in the middle of making a relation: relation mode goes on
in the rebuilt window (the same head and tail candidate), the type chooser and every text the
relations part of the window shows speak the new language, and the stored relation is the one
the analyst meant. Judged by the project file's relations table and the window's texts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.i18n import language, tr

from journey import choose_menu, press, ready, select_text, stored_rows
from journey import on_type_chooser as on_chooser

pytestmark = pytest.mark.gui

TEXT = "علی جهانگیری، معاون اول رئیس‌جمهور، در تهران گفت که اوپک توافق تازه را امضا کرد."


def stored_relations(path) -> list[tuple[str, str, str]]:
    """Every relation in the project file: (head's words, type, tail's words)."""
    rows = stored_rows(
        path,
        'SELECT d.text, h.start, h."end", r.type, t.start, t."end" FROM relations r JOIN spans h ON h.id = r.head'
        " JOIN spans t ON t.id = r.tail JOIN documents d ON d.id = r.document_id ORDER BY r.id",
    )
    return [(text[hs:he], kind, text[ts:te]) for text, hs, he, kind, ts, te in rows]


@pytest.fixture
def project(documents_project):
    return documents_project(TEXT)


def labelled(qtbot, window) -> None:
    """The official, the title and the organisation labelled; then Tab chooses the official."""
    for words, key in (("علی جهانگیری", Qt.Key.Key_1), ("معاون اول رئیس‌جمهور", Qt.Key.Key_2), ("اوپک", Qt.Key.Key_3)):
        select_text(qtbot, window, words)
        press(qtbot, window, key)
    press(qtbot, window, Qt.Key.Key_Escape)
    press(qtbot, window, Qt.Key.Key_Tab)


def switched(qtbot, window, *menu: str):
    """Choose the language in the View menu; the window that replaces this one, ready."""
    choose_menu(qtbot, window, *menu)
    qtbot.waitUntil(lambda: not window.isVisible())
    new = next(w for w in QApplication.topLevelWidgets() if w.isVisible() and hasattr(w, "editor"))
    ready(qtbot, new)
    return new


def test_relation_mode_goes_on_in_persian_after_the_switch(project, open_window, qtbot):
    window = open_window(project)
    labelled(qtbot, window)
    press(qtbot, window, Qt.Key.Key_R)  # relation mode: the official, the tail on the title
    assert "Enter chooses the type" in window.statusBar().currentMessage()
    new = switched(qtbot, window, "View", "فارسی")
    assert new.relations.active  # the same relation mode, in the new window
    assert (
        new.statusBar().currentMessage()
        == tr("Relation: Tab or Shift+Tab picks the other span, Enter chooses the type, Esc cancels")
        != "Relation: Tab or Shift+Tab picks the other span, Enter chooses the type, Esc cancels"
    )
    new.view.viewport().repaint()
    assert [a.relation.label for a in new.view.relation_arcs()] == ["?"]  # the pending arc, head to title
    press(qtbot, new, Qt.Key.Key_Tab)  # the tail on to the organisation
    seen = on_chooser(qtbot, "O")
    press(qtbot, new, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: stored_relations(project) != [])
    assert seen == [["متعلق به\tO"]]
    assert stored_relations(project) == [("علی جهانگیری", "of", "اوپک")]
    panel = new.relation_panel
    assert panel.filter.itemText(0) == "همهٔ نوع‌ها" and panel.shown_rows() == ["علی جهانگیری — متعلق به ← اوپک"]
    assert not [t for t in map(panel.filter.itemText, range(panel.filter.count())) if t.isascii()]  # no English type
    qtbot.waitUntil(lambda: QApplication.focusWidget() is new.view)
    assert (
        new.statusBar().currentMessage()
        == tr("Relation chosen: Delete removes it, Shift+R reverses it, Alt+R changes its type")
        and language() == "fa"
    )


def test_switching_with_the_type_chooser_open_stores_nothing_and_relation_mode_ends(project, open_window, qtbot):
    window = open_window(project, "fa")
    labelled(qtbot, window)
    press(qtbot, window, Qt.Key.Key_R)
    seen: list[list[str]] = []

    def switch_from_chooser() -> None:  # the chooser is up: the analyst goes to the menu bar
        from desktop.qt.relation_chooser import TypeChooser

        menu = QApplication.activePopupWidget()
        if not isinstance(menu, TypeChooser):
            QTimer.singleShot(20, switch_from_chooser)
            return
        seen.append([a.text() for a in menu.actions()])
        choose_menu(qtbot, window, "نما", "English")

    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, switch_from_chooser)
    press(qtbot, window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.isVisible())
    new = next(w for w in QApplication.topLevelWidgets() if w.isVisible() and hasattr(w, "editor"))
    ready(qtbot, new)
    assert seen == [["دارای سمت\tH"]] and stored_relations(project) == []
    assert not new.relations.active
    assert new.relation_panel.filter.itemText(0) == "All types"
    press(qtbot, new, Qt.Key.Key_R)  # the chosen span is still the official: relation mode again
    assert "Enter chooses the type" in new.statusBar().currentMessage()
    seen = on_chooser(qtbot, "H")
    press(qtbot, new, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: stored_relations(project) != [])
    assert seen == [["holds\tH"]] and stored_relations(project) == [("علی جهانگیری", "holds", "معاون اول رئیس‌جمهور")]
