"""Use cases over the core and storage, shared by the window and the CLI.

The workspace itself sits at the top: `session.Workspace` (one open project,
one annotator; spans, statuses, undo), `reads` (what a client may read of it)
and `changes.Changes` (what a mutation changed). Each family of use cases is a
subpackage:

    imports/      plain text (`plain`), annotated files (`annotated`, written by `store`),
                  `everything`: the window's Import
    export/       `project.export_project`: training data in six formats
    merge/        other project files merged into this one
    review/       layers reviewed into the gold layer
    agreement/    inter-annotator agreement between layers
    suggestions/  suggesters run, their suggestions decided on, models trained, gazetteers
    project/      the label scheme, search, statistics, the sample project

One use-case shape: a use case is given the `Workspace` it works in, as a
function's first argument (`export_project(workspace, options, out)`) or,
for a family that keeps state between calls, as the one argument of a class
built on it (`Review(workspace)`, `Scheme(workspace)`, `Suggestions(workspace)`,
`Gazetteers(workspace)`). Mutations return `Changes`. A worker thread never
shares the window's connection: it opens a workspace of its own
(`with Workspace.open(path) as workspace:`), or asks a use case that reads
to read through a snapshot of the file (`export_project`; agreement's
`snapshot=True`). Helpers inside a family may take the storage
(desktop/storage/contract.py) the workspace holds; clients never do.
Report values carry numbers and names, never sentences: the terminal words
them in desktop/commands, the window translates them in desktop/qt.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop.workspace.changes import Changes
    from desktop.workspace.session import Workspace

__all__ = ["Changes", "Workspace"]
_WHERE = {"Changes": "desktop.workspace.changes", "Workspace": "desktop.workspace.session"}


def __getattr__(name: str) -> Any:
    """`Changes` and `Workspace` are imported when first asked for: a process that runs one use
    case's module (agreement's worker) loads no session, undo stack or scheme."""
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_WHERE[name]), name)
    globals()[name] = value
    return value
