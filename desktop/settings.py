"""Per-user settings: one schema of defaults, a JSON file, atomic writes.

Lives outside Qt so the CLI and tests share it; unknown keys are refused so a
typo never silently becomes a new setting.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

DEFAULTS: dict[str, Any] = {
    "annotator": "",          # asked on first start
    "language": "fa",         # fa or en: Persian lays the window out right to left
    "theme": "light",         # light or dark
    "zoom": 0,                # steps from the base font size
    "snap_to_tokens": True,   # selections snap to whole tokens (Alt+hotkey for exact characters)
    "propagate": True,        # a new label suggests the same string elsewhere
    "last_project": "",
    "window_geometry": "",    # base64 of QWidget.saveGeometry()
    "window_state": "",
}

_CHOICES = {"language": ("fa", "en"), "theme": ("light", "dark")}


def config_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "barchasb"


class Settings:
    """Typed access to the settings file; every `set` is written at once."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or config_dir() / "settings.json"
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

    def _save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=self.path.parent, prefix=".settings-")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(self._values, f, ensure_ascii=False, indent=1)
        os.replace(temp, self.path)
