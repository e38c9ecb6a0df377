"""A window's own writes through another connection, told apart from other people's commits.

An import or a merge runs in a worker thread on a workspace of its own (desktop/qt/file_commands.py),
so its commits move the window's change token as another window's would. The window must not take
them for news, nor take for its own a commit someone else made in the same moment: that one would go
unshown until the next change.

A file tells them apart by the journal mark (the last history row and the ids handed out): each of
the worker's actions notes the mark it found and left inside its write lock, where no other
connection can commit (`RepositoryBase.follow_own_marks`). The window read the mark before the
writes began (`seen`); the writes were all there was if their unbroken run of marks starts there and
the journal is still where it ends. A server project has no marks: its window takes the worker's
commits as news (one more refresh), never another's for its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from desktop.storage.base import JournalMark
from desktop.storage.search_index import follow_own_marks, take_own_run
from desktop.workspace.session import Workspace

__all__ = ["JournalMark", "OwnWrites", "only_own_writes", "writing_apart"]


@dataclass(frozen=True, slots=True)
class OwnWrites:
    """What a worker's writes left, for the window to acknowledge them and nothing else."""

    run: tuple[JournalMark, JournalMark] | None = None  # first and last mark of an unbroken run (a file)


def writing_apart[T](window: Workspace, use_case: Callable[[Workspace], T]) -> tuple[T, OwnWrites]:
    """Run `use_case` on a workspace of its own on `window`'s project (a worker thread never shares
    the window's connection); its result, and what its writes left."""
    with window.open_again() as workspace:
        follow_own_marks(workspace.repo, True)
        result = use_case(workspace)
        return result, OwnWrites(take_own_run(workspace.repo))


def only_own_writes(workspace: Workspace, seen: JournalMark, writes: OwnWrites) -> bool:
    """Whether the journal moved from `seen` (read before the writes began) only by `writes`
    (False on a server: it has no marks)."""
    return writes.run is not None and seen != () and writes.run == (seen, workspace.journal_mark())
