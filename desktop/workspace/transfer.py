"""Importing files of any supported format, as the window's Import action does."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

from desktop.storage.repository import Repository
from desktop.workspace.importing import import_files
from desktop.workspace.transfer_import import ImportOptions, import_paths, split_paths
from desktop.workspace.transfer_text import import_lines


def import_everything(project: Path, actor: str, paths: Iterable[str | Path],
                      progress: Callable[[int, int, str], object] | None = None
                      ) -> tuple[list[str], list[str]]:
    """Import plain and annotated files through a connection of its own (safe in a
    worker thread); returns the report lines and the problem lines."""
    repo = Repository.open(project)
    try:
        plain, annotated = split_paths(list(paths), "auto")
        report = import_files(repo, actor, plain, progress=progress)
        results = import_paths(repo, actor, annotated, ImportOptions("auto"), progress)
    finally:
        repo.close()
    return import_lines(report, results, quiet=True)
