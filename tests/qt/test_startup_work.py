"""Opening a window does only what its first paint needs: a dock tabbed behind another is
built when first seen, and suggesters, plain-text import, the agreement and export read
models and the entities panel are not even imported until used (docs/performance.md, start-up)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest
from PySide6.QtCore import Qt

from journey import press

pytestmark = pytest.mark.gui

LATER = (
    "desktop.suggest.suggesters",
    "desktop.workspace.suggestions.run",
    "desktop.workspace.imports.plain",
    "desktop.storage.agreement_input",
    "desktop.storage.export_source",
    "desktop.suggest.hf_model",  # a local Hugging Face model, and torch with it: only when run
    "desktop.workspace.suggestions.model_run",
    "torch",
    "transformers",
    "sqlite_utils",  # opening and reading a project is plain sqlite3 (storage/plain_db.py)
    "click",
    "dateutil",
    "desktop.storage.backup",  # the automatic backup's check: once the window is painted
    "desktop.text.values",  # read and shown only for a value attribute
    "desktop.suggest.rules",  # its label mapping only when a label is renamed
    "desktop.qt.model_suggest",  # dialogs: when their action is triggered
    "desktop.qt.suggestion_sources",
)


def test_the_entities_dock_is_built_when_first_shown(documents_project, open_window, qtbot):
    window = open_window(documents_project("علی جهانگیری به باکو رفت."))
    assert not window.entities_dock.built  # tabbed behind the relations: nothing read for it yet
    press(qtbot, window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: window.entities_dock.built and window.entity_panel.query.hasFocus())
    assert window.entities_dock.widget() is window.entity_panel
    assert window.entity_panel.about.text() == "No entities yet: choose a span and press Shift+K to make one"


def test_opening_a_window_imports_no_suggester_and_no_importer(documents_project, tmp_path):
    path = documents_project("علی جهانگیری به باکو رفت.")
    script = textwrap.dedent(
        f"""
        import sys
        from desktop.qt.app import Application, create_qt_app
        from desktop.settings import Settings

        settings = Settings()
        application = Application(create_qt_app(settings), settings)
        assert application.open({str(path)!r}, annotator="sara")
        print(sorted(name for name in {LATER!r} + ("desktop.qt.entity_panel",) if name in sys.modules))
        application.window.close()
        application.workspace.close()
        """
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BARCHASB_HOME=str(tmp_path / "home"))
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[]"


def _run_script(script: str, home) -> str:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BARCHASB_HOME=str(home))
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()[-1]


def test_barchasb_gui_loads_no_other_command_and_no_format_reader(documents_project, tmp_path):
    path = documents_project("علی جهانگیری به باکو رفت.")
    watched = (
        "desktop.commands.transfer",
        "desktop.commands.review",
        "desktop.formats.records",
        "desktop.formats.detect",
    )
    script = textwrap.dedent(
        f"""
        import sys
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        app = QApplication(sys.argv[:1])

        def report():
            print(sorted(name for name in {watched!r} if name in sys.modules), flush=True)
            app.quit()

        QTimer.singleShot(0, report)  # once the window is up and the event loop runs
        from desktop.cli import main
        main(["gui", {str(path)!r}, "--annotator", "sara"])
        """
    )
    assert _run_script(script, tmp_path / "home") == "[]"


def test_the_first_run_window_shows_before_the_workspace_loads(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "settings.json").write_text('{"annotator": "sara"}')  # no sample project yet: a first run
    script = textwrap.dedent(
        """
        import os, sys
        from desktop.qt import startup

        def show(self):
            loaded = ("desktop.workspace", "desktop.storage.db")
            print(sorted(name for name in loaded if name in sys.modules), flush=True)
            os._exit(0)  # nothing is built or written yet

        startup.StartupWindow.show = show
        from desktop.cli import main
        main(["gui"])
        """
    )
    assert _run_script(script, home) == "[]"


def test_garbage_collection_waits_for_the_window_and_then_runs(documents_project, tmp_path):
    """`barchasb gui` starts with collection off (start-up makes next to no garbage) and turns it
    back on once the window is up, with what start-up made frozen."""
    path = documents_project("علی جهانگیری به باکو رفت.")
    script = textwrap.dedent(
        f"""
        import gc, sys
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        app = QApplication(sys.argv[:1])
        seen = []
        import desktop.qt.app as window_app

        opening = window_app.Application.open

        def open_(self, *args, **kwargs):
            seen.append(gc.isenabled())  # while the window is made
            return opening(self, *args, **kwargs)

        window_app.Application.open = open_

        def report():
            print(seen, gc.isenabled(), gc.get_freeze_count() > 10000, flush=True)
            app.quit()

        QTimer.singleShot(50, report)
        from desktop.cli import main
        main(["gui", {str(path)!r}, "--annotator", "sara"])
        print(gc.isenabled(), flush=True)
        """
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BARCHASB_HOME=str(tmp_path / "home"))
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-2:] == ["[False] True True", "True"]
