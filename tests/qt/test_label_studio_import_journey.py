"""Journey: File → Import… of a Label Studio export asks for its users' layer names
(`--annotator-map`); typed with the keyboard, judged by the layers in the project file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from desktop.qt import project_dialogs
from desktop.qt.import_dialog import ImportOptionsDialog
from desktop.workspace import Workspace

from journey import on_modal, press, ready

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
    monkeypatch.setattr(project_dialogs, "choose_files", lambda *args, **kwargs: [str(FIXTURE)])
    handled = on_modal(qtbot, act, wanted=lambda dialog: isinstance(dialog, ImportOptionsDialog))
    press(qtbot, window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(handled), timeout=10000)
    return handled


@pytest.fixture
def app(project_path, open_app, qtbot):
    Workspace.create(project_path).close()
    application = open_app(project_path)
    ready(qtbot, application.window)
    return application


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
