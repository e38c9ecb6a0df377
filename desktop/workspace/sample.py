"""The sample project: the seed documents, imported on first run."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from desktop.paths import sample_project_path
from desktop.resources import seeds_dir
from desktop.workspace.importing import import_files
from desktop.workspace.session import Workspace


def ensure_sample_project(path: Path | None = None) -> Path:
    """Build the sample project from seeds/ unless it exists; returns its path.

    It is built beside its final place and renamed in, so an interrupted
    first run never leaves half a sample project behind.
    """
    path = path or sample_project_path()
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=".sample-", suffix=".barchasb", dir=path.parent)
    os.close(fd)
    os.unlink(temp)
    try:
        workspace = Workspace.create(temp)
        import_files(workspace.repo, "system", [seeds_dir()])
        workspace.repo.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        workspace.close()
        os.replace(temp, path)
    finally:
        for leftover in (temp, temp + "-wal", temp + "-shm"):
            if os.path.exists(leftover):
                os.unlink(leftover)
    return path
