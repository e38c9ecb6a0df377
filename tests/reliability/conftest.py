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


@pytest.fixture(scope="session")
def zygote():
    """One forking parent for every crash module: starting it (imports, Qt-free) takes ~3 s."""
    from reliability.test_crash import Zygote

    z = Zygote()
    yield z
    z.close()
