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
COUNTS: dict[str, int] = {}


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
    cpu = round(time.process_time(), 3)  # the process's CPU until now: a load-insensitive cost
    print(json.dumps({"marks": MARKS, "cpu_s": cpu, **COUNTS, **_rss(), **(extra or {})}), flush=True)
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
    """Wraps desktop.qt.app's Application (and the first run's StartupWindow) once loaded."""

    def __init__(self) -> None:
        self.waiting = {"desktop.qt.app": "app", "desktop.qt.startup": "startup"}

    def find_spec(self, name, path, target=None):
        if name not in self.waiting:
            return None
        what = self.waiting.pop(name)
        if not self.waiting:
            sys.meta_path.remove(self)
        spec = self._real_spec(name)
        load = spec.loader.exec_module

        def exec_module(module):
            MARKS[f"importing_{what}"] = time.time()
            load(module)
            MARKS[f"{what}_imported"] = time.time()
            if what == "app":
                _wrap(module.Application)
            else:
                _wrap_startup(module.StartupWindow)

        spec.loader.exec_module = exec_module
        return spec

    def _real_spec(self, name):
        """The spec the other finders give (this one steps aside while they are asked)."""
        mine = self in sys.meta_path
        if mine:
            sys.meta_path.remove(self)
        try:
            return importlib.util.find_spec(name)
        finally:
            if mine:
                sys.meta_path.insert(0, self)


def _wrap_startup(window_class) -> None:
    """Mark the first paint of the first run's progress window."""
    showing = window_class.show

    def show(self):
        showing(self)
        MARKS.setdefault("startup_shown", time.time())
        COUNTS.setdefault("startup_modules", len(sys.modules))  # loaded before the progress window shows
        from PySide6.QtCore import QEvent, QObject

        class FirstPaint(QObject):
            def eventFilter(self, watched, event):  # noqa: N802 (Qt override)
                if event.type() == QEvent.Type.Paint:
                    MARKS.setdefault("startup_painted", time.time())
                return False

        self._bench_paint = FirstPaint()
        self.installEventFilter(self._bench_paint)

    window_class.show = show


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
