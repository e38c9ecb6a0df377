"""Journey: File → Import… of a Label Studio export asks for its users' layer names
(`--annotator-map`); typed with the keyboard, judged by the layers in the project file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from journey import import_with_options

pytestmark = pytest.mark.gui

FIXTURE = Path(__file__).parent.parent / "fixtures" / "label-studio-1.23.2.json"


def layers(project) -> list[tuple[str, int]]:
    conn = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
    try:
        return conn.execute(
            "SELECT a.name, count(*) FROM spans s JOIN annotators a"
            " ON a.id = s.annotator_id GROUP BY a.name ORDER BY a.name"
        ).fetchall()
    finally:
        conn.close()


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())


def import_fixture(qtbot, window, monkeypatch, act) -> list:
    return import_with_options(qtbot, window, monkeypatch, FIXTURE, act)


@pytest.fixture
def app(empty_app):
    return empty_app


def test_the_users_are_named_in_the_import_dialog(app, monkeypatch, qtbot):
    window, project = app.window, app.workspace.path
    seen: list = []

    def name_users(dialog):
        field = dialog.users
        seen.append(field.isVisible())
        click(qtbot, field)
        qtbot.keyClicks(field, "1=sara, 2")  # the second user has no name
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
        seen.append((dialog.isVisible(), dialog.users_problem.text()))
        field.selectAll()
        qtbot.keyClicks(field, "1=sara, 2=omid")
        qtbot.keyClick(field, Qt.Key.Key_Return)

    import_fixture(qtbot, window, monkeypatch, name_users)
    qtbot.waitUntil(lambda: window.documents.model.rowCount() == 5, timeout=20000)
    assert seen == [True, (True, "Write each user as ID=NAME or E-MAIL=NAME, once.")]
    assert layers(project) == [("omid", 3), ("sara", 3)]
    assert "ls-" not in window.statusBar().currentMessage()


def test_users_left_unnamed_are_reported_by_their_layer(app, monkeypatch, qtbot):
    window, project = app.window, app.workspace.path
    import_fixture(
        qtbot,
        window,
        monkeypatch,
        lambda dialog: click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)),
    )
    qtbot.waitUntil(lambda: window.documents.model.rowCount() == 5, timeout=20000)
    assert layers(project) == [("ls-1", 3), ("ls-2", 3)]
    message = window.statusBar().currentMessage()
    assert "Label Studio users known only by their id went to layers" in message
    assert "ls-1" in message and "ls-2" in message
