"""The window on a server project: opened by URL, a label made with the mouse and a hotkey is on the server."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.workspace import Workspace

from helpers import add_document
from journey import press, select_text

pytestmark = [pytest.mark.gui, pytest.mark.postgres]

TEXT = "سند دوم: بانک مرکزی در تهران نرخ را اعلام کرد."


def _stored(url: str) -> list[tuple[int, int, str, str]]:
    with Workspace.open(url) as workspace:
        names = {a.id: a.name for a in workspace.repo.annotators()}
        return [(s.start, s.end, s.label, names[s.annotator_id]) for s in workspace.repo.spans(1)]


def test_a_label_drawn_in_the_window_is_stored_on_the_server(postgres_url, open_window, qtbot):
    workspace = Workspace.create(postgres_url)
    add_document(workspace, TEXT, "two.txt")
    workspace.close()
    window = open_window(postgres_url)
    assert window.view.text() == TEXT
    start, end = select_text(qtbot, window, "بانک مرکزی")
    press(qtbot, window, Qt.Key.Key_3)
    assert _stored(postgres_url) == [(start, end, "organisation", "sara")]
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _stored(postgres_url) == []


def test_a_bare_start_opens_the_last_server_project_again(postgres_url, open_app):
    from desktop.qt.app import Application, create_qt_app
    from desktop.settings import Settings

    Workspace.create(postgres_url).close()
    first = open_app(postgres_url)
    assert Settings().get("last_project") == postgres_url  # kept as the URL (no password is ever in it)
    settings = Settings()
    again = Application(create_qt_app(settings), settings)
    assert again.start(None, annotator="sara")
    try:
        assert again.workspace.path == first.workspace.path and again.window.isVisible()
    finally:
        again.window.close()
        again.workspace.close()


def test_a_change_elsewhere_just_before_the_windows_own_is_still_noticed(postgres_url, open_window, qtbot):
    """As on a file (test_document_search_journey.py): someone else commits, then the window
    labels, within one poll interval; the window still shows the other's document. A server
    project has no search index to build: its looks count the others' NOTIFYs, never its own."""
    workspace = Workspace.create(postgres_url)
    add_document(workspace, TEXT, "two.txt")
    workspace.close()
    window = open_window(postgres_url)
    window.watch._poll.stop()
    refreshed: list[bool] = []
    window.watch.changed_elsewhere.connect(lambda: refreshed.append(True))
    other = Workspace.open(postgres_url, annotator="reza")
    try:
        add_document(other, "سندی تازه از تبریز", "three.txt")
    finally:
        other.close()
    select_text(qtbot, window, "بانک مرکزی")
    press(qtbot, window, Qt.Key.Key_3)
    window.watch.check()
    qtbot.waitUntil(lambda: bool(refreshed))
    model = window.documents.model
    qtbot.waitUntil(lambda: "three.txt" in [model.document_at(row).name for row in range(model.rowCount())])


def test_file_import_on_a_server_project_imports(postgres_url, open_window, qtbot, tmp_path, monkeypatch):
    """File → Import's worker opens the window's project again through the same server (it used to
    open the store's `path`, only the database's name there: "no project there")."""
    Workspace.create(postgres_url).close()
    window = open_window(postgres_url)
    errors: list[str] = []
    monkeypatch.setattr(window, "show_error", errors.append)
    extra = tmp_path / "three.txt"
    extra.write_text("سندی تازه از تبریز", encoding="utf-8")
    window.files.import_paths([str(extra)])
    qtbot.waitUntil(lambda: bool(errors) or window.documents.model.total() == 1, timeout=20000)
    assert errors == [] and window.documents.model.total() == 1
    with Workspace.open(postgres_url) as server:
        assert [server.document_text(d.id) for d in server.document_infos()] == ["سندی تازه از تبریز"]
