"""Gazetteer use cases: the lists the window edits, each mapped to a label.

A project gets the lists shipped in `resources/gazetteers/` on first use
(new and old projects alike), those whose label the project has; after
that the project's copies are the lists, edited here, and deleting one
does not bring it back. Every edit is one undoable step returning
`Changes` with `gazetteers_changed`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.errors import ConflictError, InputError, NotFound
from desktop.core.reasons import plain
from desktop.core.suggestion import Gazetteer
from desktop.core.undo import EditGazetteer, Op, SaveGazetteer
from desktop.storage.contract import ProjectStore
from desktop.suggest.gazetteers import clean_entry, read_gazetteer, shipped_gazetteers, write_gazetteer
from desktop.workspace.changes import Changes

if TYPE_CHECKING:
    from desktop.workspace.session import Workspace

SEEDED_SETTING = "suggest.gazetteers_seeded"


@dataclass(frozen=True, slots=True)
class GazetteerInfo:
    name: str
    label: str
    description: str
    size: int


def ensure_gazetteers(repo: ProjectStore) -> list[str]:
    """Copy the shipped lists into the project once; returns the names added."""
    if repo.setting(SEEDED_SETTING):
        return []
    added = []
    with repo.action("system"):
        for gazetteer, entries in shipped_gazetteers():
            if repo.has_label(gazetteer.label) and not repo.has_gazetteer(gazetteer.name):
                repo.save_gazetteer(gazetteer)
                repo.add_gazetteer_entries(gazetteer.name, entries)
                added.append(gazetteer.name)
        repo.set_setting(SEEDED_SETTING, True)
    return added


def seed_gazetteers(workspace: Workspace) -> list[str]:
    """`ensure_gazetteers` for an open workspace (the window, on first use of the lists)."""
    return ensure_gazetteers(workspace.repo)


class Gazetteers:
    """The project's gazetteers, edited as the workspace's annotator."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.repo = workspace.repo
        ensure_gazetteers(self.repo)

    def gazetteers(self) -> list[GazetteerInfo]:
        sizes = self.repo.gazetteer_sizes()
        return [GazetteerInfo(g.name, g.label, g.description, sizes.get(g.name, 0)) for g in self.repo.gazetteers()]

    def entries(self, name: str) -> list[str]:
        self.repo.gazetteer(name)
        return self.repo.gazetteer_entries(name)

    def add_entries(self, name: str, entries: Iterable[str]) -> Changes:
        have = set(self.entries(name))
        new = [e for e in dict.fromkeys(map(clean_entry, entries)) if e and e not in have]
        return self._step(f"Add to {name}", [EditGazetteer(name, added=tuple(new))] if new else [])

    def remove_entries(self, name: str, entries: Iterable[str]) -> Changes:
        have = set(self.entries(name))
        gone = [e for e in dict.fromkeys(map(clean_entry, entries)) if e in have]
        return self._step(f"Remove from {name}", [EditGazetteer(name, removed=tuple(gone))] if gone else [])

    def create(self, name: str, label: str, description: str = "", entries: Iterable[str] = ()) -> Changes:
        if self.repo.has_gazetteer(name):
            raise ConflictError(f"there is a gazetteer {name!r} already")
        gazetteer = self._valid(name, label, description)
        new = tuple(e for e in dict.fromkeys(map(clean_entry, entries)) if e)
        ops: list[Op] = [SaveGazetteer(None, gazetteer)]
        return self._step(f"New gazetteer {name}", ops + ([EditGazetteer(name, new)] if new else []))

    def update(self, name: str, *, label: str | None = None, description: str | None = None) -> Changes:
        """Map a list to another label, or describe it anew."""
        before = self.repo.gazetteer(name)
        after = self._valid(name, label or before.label, before.description if description is None else description)
        return self._step(f"Edit gazetteer {name}", [SaveGazetteer(before, after)] if after != before else [])

    def delete(self, name: str) -> Changes:
        before = self.repo.gazetteer(name)
        entries = tuple(self.repo.gazetteer_entries(name))
        ops: list[Op] = [EditGazetteer(name, removed=entries)] if entries else []
        return self._step(f"Delete gazetteer {name}", ops + [SaveGazetteer(before, None)])

    def import_file(self, path: str | Path) -> Changes:
        """Create a list from a gazetteer file, or add its entries to the list it names."""
        gazetteer, entries = read_gazetteer(path)
        if self.repo.has_gazetteer(gazetteer.name):
            return self.add_entries(gazetteer.name, entries)
        return self.create(gazetteer.name, gazetteer.label, gazetteer.description, entries)

    def export_file(self, name: str, path: str | Path) -> None:
        write_gazetteer(path, self.repo.gazetteer(name), self.repo.gazetteer_entries(name))

    def _valid(self, name: str, label: str, description: str) -> Gazetteer:
        if not self.repo.has_label(label):
            raise NotFound(f"no label {label!r} in this project")
        try:
            return Gazetteer(name, label, description)
        except ValueError as exc:
            raise InputError(plain(str(exc))) from exc

    def _step(self, description: str, ops: list[Op]) -> Changes:
        return self.workspace.apply_ops(description, ops) if ops else Changes()
