"""The sample project: the seed documents, imported on first run (which project a
bare `barchasb` opens is `desktop.paths.start_project`: light, asked before any window)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from desktop.paths import sample_project_path
from desktop.resources import seeds_dir
from desktop.storage.staging import staging_file
from desktop.workspace.session import Workspace

if TYPE_CHECKING:  # the import machinery is loaded only to build the sample, not to open it
    from desktop.workspace.imports.plain import Progress


def ensure_sample_project(path: str | Path | None = None, progress: Progress | None = None) -> Path:
    """Build the sample project from seeds/ unless it exists; returns its path.

    It is built beside its final place and renamed in, so an interrupted
    first run never leaves half a sample project behind. `progress` hears
    of each seed document as it is prepared.
    """
    from desktop.workspace.imports.plain import import_files

    path = Path(path) if path else sample_project_path()
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    with staging_file(path) as temp:
        workspace = Workspace.create(temp)
        try:
            import_files(workspace, "system", [seeds_dir()], progress=progress)
            workspace.repo.checkpoint()
        finally:
            workspace.close()
    return path
