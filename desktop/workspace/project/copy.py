"""Copying a whole project into a new, empty one, on either backend: `barchasb copy`.

Everything goes, table by table (storage/tables.py), with its ids: documents
with their raw text and offset maps, the scheme, every layer's spans and
statuses, review decisions, suggestions, models, gazetteers, relations,
attributes, entities, assignments, settings and the history, whose rows
still name the same documents and spans. The source is read from one
snapshot, so a copy taken while others work is of one moment; the target is
filled in one transaction, and a new file is built under a temporary name,
so a failure leaves no half project. The target must hold nothing yet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from desktop.core.errors import InputError, ProjectError
from desktop.storage.contract import ProjectStore
from desktop.storage.copy_inside import copy_inside
from desktop.storage.locate import open_store
from desktop.storage.new_project import Location, file_exists, new_store, same_location
from desktop.storage.tables import TABLES, Row

if TYPE_CHECKING:
    from desktop.workspace.session import Workspace

# (rows copied so far, rows in all, the table being copied)
Progress = Callable[[int, int, str], None]
PROGRESS_EVERY = 20_000  # rows between two progress calls


@dataclass
class CopyReport:
    """What a copy moved: rows per table (all tables, in copy order)."""

    source: str
    target: str
    rows: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"source": self.source, "target": self.target, "rows": dict(self.rows)}


def copy_to(workspace: Workspace, location: Location, progress: Progress | None = None) -> CopyReport:
    """Copy the workspace's project to `location` (a file path or a server URL): a new
    project made there, or an empty one already there; anything else is refused."""
    if same_location(workspace.path, location):
        raise InputError("copy.into_itself", project=str(location))
    if file_exists(location):
        store = open_store(location)  # not a project, or not empty: refused below
        try:
            return copy_project(workspace, store, str(location), progress)
        finally:
            store.close()
    with new_store(location) as store:
        return copy_project(workspace, store, str(location), progress)


def copy_project(workspace: Workspace, target: ProjectStore, name: str, progress: Progress | None = None) -> CopyReport:
    """Copy every table of the workspace's project into `target` (named `name` in
    messages), ids kept, in one transaction of the target."""
    refuse_non_empty(target, name)
    report = CopyReport(str(workspace.path), name)
    source = workspace.repo
    with source.dump() as dump:
        counts = {t.name: dump.count(t.name) for t in TABLES}
        counter = _Counter(progress, sum(counts.values()))
        inside = copy_inside(source, target, counter.add, dump.sequences())  # file to file: inside SQLite
        if inside is not None:
            report.rows.update(inside)
        else:
            with target.action("system"):
                for t in TABLES:
                    report.rows[t.name] = target.load_rows(t.name, counter.through(t.name, dump.rows(t.name)))
                target.set_sequences(dump.sequences())
        counter.finish()
    return report


def refuse_non_empty(target: ProjectStore, name: str) -> None:
    """A copy goes only where there is nothing yet: say what is there otherwise."""
    with target.dump() as dump:
        held = {t.name: n for t in TABLES if (n := dump.count(t.name))}
    if held:
        what = ", ".join(f"{n} {table}" for table, n in list(held.items())[:4])
        raise ProjectError(
            f"{name}: already holds a project ({what}); copy makes a new one: "
            "name a file that does not exist yet, or an empty database"
        )


class _Counter:
    """Counts rows as they pass and tells `progress` every PROGRESS_EVERY of them."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress, self.total, self.done = progress, total, 0

    def through(self, table: str, rows: Iterable[Row]) -> Iterator[Row]:
        for row in rows:
            self.done += 1
            if self.progress is not None and self.done % PROGRESS_EVERY == 0:
                self.progress(self.done, self.total, table)
            yield row

    def add(self, count: int, table: str) -> None:
        """`count` rows passed at once: every PROGRESS_EVERY among them is told."""
        before, self.done = self.done, self.done + count
        if self.progress is not None:
            for mark in range((before // PROGRESS_EVERY + 1) * PROGRESS_EVERY, self.done + 1, PROGRESS_EVERY):
                self.progress(mark, self.total, table)

    def finish(self) -> None:
        if self.progress is not None:
            self.progress(self.done, self.total, "")
