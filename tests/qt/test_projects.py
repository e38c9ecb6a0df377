"""Journeys through projects: File → Open, New project, Open recent, and what a
bare start opens. Driven with keys, the mouse and the real file dialog; judged
by the files on disk and what the window shows."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QLineEdit, QMessageBox

from desktop.core.scheme import default_scheme
from desktop.paths import sample_project_path
from desktop.qt.app import Application, create_qt_app
from desktop.settings import Settings
from desktop.storage.backup import list_backups
from desktop.workspace import Workspace

from helpers import add_document
from journey import choose_menu, on_modal, press, ready, select_text, stored_spans

pytestmark = pytest.mark.gui

FIRST = "خبر: علی جهانگیری به باکو رفت."
SECOND = "سند دوم درباره تهران است."


def make_project(path: Path, text: str) -> Path:
    ws = Workspace.create(path)
    add_document(ws, text, "one.txt")
    ws.close()
    return path


def when_modal(qtbot, kind, act, timeout_s: float = 10.0) -> list:
    """Run `act(dialog)` on the next visible modal widget of type `kind` (a file
    dialog is never taken for a message), from inside its exec() loop; returns a
    list that holds the dialog once handled."""

    def wanted(widget) -> bool:
        return isinstance(widget, kind) and (kind is QFileDialog or not isinstance(widget, QFileDialog))

    return on_modal(qtbot, act, timeout_s, wanted)


def shown_text(dialog) -> str:
    """Every text a dialog shows: its labels and read-only text views."""
    from PySide6.QtWidgets import QLabel, QTextEdit

    parts = [w.text() for w in dialog.findChildren(QLabel) if w.isVisible()]
    parts += [w.toPlainText() for w in dialog.findChildren(QTextEdit) if w.isVisible()]
    return "\n".join(p for p in parts if p)


def type_path(qtbot, path: Path):
    """Fill a Qt file dialog the way a user does: it opens in the current project's
    folder, where `path` is; type its name, press Enter."""

    def act(dialog: QFileDialog) -> None:
        assert Path(dialog.directory().absolutePath()) == path.parent
        edit = dialog.findChild(QLineEdit, "fileNameEdit")
        edit.selectAll()
        qtbot.keyClicks(edit, path.name)
        qtbot.keyClick(edit, Qt.Key.Key_Return)

    return act


def button_with_text(widget, text: str):
    from PySide6.QtWidgets import QAbstractButton

    return next(b for b in widget.findChildren(QAbstractButton) if b.text().replace("&", "") == text)


@pytest.fixture
def prompt_backups_at_once(monkeypatch):
    """Backups are due whenever the project changed (not only every 10 minutes), so
    the one taken when a window closes is visible in a test."""
    import desktop.storage.backup as backup

    due = backup.backup_due
    monkeypatch.setattr(backup, "backup_due", lambda repo, **_: due(repo, interval=timedelta(0)))


def newest_backup_spans(project: Path) -> list[tuple[int, int, str]]:
    conn = sqlite3.connect(f"file:{list_backups(project)[0].path}?mode=ro", uri=True)
    try:
        return conn.execute('SELECT start, "end", label FROM spans').fetchall()
    finally:
        conn.close()


def test_file_open_closes_the_old_window_on_its_own_project_and_backs_it_up(
    qtbot, tmp_path, open_app, prompt_backups_at_once
):
    first = make_project(tmp_path / "first.barchasb", FIRST)
    second = make_project(tmp_path / "second.barchasb", SECOND)
    app = open_app(first)
    window = app.window
    ready(qtbot, window)
    start, end = select_text(qtbot, window, "علی جهانگیری")
    press(qtbot, window, Qt.Key.Key_1)
    assert stored_spans(first) == [("one.txt", start, end, "official", "sara")]

    dialogs = when_modal(qtbot, QFileDialog, type_path(qtbot, second))
    press(qtbot, window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert dialogs and dialogs[0].windowTitle() == "Open project"
    qtbot.waitUntil(lambda: app.window is not window)
    new = app.window
    assert new.view.text() == SECOND and "second.barchasb" in new.windowTitle()
    assert app.workspace.path == second
    # The old window closed on its still-open project and took its backup: with the span.
    assert newest_backup_spans(first) == [(start, end, "official")]
    assert Settings().get("recent_projects") == [str(second), str(first)]
    assert Settings().get("last_project") == str(second)


def test_new_project_creates_one_with_the_default_scheme_and_opens_it(qtbot, tmp_path, open_app):
    first = make_project(tmp_path / "first.barchasb", FIRST)
    app = open_app(first)
    window = app.window
    ready(qtbot, window)
    dialogs = when_modal(qtbot, QFileDialog, type_path(qtbot, tmp_path / "fresh"))
    press(qtbot, window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert dialogs and dialogs[0].windowTitle() == "New project"
    fresh = tmp_path / "fresh.barchasb"  # the suffix is added
    qtbot.waitUntil(lambda: app.window is not window)
    assert fresh.is_file() and app.workspace.path == fresh
    conn = sqlite3.connect(fresh)
    labels = [key for (key,) in conn.execute("SELECT key FROM labels ORDER BY key")]
    conn.close()
    assert labels == sorted(label.key for label in default_scheme())
    assert app.window.documents.model.total() == 0
    assert "fresh.barchasb" in app.window.windowTitle()
    assert Settings().get("recent_projects")[0] == str(fresh)


def test_new_project_never_replaces_an_existing_file(qtbot, tmp_path, open_app):
    first = make_project(tmp_path / "first.barchasb", FIRST)
    other = make_project(tmp_path / "other.barchasb", SECOND)
    before = other.read_bytes()
    app = open_app(first)
    window = app.window
    ready(qtbot, window)
    seen: list[str] = []

    def refuse(box: QDialog) -> None:
        seen.append(shown_text(box))
        qtbot.mouseClick(button_with_text(box, "OK"), Qt.MouseButton.LeftButton)

    when_modal(qtbot, QFileDialog, lambda dialog: (type_path(qtbot, other)(dialog), when_modal(qtbot, QDialog, refuse)))
    press(qtbot, window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(seen))
    assert "already exists" in seen[0] and "other.barchasb" in seen[0]
    assert other.read_bytes() == before and app.window is window and app.workspace.path == first


def test_open_recent_lists_newest_first_shows_missing_disabled_and_clears(qtbot, tmp_path, open_app):
    from desktop.i18n import isolate

    first = make_project(tmp_path / "first.barchasb", FIRST)
    second = make_project(tmp_path / "second.barchasb", SECOND)
    gone = tmp_path / "gone.barchasb"
    Settings().set("recent_projects", [str(second), str(gone)])
    app = open_app(first)  # opening puts it first
    window = app.window
    ready(qtbot, window)
    choose_menu(qtbot, window, "File", "Open recent")
    menu = window.actions_by_id["open_recent"].menu()
    entries = [(a.text(), a.isEnabled()) for a in menu.actions() if not a.isSeparator()]
    assert entries == [
        (isolate("first.barchasb"), True),
        (isolate("second.barchasb"), True),
        (isolate("gone.barchasb") + " (not found)", False),
        ("Clear list", True),
    ]
    target = next(a for a in menu.actions() if a.text() == isolate("second.barchasb"))
    qtbot.mouseClick(
        menu, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, menu.actionGeometry(target).center()
    )
    qtbot.waitUntil(lambda: app.window is not window)
    assert app.workspace.path == second and app.window.view.text() == SECOND
    assert Settings().get("recent_projects") == [str(second), str(first), str(gone)]

    window = app.window
    ready(qtbot, window)
    choose_menu(qtbot, window, "File", "Open recent", "Clear list")
    assert Settings().get("recent_projects") == []
    qtbot.mouseMove(window.view.viewport())  # away, so the menu is hovered afresh
    choose_menu(qtbot, window, "File", "Open recent")
    menu = window.actions_by_id["open_recent"].menu()
    assert [(a.text(), a.isEnabled()) for a in menu.actions() if not a.isSeparator()] == [
        ("No recent projects", False),
        ("Clear list", False),
    ]
    menu.close()


@pytest.fixture
def started(qtbot):
    """Factory: an Application started as a bare `barchasb` would be; closed at teardown."""
    apps: list[Application] = []

    def start(language: str = "en", annotator: str = "") -> Application:
        settings = Settings()
        settings.set("language", language)
        if annotator:
            settings.set("annotator", annotator)
        application = Application(create_qt_app(settings), settings)
        apps.append(application)
        return application

    yield start
    for application in apps:
        if application.window is not None:
            application.window.close()
        if application.workspace is not None:
            application.workspace.close()
    from desktop import i18n

    i18n.set_language("en")
    create_qt_app(Settings())


def test_bare_start_reopens_the_last_project(qtbot, tmp_path, started):
    second = make_project(tmp_path / "second.barchasb", SECOND)
    Settings().remember_project(second)
    application = started(annotator="sara")
    assert application.start(None)
    qtbot.addWidget(application.window)
    assert application.workspace.path == second and application.window.view.text() == SECOND
    assert application.startup is None and not sample_project_path().exists()


def test_bare_start_says_why_when_the_last_project_is_gone(qtbot, tmp_path, started):
    Settings().remember_project(tmp_path / "gone.barchasb")
    application = started(annotator="sara")
    assert application.start(None)
    qtbot.waitUntil(lambda: application.window is not None, timeout=120_000)
    window = application.window
    assert application.workspace.path == sample_project_path()
    note = window.statusBar().currentMessage()
    assert str(tmp_path / "gone.barchasb") in note and "opened the sample project instead" in note


def test_first_run_shows_progress_at_once_explains_the_name_and_opens_the_sample(qtbot, isolated_home, started):
    from desktop.qt.dialogs import AnnotatorDialog
    from desktop.qt.startup import StartupWindow

    application = started(language="fa")
    seen: dict = {}

    def cancel_first(dialog: AnnotatorDialog) -> None:
        startup = next(w for w in QApplication.topLevelWidgets() if isinstance(w, StartupWindow))
        seen["progress"] = startup.isVisible() and startup.bar.isVisible()
        seen["status"] = startup.status.text()
        box = dialog.buttons
        seen["buttons"] = [box.button(box.StandardButton.Ok).text(), box.button(box.StandardButton.Cancel).text()]
        when_modal(qtbot, QMessageBox, explain)
        qtbot.mouseClick(button_with_text(dialog, "لغو"), Qt.MouseButton.LeftButton)

    def explain(box: QMessageBox) -> None:
        seen["why"] = box.text()
        when_modal(qtbot, AnnotatorDialog, answer)
        qtbot.mouseClick(button_with_text(box, "نوشتن نام"), Qt.MouseButton.LeftButton)

    def answer(dialog: AnnotatorDialog) -> None:
        qtbot.keyClicks(dialog.name_edit, "sara")
        qtbot.mouseClick(button_with_text(dialog, "تأیید"), Qt.MouseButton.LeftButton)

    when_modal(qtbot, AnnotatorDialog, cancel_first)
    assert application.start(None)
    # shown at once; by the time the dialog is up the build may already count its documents
    assert seen["progress"] and seen["status"].startswith("آماده کردن پروژهٔ نمونه")
    assert seen["buttons"] == ["تأیید", "لغو"]
    assert "نام شما را لازم دارد" in seen["why"]
    qtbot.waitUntil(lambda: application.window is not None, timeout=120_000)
    window = application.window
    assert window.isVisible() and window.documents.model.total() == 5
    assert not any(isinstance(w, StartupWindow) and w.isVisible() for w in QApplication.topLevelWidgets())
    assert "sara" in window.annotator_label.text()
    # Everything Barchasb keeps is under BARCHASB_HOME; nothing under the XDG config folder.
    home = isolated_home / "data"
    assert json.loads((home / "settings.json").read_text(encoding="utf-8"))["annotator"] == "sara"
    assert Settings().get("last_project") == str(home / "sample.barchasb")
    kept = {p.name.removesuffix("-wal").removesuffix("-shm") for p in home.iterdir()}  # open: WAL files
    assert kept <= {"settings.json", "sample.barchasb", "sample.barchasb.backups"}
    assert not (isolated_home / "config").exists()


def test_first_run_cancel_then_quit_says_a_name_is_needed_and_opens_nothing(qtbot, isolated_home):
    from desktop.core.errors import BarchasbError
    from desktop.qt.app import run
    from desktop.qt.dialogs import AnnotatorDialog

    def cancel(dialog: AnnotatorDialog) -> None:
        when_modal(
            qtbot, QMessageBox, lambda box: qtbot.mouseClick(button_with_text(box, "Quit"), Qt.MouseButton.LeftButton)
        )
        qtbot.mouseClick(button_with_text(dialog, "Cancel"), Qt.MouseButton.LeftButton)

    Settings().set("language", "en")
    when_modal(qtbot, AnnotatorDialog, cancel)
    with pytest.raises(BarchasbError, match="no annotator name was given"):
        run(None)
    assert not [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    # The sample finished quietly (ready next time), whole: no half-built leftovers.
    assert sorted(p.name for p in (isolated_home / "data").iterdir()) == ["sample.barchasb", "settings.json"]
    assert Settings().get("annotator") == ""
