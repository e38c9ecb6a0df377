"""Per-user places: the data folder and the bundled sample project."""

from __future__ import annotations

import getpass
import os
from pathlib import Path


def data_dir() -> Path:
    """$BARCHASB_HOME, else $XDG_DATA_HOME/barchasb, else ~/.local/share/barchasb."""
    explicit = os.environ.get("BARCHASB_HOME")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "barchasb"


def sample_project_path() -> Path:
    return data_dir() / "sample.barchasb"


def default_actor() -> str:
    """Who a headless command acts as, when no annotator is named."""
    try:
        return os.environ.get("BARCHASB_ANNOTATOR") or getpass.getuser() or "cli"
    except (KeyError, OSError):
        return "cli"
