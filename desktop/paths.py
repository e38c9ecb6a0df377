"""Per-user places: where settings, data and the sample project live.

One rule: $BARCHASB_HOME, when set, holds everything Barchasb keeps for a user
(settings.json with the recent projects, sample.barchasb and its backups), so
one variable isolates a test run, a demo or a second profile. Without it the
XDG folders are used: settings in $XDG_CONFIG_HOME/barchasb (~/.config/barchasb),
data in $XDG_DATA_HOME/barchasb (~/.local/share/barchasb), what can be rebuilt (hazm's
tables) in $XDG_CACHE_HOME/barchasb (~/.cache/barchasb). A project's own
backups always sit beside it, in PROJECT.backups/.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from pathlib import Path


def _home() -> Path | None:
    explicit = os.environ.get("BARCHASB_HOME")
    return Path(explicit) if explicit else None


def data_dir() -> Path:
    """$BARCHASB_HOME, else $XDG_DATA_HOME/barchasb, else ~/.local/share/barchasb."""
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return _home() or Path(base) / "barchasb"


def config_dir() -> Path:
    """$BARCHASB_HOME, else $XDG_CONFIG_HOME/barchasb, else ~/.config/barchasb."""
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return _home() or Path(base) / "barchasb"


def cache_dir() -> Path:
    """$BARCHASB_HOME/cache, else $XDG_CACHE_HOME/barchasb, else ~/.cache/barchasb: what can be rebuilt."""
    explicit = _home()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return explicit / "cache" if explicit else Path(base) / "barchasb"


def settings_path() -> Path:
    return config_dir() / "settings.json"


def sample_project_path() -> Path:
    return data_dir() / "sample.barchasb"


def default_actor() -> str:
    """Who a headless command acts as, when no annotator is named."""
    try:
        return os.environ.get("BARCHASB_ANNOTATOR") or getpass.getuser() or "cli"
    except (KeyError, OSError):
        return "cli"


@dataclass(frozen=True, slots=True)
class StartProject:
    """What a bare `barchasb` opens, and why (here, not in the workspace: asked before any
    window shows, it must load nothing heavy)."""

    path: Path
    missing_last: Path | None = None  # the last project, no longer where it was

    @property
    def needs_building(self) -> bool:
        return not self.path.exists()


def start_project(last_project: str) -> StartProject:
    """The last project opened if it is still there, else the sample project."""
    sample = sample_project_path()
    if last_project and os.path.isfile(last_project):
        return StartProject(Path(last_project))
    if last_project and Path(last_project) != sample:
        return StartProject(sample, missing_last=Path(last_project))
    return StartProject(sample)
