"""Per-user settings: one schema of defaults, a JSON file, atomic writes.

Lives outside Qt so the CLI and tests share it; unknown keys are refused so a
typo never silently becomes a new setting. Where the file lives: desktop/paths.py.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from desktop.paths import settings_path

DEFAULTS: dict[str, Any] = {
    "annotator": "",  # asked on first start
    "language": "fa",  # fa or en: Persian lays the window out right to left
    "theme": "light",  # light or dark
    "zoom": 0,  # steps from the base font size
    "snap_to_tokens": True,  # selections snap to whole tokens (Alt+hotkey for exact characters)
    "propagate": True,  # a new label suggests the same string elsewhere
    "last_project": "",  # reopened by a bare `barchasb`
    "recent_projects": [],  # File → Open recent: absolute paths, newest first
    "window_geometry": "",  # base64 of QWidget.saveGeometry()
    "window_state": "",
    "connections": {},  # saved server projects, NAME to URL (never a password): desktop/connections.py
}

_CHOICES = {"language": ("fa", "en"), "theme": ("light", "dark")}
RECENT_LIMIT = 8


class Settings:
    """Typed access to the settings file; every `set` is written at once."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or settings_path()
        self._values = dict(DEFAULTS)
        self._values.update(self._load())

    def _load(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # missing or damaged: defaults (the file is rewritten on the next set)
        if not isinstance(data, dict):
            return {}
        return {k: v for k, v in data.items() if k in DEFAULTS and self._valid(k, v)}

    @staticmethod
    def _valid(key: str, value: Any) -> bool:
        if not isinstance(value, type(DEFAULTS[key])):
            return False
        if isinstance(value, list) and not all(isinstance(item, str) and item for item in value):
            return False
        if isinstance(value, dict) and not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            return False
        return key not in _CHOICES or value in _CHOICES[key]

    def get(self, key: str) -> Any:
        if key not in DEFAULTS:
            raise KeyError(f"unknown setting {key!r}")
        return self._values[key]

    def set(self, key: str, value: Any) -> None:
        if key not in DEFAULTS:
            raise KeyError(f"unknown setting {key!r}")
        if not self._valid(key, value):
            raise ValueError(f"setting {key!r} cannot be {value!r}")
        self._values[key] = value
        self._save()

    def remember_project(self, project: str | Path) -> None:
        """`project` was opened: it is the last project and heads the recent list.
        The list is re-read first, so two windows open at once both add theirs."""
        server = isinstance(project, str) and project.lower().startswith(("postgresql://", "postgres://"))
        path = str(project) if server else os.path.abspath(project)  # a server's URL (never with a password)
        stored = self._load().get("recent_projects", self._values["recent_projects"])
        recent = [path] + [p for p in stored if p != path]
        self._values["last_project"] = path
        self._values["recent_projects"] = recent[:RECENT_LIMIT]
        self._save()

    def _save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=self.path.parent, prefix=".settings-")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(self._values, f, ensure_ascii=False, indent=1)
        os.replace(temp, self.path)
