"""Journey: typing a search into the document list, before and after the search index is built.

The list shows the same documents either way (the index's answer is the scan's), the
index is built behind the window into the project file, and a query typed on over a
running search shows the newest query's documents only.
"""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt

from journey import press, stored_rows, type_text

pytestmark = pytest.mark.gui

TEXTS = (
    "رئیس‌جمهور به تهران رفت.",
    "رييس جمهور در باکو",  # Arabic yehs, a space for the ZWNJ
    "خبری از شیراز",
    "تهران و شیراز",
)


@pytest.fixture
def project(documents_project):
    return documents_project(*TEXTS)


def indexed_upto(path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT indexed_upto FROM _document_search_state").fetchone()[0]
    finally:
        conn.close()


def shown(window) -> list[str]:
    model = window.documents.model
    return [model.document_at(row).name for row in range(model.rowCount())]


def type_query(qtbot, window, text: str) -> None:
    query = window.documents.query
    qtbot.mouseClick(query, Qt.MouseButton.LeftButton)
    press(qtbot, window, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, window, Qt.Key.Key_Delete)
    type_text(qtbot, query, text)


def test_typing_a_search_lists_the_same_documents_before_and_after_the_index(project, open_window, qtbot):
    window = open_window(project)
    assert indexed_upto(project) == 0  # the build waits for the window to be up
    type_query(qtbot, window, "رییس جمهور")
    qtbot.waitUntil(lambda: shown(window) == ["one.txt", "two.txt"])
    qtbot.waitUntil(lambda: indexed_upto(project) == 4, timeout=10000)
    type_query(qtbot, window, "شيراز")
    qtbot.waitUntil(lambda: shown(window) == ["three.txt", "four.txt"])
    type_query(qtbot, window, "رییس جمهور")
    qtbot.waitUntil(lambda: shown(window) == ["one.txt", "two.txt"])
    type_query(qtbot, window, "ته")  # short: scanned
    qtbot.waitUntil(lambda: shown(window) == ["one.txt", "four.txt"])
    type_query(qtbot, window, "")
    qtbot.waitUntil(lambda: len(shown(window)) == 4)


def test_the_newest_query_wins_over_a_search_still_running(project, open_window, qtbot):
    window = open_window(project)
    query = window.documents.query
    qtbot.mouseClick(query, Qt.MouseButton.LeftButton)
    type_text(qtbot, query, "تهران")
    qtbot.wait(300)  # past the debounce: this search starts
    type_text(qtbot, query, " و شیراز")
    qtbot.waitUntil(lambda: shown(window) == ["four.txt"])
    qtbot.wait(400)
    assert shown(window) == ["four.txt"]


def test_the_index_build_is_not_taken_for_a_change_made_elsewhere(project, open_window, qtbot):
    from desktop.workspace import Workspace

    from helpers import add_document

    window = open_window(project)
    refreshed: list[bool] = []
    window.watch.changed_elsewhere.connect(lambda: refreshed.append(True))
    qtbot.waitUntil(lambda: indexed_upto(project) == 4, timeout=10000)
    assert window.watch.check() is False and refreshed == []  # the build's commits are not news
    other = Workspace.open(project, annotator="reza")  # a real change elsewhere still is
    try:
        add_document(other, "سندی تازه از تبریز", "five.txt")
    finally:
        other.close()
    qtbot.waitUntil(lambda: refreshed == [True])
    qtbot.waitUntil(lambda: indexed_upto(project) == 5, timeout=10000)  # and the new document indexed
    type_query(qtbot, window, "تبریز")
    qtbot.waitUntil(lambda: shown(window) == ["five.txt"])


def test_a_change_elsewhere_just_before_the_windows_own_is_still_noticed(project, open_window, qtbot):
    """While the index is being built, the window's own write must not count as seen a
    change another connection committed in the same poll interval (before it)."""
    from desktop.workspace import Workspace

    from helpers import add_document
    from journey import select_text

    window = open_window(project)
    window.watch._poll.stop()  # the looks are this test's: one poll interval, spelled out
    refreshed: list[bool] = []
    window.watch.changed_elsewhere.connect(lambda: refreshed.append(True))
    qtbot.waitUntil(lambda: indexed_upto(project) == 4, timeout=10000)  # the build committed: not looked at yet
    other = Workspace.open(project, annotator="reza")  # 1. someone else adds a document ...
    try:
        add_document(other, "سندی تازه از تبریز", "five.txt")
    finally:
        other.close()
    select_text(qtbot, window, "تهران")  # 2. ... then the window labels a word, in the same interval
    press(qtbot, window, Qt.Key.Key_1)
    assert len(stored_rows(project, "SELECT id FROM spans")) == 1
    assert window.watch.check() is True and refreshed == [True]  # 3. the look tells the other's change
    qtbot.waitUntil(lambda: "five.txt" in shown(window))


def test_the_windows_own_labelling_while_the_index_is_built_is_not_news(project, open_window, qtbot):
    from journey import select_text

    window = open_window(project)
    window.watch._poll.stop()
    refreshed: list[bool] = []
    window.watch.changed_elsewhere.connect(lambda: refreshed.append(True))
    qtbot.waitUntil(lambda: indexed_upto(project) == 4, timeout=10000)  # the build committed: not looked at yet
    for word, key in (("تهران", Qt.Key.Key_1), ("رفت", Qt.Key.Key_2)):
        select_text(qtbot, window, word)
        press(qtbot, window, key)
    assert len(stored_rows(project, "SELECT id FROM spans")) == 2
    assert window.watch.check() is False and refreshed == []


def test_a_change_elsewhere_right_after_the_look_before_a_build_is_still_noticed(project, open_window, qtbot):
    """The build starts with a look for other writers, then takes the journal as seen: a
    commit landing between the two must not be taken as seen."""
    from desktop.workspace import Workspace

    from helpers import add_document

    window = open_window(project)
    window.watch._poll.stop()
    refreshed: list[bool] = []
    window.watch.changed_elsewhere.connect(lambda: refreshed.append(True))

    def look_then_someone_commits() -> None:
        window.watch.check()
        other = Workspace.open(project, annotator="reza")
        try:
            add_document(other, "سندی تازه از تبریز", "five.txt")
        finally:
            other.close()

    window.search.look_first = look_then_someone_commits
    qtbot.waitUntil(lambda: indexed_upto(project) >= 4, timeout=10000)  # the build ran (after that look)
    assert refreshed == []
    assert window.watch.check() is True and refreshed == [True]
    qtbot.waitUntil(lambda: "five.txt" in shown(window))
