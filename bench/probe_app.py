"""Launch the window the way a user does and report when it is usable.

    python bench/probe_app.py gui [PROJECT] [--annotator NAME]   exactly `python -m desktop gui ...`
    python bench/probe_app.py --bare-window                       baseline: a bare Qt window
    python bench/probe_app.py --bare-list PROJECT                 baseline: bare Qt + sqlite3 list

"Usable" is the first paint of both the document view and the document list.
The probe then prints one JSON line (times are `time.time()`, so the launcher
subtracts its own clock reading) and quits. For `gui` it changes nothing in
the application: an import hook wraps `Application._show_window` to watch the
paints, so the imports and start-up path are exactly the product's.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import json
import os
import runpy
import sys
import time

STARTED = time.time()
MARKS: dict[str, float] = {"started": STARTED}


def _rss() -> dict[str, float]:
    values = {}
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(("VmRSS:", "VmHWM:")):
                values[line[:5]] = round(int(line.split()[1]) / 1024, 1)
    return {"rss_mb": values.get("VmRSS", 0.0), "peak_rss_mb": values.get("VmHWM", 0.0)}


def _report(extra: dict | None = None) -> None:
    from PySide6.QtWidgets import QApplication

    MARKS["painted"] = time.time()
    print(json.dumps({"marks": MARKS, **_rss(), **(extra or {})}), flush=True)
    QApplication.instance().quit()


def _watch_paints(widgets, extra=None) -> object:
    """Report once every widget in `widgets` has painted (returns the filter: keep it)."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class PaintWatch(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.waiting = set(map(id, widgets))
            for widget in widgets:
                widget.installEventFilter(self)

        def eventFilter(self, watched, event):  # noqa: N802 (Qt override)
            if event.type() == QEvent.Type.Paint and id(watched) in self.waiting:
                self.waiting.discard(id(watched))
                if not self.waiting:
                    QTimer.singleShot(0, lambda: _report(extra() if extra else None))
            return False

    return PaintWatch()


# --- the real application ---------------------------------------------------------------------


class _AppHook(importlib.abc.MetaPathFinder):
    """Wraps desktop.qt.app's Application once the module is loaded."""

    def find_spec(self, name, path, target=None):
        if name != "desktop.qt.app":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        load = spec.loader.exec_module

        def exec_module(module):
            MARKS["importing_app"] = time.time()
            load(module)
            MARKS["app_imported"] = time.time()
            _wrap(module.Application)

        spec.loader.exec_module = exec_module
        return spec


def _wrap(application) -> None:
    opening = application.open
    showing = application._show_window

    def open_(self, *args, **kwargs):
        MARKS.setdefault("open", time.time())
        return opening(self, *args, **kwargs)

    def show(self, *args, **kwargs):
        result = showing(self, *args, **kwargs)
        MARKS["shown"] = time.time()
        window = self.window
        self._bench_watch = _watch_paints(
            [window.view.viewport(), window.documents.table.viewport()],
            lambda: {"documents": window.documents.model.rowCount()},
        )
        return result

    application.open = open_
    application._show_window = show


def run_app(args: list[str]) -> int:
    sys.meta_path.insert(0, _AppHook())
    sys.argv = ["desktop", *args]
    try:
        runpy.run_module("desktop", run_name="__main__", alter_sys=True)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


# --- baselines: the least any Qt program does to show the same ----------------------------------


def bare_window(project: str | None) -> int:
    import sqlite3
    from pathlib import Path

    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
    from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow, QPlainTextEdit, QTableView

    app = QApplication(sys.argv[:1])
    names: list[str] = []
    if project:
        conn = sqlite3.connect(project)
        names = [name for _, name in conn.execute("SELECT id, name FROM documents ORDER BY id")]
        text = conn.execute("SELECT text FROM documents ORDER BY id LIMIT 1").fetchone()[0]
        conn.close()
    else:
        seeds = Path(__file__).resolve().parent.parent / "seeds"
        text = sorted(seeds.glob("*.txt"))[0].read_text(encoding="utf-8")
        names = [p.name for p in sorted(seeds.glob("*.txt"))]

    class Names(QAbstractTableModel):
        def rowCount(self, parent=QModelIndex()):  # noqa: N802
            return 0 if parent.isValid() else len(names)

        def columnCount(self, parent=QModelIndex()):  # noqa: N802
            return 1

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            return names[index.row()] if role == Qt.ItemDataRole.DisplayRole else None

    window = QMainWindow()
    editor = QPlainTextEdit(window)
    editor.setReadOnly(True)
    editor.setPlainText(text)
    window.setCentralWidget(editor)
    table = QTableView()
    model = Names(table)
    table.setModel(model)
    dock = QDockWidget("Documents", window)
    dock.setWidget(table)
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
    window.resize(1280, 800)
    window.show()
    watch = _watch_paints(  # noqa: F841 (kept alive)
        [editor.viewport(), table.viewport()],
        lambda: {"documents": model.rowCount()},
    )
    return app.exec()


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    argv = sys.argv[1:]
    if argv[:1] == ["--bare-window"]:
        sys.exit(bare_window(None))
    if argv[:1] == ["--bare-list"]:
        sys.exit(bare_window(argv[1]))
    sys.exit(run_app(argv))
