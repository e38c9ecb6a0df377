"""Journeys of the entities panel: the registry filtered the Persian way, a mention shown in
its document, two entities merged and one split, each one undo step; judged by the
project file's entities, entity_aliases and span_entities tables."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from journey import back_from_dialog, on_modal, press, select_text, type_text
from journey import stored_rows as rows

pytestmark = pytest.mark.gui

ONE = "اسحاق جهانگیری، معاون اول، گفت جهانگیری به باکو می‌رود."
TWO = "معاون اول در تهران بود."
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
NOMOD = Qt.KeyboardModifier.NoModifier


@pytest.fixture
def project(documents_project):
    return documents_project(ONE, TWO)


@pytest.fixture
def window(project, open_window):
    return open_window(project)


def registry(path) -> list[tuple[str, tuple[str, ...], list[str]]]:
    """Every entity: (name, aliases, its mentions' words), by id."""
    out = []
    for eid, name in rows(path, "SELECT id, name FROM entities ORDER BY id"):
        aliases = rows(path, f"SELECT alias FROM entity_aliases WHERE entity_id = {eid} ORDER BY position")
        mentions = rows(
            path,
            'SELECT d.text, s.start, s."end" FROM span_entities m JOIN spans s ON s.id = m.span_id '
            f"JOIN documents d ON d.id = s.document_id WHERE m.entity_id = {eid} ORDER BY d.id, s.start",
        )
        out.append((name, tuple(a for (a,) in aliases), [text[a:b] for text, a, b in mentions]))
    return out


def new_entity(qtbot, window, words: str, occurrence: int = 0) -> None:
    """Label the words as an official and make an entity of them (Shift+K)."""
    select_text(qtbot, window, words, occurrence)
    press(qtbot, window, Qt.Key.Key_1)
    press(qtbot, window, Qt.Key.Key_K, SHIFT)


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def choose_entity(qtbot, panel, name: str) -> None:
    row = next(i for i in range(panel.list.count()) if panel.list.item(i).text().startswith(name + " —"))
    rect = panel.list.visualItemRect(panel.list.item(row))
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center())


@pytest.fixture
def two_entities(window, project, qtbot):
    new_entity(qtbot, window, "اسحاق جهانگیری")
    new_entity(qtbot, window, "معاون اول")
    press(qtbot, window, Qt.Key.Key_PageDown, CTRL)
    select_text(qtbot, window, "معاون اول")
    press(qtbot, window, Qt.Key.Key_1)
    press(qtbot, window, Qt.Key.Key_K)  # the proposed entity, by its name
    press(qtbot, window, Qt.Key.Key_PageUp, CTRL)
    assert registry(project) == [("اسحاق جهانگیری", (), ["اسحاق جهانگیری"]), ("معاون اول", (), ["معاون اول"] * 2)]


def test_the_filter_folds_persian_and_a_mention_opens_its_document_with_the_span_chosen(
    window, project, qtbot, two_entities
):
    press(qtbot, window, Qt.Key.Key_E, CTRL | SHIFT)
    panel = window.entity_panel
    assert QApplication.focusWidget() is panel.query
    type_text(qtbot, panel.query, "معاون")
    assert [t.split(" — ")[0] for t in panel.shown_names()] == ["معاون اول"]
    assert panel.shown_names()[0].endswith("2 mentions")
    mentions = panel.mentions
    item = mentions.item(1)
    assert item.text() == "معاون اول — \u2068two.txt\u2069"  # the file name keeps its own order
    qtbot.mouseClick(mentions.viewport(), Qt.MouseButton.LeftButton, NOMOD, mentions.visualItemRect(item).center())
    press(qtbot, window, Qt.Key.Key_Return)  # shows the mention
    assert window.editor.document_id == 2
    span = window.editor.spans[window.editor.current]
    assert window.editor.text[span.start : span.end] == "معاون اول"
    assert QApplication.focusWidget() is window.view


def test_merging_moves_the_mentions_and_unions_the_names_in_one_undo_step(window, project, qtbot, two_entities):
    panel = window.entity_panel
    choose_entity(qtbot, panel, "معاون اول")

    def merge(form) -> None:
        assert form.target.currentText() == "اسحاق جهانگیری"
        click(qtbot, form.ok_button)

    on_modal(qtbot, merge)
    click(qtbot, panel.buttons["merge"])
    assert registry(project) == [("اسحاق جهانگیری", ("معاون اول",), ["اسحاق جهانگیری", "معاون اول", "معاون اول"])]
    back_from_dialog(qtbot, window)
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert registry(project) == [("اسحاق جهانگیری", (), ["اسحاق جهانگیری"]), ("معاون اول", (), ["معاون اول"] * 2)]


def test_splitting_moves_the_chosen_mentions_to_a_new_entity(window, project, qtbot, two_entities):
    panel = window.entity_panel
    choose_entity(qtbot, panel, "معاون اول")
    second = panel.mentions.item(1)
    rect = panel.mentions.visualItemRect(second)
    qtbot.mouseClick(
        panel.mentions.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center()
    )

    def split(form) -> None:
        assert form.name_edit.text() == "معاون اول"
        qtbot.keyClick(form.name_edit, Qt.Key.Key_A, CTRL)
        type_text(qtbot, form.name_edit, "معاون اول رئیس‌جمهور")
        click(qtbot, form.ok_button)

    on_modal(qtbot, split)
    click(qtbot, panel.buttons["split"])
    assert registry(project) == [
        ("اسحاق جهانگیری", (), ["اسحاق جهانگیری"]),
        ("معاون اول", (), ["معاون اول"]),
        ("معاون اول رئیس‌جمهور", (), ["معاون اول"]),
    ]
    [(doc,)] = rows(
        project,
        "SELECT s.document_id FROM span_entities m JOIN entities e ON e.id = m.entity_id "
        "JOIN spans s ON s.id = m.span_id WHERE e.name = 'معاون اول رئیس‌جمهور'",
    )
    assert doc == 2  # the mention chosen, in the second document


def test_renaming_and_aliases_are_stored(window, project, qtbot, two_entities):
    panel = window.entity_panel
    choose_entity(qtbot, panel, "اسحاق جهانگیری")

    def edit(form) -> None:
        form.aliases_edit.setFocus()
        type_text(qtbot, form.aliases_edit, "جهانگیری، اسحاق")
        click(qtbot, form.ok_button)

    on_modal(qtbot, edit)
    click(qtbot, panel.buttons["edit"])
    assert registry(project)[0] == ("اسحاق جهانگیری", ("جهانگیری", "اسحاق"), ["اسحاق جهانگیری"])
    assert "Aliases: جهانگیری، اسحاق" in panel.about.text()


def test_mention_counts_follow_a_new_link_without_asking_once_per_entity(window, project, qtbot, two_entities):
    press(qtbot, window, Qt.Key.Key_E, CTRL | SHIFT)
    panel = window.entity_panel
    repo = window.bridge.workspace.repo
    asked: list[int] = []
    per_entity = repo.entity_mentions
    repo.entity_mentions = lambda eid: asked.append(eid) or per_entity(eid)  # type: ignore[method-assign]
    select_text(qtbot, window, "جهانگیری", 1)
    press(qtbot, window, Qt.Key.Key_1)
    press(qtbot, window, Qt.Key.Key_K)  # links «جهانگیری» to «اسحاق جهانگیری» by its words
    assert registry(project)[0] == ("اسحاق جهانگیری", (), ["اسحاق جهانگیری", "جهانگیری"])
    assert [t.rsplit(" — ", 1)[1] for t in panel.shown_names()] == ["2 mentions", "2 mentions"]
    assert asked and set(asked) == {panel.current().id}  # the chosen entity's list; counts in one query
