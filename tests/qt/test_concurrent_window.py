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
