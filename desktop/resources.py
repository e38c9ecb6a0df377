"""Where bundled resources (fonts, schemes, seeds) live.

Resources sit beside the package in a source checkout, which is how the tool
is installed (`pip install -e .`).
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def resource_path(*parts: str) -> Path:
    return ROOT.joinpath("resources", *parts)


def seeds_dir() -> Path:
    return ROOT / "seeds"
