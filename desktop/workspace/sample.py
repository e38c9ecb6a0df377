"""The sample project: the seed documents, imported on first run."""

from __future__ import annotations

from pathlib import Path

from desktop.paths import sample_project_path
from desktop.resources import seeds_dir
from desktop.storage.staging import staging_file
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
    with staging_file(path) as temp:
        workspace = Workspace.create(temp)
        try:
            import_files(workspace.repo, "system", [seeds_dir()])
            workspace.repo.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            workspace.close()
    return path
