"""The sample project (the seed documents, imported on first run) and which
project a bare `barchasb` opens."""

from __future__ import annotations

import os
from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class StartProject:
    """What a bare `barchasb` opens, and why."""

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
