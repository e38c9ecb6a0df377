"""A window and a second writer (another window, a CLI command) on one project."""

from __future__ import annotations

import sqlite3
import time

import pytest

from desktop.cli import main
from desktop.storage.backup import list_backups
from desktop.workspace import Workspace

from helpers import TEXT

pytestmark = pytest.mark.gui


@pytest.fixture
def window(one_document_project, open_app):
    return open_app(one_document_project(TEXT)).window


def test_a_span_added_by_another_writer_shows_after_the_poll(window, project_path, qtbot):
    other = Workspace.open(project_path, annotator="sara")
    span = other.add_span(1, 2, 5, "official")
    other.close()
    assert window.watch.check()  # what the 1.5 s timer does
    assert span.id in window.editor.spans and window.view.mark(span.id) is not None
    assert not window.watch.check()  # nothing new since


def test_a_cli_import_shows_in_the_document_list(window, project_path, tmp_path, qtbot):
    extra = tmp_path / "two.txt"
    extra.write_text("سند دوم از خط فرمان", encoding="utf-8")
    assert main(["import", str(project_path), str(extra), "-q"]) == 0
    qtbot.waitUntil(lambda: window.documents.model.total() == 2, timeout=5000)


def test_the_window_backs_up_on_open_and_a_locked_write_is_reported(window, project_path, qtbot):
    qtbot.waitUntil(lambda: len(list_backups(project_path)) == 1)  # taken on open, in a thread
    window.watch.wait()
    blocker = sqlite3.connect(project_path, timeout=0.1)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        start = time.monotonic()
        window.view.select_range(2, 5)
        messages = []
        window.bridge.failed.connect(messages.append)
        window.label_selection("official", False)
        assert messages and "busy" in messages[0]
        assert time.monotonic() - start < 30
    finally:
        blocker.rollback()
        blocker.close()
    assert window.editor.spans == {}  # nothing shown that was not stored
    window.label_selection("official", False)
    assert len(window.editor.spans) == 1


def _import_while_another_writes(window, project, tmp_path, qtbot, monkeypatch, moment: str) -> list:
    """The window imports a file (File → Import's work, in its worker on a connection of its own)
    while another connection labels the open document at `moment`: "worker" (right after the
    import's commit, before the window hears of it), "reload" (right after the window's reload
    of the documents), or "nowhere". Returns the other's spans; the window's looks come when
    the test calls them (what the 1.5 s timer does)."""
    from desktop.workspace.imports import everything

    window.watch._poll.stop()
    extra = tmp_path / "two.txt"
    extra.write_text("سند دوم از پرونده", encoding="utf-8")
    made: list = []

    def elsewhere() -> None:
        with Workspace.open(project, annotator="sara") as other:
            made.append(other.add_span(1, 2, 5, "official"))

    if moment == "worker":
        real = everything.import_everything

        def import_then_elsewhere(*args, **kwargs):
            summary = real(*args, **kwargs)
            elsewhere()
            return summary

        monkeypatch.setattr(everything, "import_everything", import_then_elsewhere)
    elif moment == "reload":
        reload = window.reload_documents

        def reload_then_elsewhere() -> None:
            reload()
            if not made:
                elsewhere()

        monkeypatch.setattr(window, "reload_documents", reload_then_elsewhere)
    window.files.import_paths([str(extra)])
    qtbot.waitUntil(lambda: "1 documents imported" in window.statusBar().currentMessage(), timeout=20000)
    return made


@pytest.mark.parametrize("moment", ["worker", "reload"])
def test_a_change_elsewhere_as_the_windows_own_import_ends_is_shown_at_the_next_look(
    window, project_path, tmp_path, qtbot, monkeypatch, moment
):
    made = _import_while_another_writes(window, project_path, tmp_path, qtbot, monkeypatch, moment)
    assert window.documents.model.total() == 2
    assert window.watch.check()  # news: not taken for the import's own commit
    assert made[0].id in window.editor.spans and window.view.mark(made[0].id) is not None
    assert not window.watch.check()


def test_the_windows_own_import_alone_is_not_news(window, project_path, tmp_path, qtbot, monkeypatch):
    assert _import_while_another_writes(window, project_path, tmp_path, qtbot, monkeypatch, "nowhere") == []
    assert window.documents.model.total() == 2
    assert not window.watch.check()
