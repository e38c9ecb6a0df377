"""Fixtures of the reliability suite."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def make_project(tmp_path):
    """A factory of closed project files (the default label scheme, no documents)."""
    from desktop.workspace import Workspace

    def make(name: str = "project.barchasb", folder: Path | None = None) -> Path:
        path = (folder or tmp_path) / name
        Workspace.create(path).close()
        return path

    return make
