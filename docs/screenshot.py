"""Make docs/screenshot.png: the real window on a sample document with some labels.

Run under a display (e.g. `xvfb-run -s "-screen 0 1400x900x24" .venv/bin/python
docs/screenshot.py`) or offscreen. Uses a throwaway project and settings.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LABELS = [  # (text in sample document 000, label)
    ("معاون هماهنگی امور اقتصادی استاندار آذربایجان شرقی", "title"),
    ("آذربایجان شرقی", "place"),
    ("باکو", "place"),
    ("علی جهانگیری", "official"),
    ("جمهوری اسلامی ایران", "place"),
    ("سه روزه", "date"),
    ("وزیر صمت", "title"),
]


def build_project(folder: Path) -> Path:
    from desktop.workspace import Workspace
    from desktop.workspace.importing import import_files
    from desktop.workspace.suggestions import Suggestions

    path = folder / "sample.barchasb"
    workspace = Workspace.create(path)
    workspace.set_annotator("سارا")
    import_files(workspace.repo, "سارا", [ROOT / "seeds"])
    text = workspace.repo.document_text(1)
    for phrase, label in LABELS:
        start = text.find(phrase)
        if start >= 0:
            workspace.add_span(1, start, start + len(phrase), label)
    Suggestions(workspace).run_suggesters([1])  # rules and gazetteers: pale, dashed
    workspace.close()
    return path


def main(out: str, language: str = "fa", theme: str = "light") -> None:
    folder = Path(tempfile.mkdtemp())
    os.environ["XDG_CONFIG_HOME"] = str(folder / "config")
    os.environ["BARCHASB_HOME"] = str(folder / "data")
    from PySide6.QtCore import QTimer

    from desktop.qt.app import Application, create_qt_app
    from desktop.settings import Settings

    settings = Settings()
    settings.set("language", language)
    settings.set("theme", theme)
    app = create_qt_app(settings)
    application = Application(app, settings)
    application.open(build_project(folder), annotator="سارا")
    window = application.window
    window.resize(1360, 860)
    window.editor.select_span(next(iter(window.editor.spans)))

    def shoot() -> None:
        window.grab().save(out)
        print(f"wrote {out}")
        app.quit()

    QTimer.singleShot(800, shoot)
    app.exec()


if __name__ == "__main__":
    main(*(sys.argv[1:] or [str(ROOT / "docs" / "screenshot.png")]))
