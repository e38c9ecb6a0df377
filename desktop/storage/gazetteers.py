"""Gazetteers: named phrase lists, each suggesting one label, edited by users."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from desktop.core.clock import now
from desktop.core.errors import ConflictError, NotFound
from desktop.core.suggestion import Gazetteer
from desktop.storage.base import RepositoryBase


def _as_dict(gazetteer: Gazetteer | None) -> dict[str, str] | None:
    if gazetteer is None:
        return None
    return {"name": gazetteer.name, "label": gazetteer.label, "description": gazetteer.description}


class GazetteersMixin(RepositoryBase):
    def gazetteers(self) -> list[Gazetteer]:
        rows = self.db.execute("SELECT name, label, description FROM gazetteers ORDER BY name")
        return [Gazetteer(*row) for row in rows]

    def gazetteer(self, name: str) -> Gazetteer:
        row = self.db.execute("SELECT name, label, description FROM gazetteers WHERE name = ?", [name]).fetchone()
        if row is None:
            raise NotFound(f"no gazetteer {name!r}")
        return Gazetteer(*row)

    def has_gazetteer(self, name: str) -> bool:
        return self.scalar("SELECT 1 FROM gazetteers WHERE name = ?", [name]) is not None

    def save_gazetteer(self, gazetteer: Gazetteer) -> None:
        """Create a gazetteer, or change the label and description of one."""
        before = self.gazetteer(gazetteer.name) if self.has_gazetteer(gazetteer.name) else None
        try:
            self.db.execute(
                "INSERT INTO gazetteers (name, label, description, created_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(name) DO UPDATE SET label = excluded.label,"
                " description = excluded.description",
                [gazetteer.name, gazetteer.label, gazetteer.description, now()],
            )
        except sqlite3.IntegrityError as exc:
            raise ConflictError(f"gazetteer {gazetteer.name!r}: no label {gazetteer.label!r} in this project") from exc
        self.record("gazetteer.save", "gazetteer", gazetteer.name, None, _as_dict(before), _as_dict(gazetteer))

    def delete_gazetteer(self, name: str) -> Gazetteer:
        """Drop a gazetteer with its entries."""
        before = self.gazetteer(name)
        self.db.execute("DELETE FROM gazetteers WHERE name = ?", [name])
        self.record("gazetteer.delete", "gazetteer", name, None, _as_dict(before), None)
        return before

    def gazetteer_entries(self, name: str) -> list[str]:
        rows = self.db.execute("SELECT entry FROM gazetteer_entries WHERE gazetteer = ? ORDER BY entry", [name])
        return [row[0] for row in rows]

    def all_gazetteer_entries(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {g.name: [] for g in self.gazetteers()}
        for name, entry in self.db.execute("SELECT gazetteer, entry FROM gazetteer_entries ORDER BY gazetteer, entry"):
            out[name].append(entry)
        return out

    def add_gazetteer_entries(self, name: str, entries: Iterable[str]) -> list[str]:
        """Add entries; returns those that were not there already. One read and one batch
        write, not a statement per entry (on a server, each would be a round trip and a savepoint)."""
        self.gazetteer(name)
        present = set(self.gazetteer_entries(name))
        added = [entry for entry in dict.fromkeys(entries) if entry not in present]
        if added:
            self.db.conn.executemany(
                "INSERT OR IGNORE INTO gazetteer_entries (gazetteer, entry) VALUES (?, ?)",
                [(name, entry) for entry in added],
            )
            self.record("gazetteer.add", "gazetteer", name, None, None, {"entries": added})
        return added

    def remove_gazetteer_entries(self, name: str, entries: Iterable[str]) -> list[str]:
        """Remove entries; returns those that were there (one read, one batch delete)."""
        present = set(self.gazetteer_entries(name))
        removed = [entry for entry in dict.fromkeys(entries) if entry in present]
        if removed:
            self.db.conn.executemany(
                "DELETE FROM gazetteer_entries WHERE gazetteer = ? AND entry = ?", [(name, entry) for entry in removed]
            )
            self.record("gazetteer.remove", "gazetteer", name, None, {"entries": removed}, None)
        return removed

    def gazetteer_sizes(self) -> dict[str, int]:
        rows = self.db.execute("SELECT gazetteer, count(*) FROM gazetteer_entries GROUP BY gazetteer")
        return dict(rows.fetchall())
