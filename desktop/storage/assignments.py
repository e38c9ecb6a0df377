"""Assignments: which documents are in which annotator's queue, and how far each has got.

A pair (document, annotator) is assigned once; assigning it again changes
nothing, and each pair added or removed is journaled as entity `assignment`
with id `document/annotator`, like a status. Unknown documents or annotators
are refused by the foreign keys before anything is written.
"""

from __future__ import annotations

import sqlite3
from itertools import batched

from desktop.core.clock import now
from desktop.core.errors import NotFound
from desktop.storage.base import RepositoryBase

Pair = tuple[int, int]  # (document id, annotator id)


class AssignmentsMixin(RepositoryBase):
    def assign(self, pairs: list[Pair], *, action: str = "assignment.add") -> int:
        """Put documents in annotators' queues (inside `action()`); returns how many pairs were new."""
        held = self._assigned(pairs)
        new = [pair for pair in dict.fromkeys(pairs) if pair not in held]
        stamp, actor = now(), self._actor or "system"
        try:
            self.db.conn.executemany(
                "INSERT INTO assignments (document_id, annotator_id, assigned_by, assigned_at) VALUES (?, ?, ?, ?)",
                [(d, a, actor, stamp) for d, a in new],
            )
        except sqlite3.IntegrityError as exc:  # a document or annotator that is not there
            raise NotFound("no such document or annotator to assign") from exc
        self.record_many(
            action,
            "assignment",
            [(f"{d}/{a}", d, None, {"annotator_id": a, "assigned_by": actor}) for d, a in new],
        )
        return len(new)

    def unassign(self, pairs: list[Pair], *, action: str = "assignment.remove") -> int:
        """Take documents out of annotators' queues (their work stays); returns how many were there."""
        held = self._assigned(pairs)
        gone = [pair for pair in dict.fromkeys(pairs) if pair in held]
        self.db.conn.executemany("DELETE FROM assignments WHERE document_id = ? AND annotator_id = ?", gone)
        self.record_many(
            action,
            "assignment",
            [(f"{d}/{a}", d, {"annotator_id": a, "assigned_by": held[d, a]}, None) for d, a in gone],
        )
        return len(gone)

    def assignments(self, annotator_id: int | None = None) -> list[Pair]:
        """Assigned (document, annotator) pairs in document order; one annotator's: their queue."""
        if annotator_id is None:
            rows = self.db.execute(
                "SELECT document_id, annotator_id FROM assignments ORDER BY document_id, annotator_id"
            )
        else:
            rows = self.db.execute(
                "SELECT document_id, annotator_id FROM assignments WHERE annotator_id = ? ORDER BY document_id",
                [annotator_id],
            )
        return [(d, a) for d, a in rows]

    def assignment_progress(self) -> dict[int, tuple[int, int]]:
        """Per annotator with assignments: (documents assigned, of those marked done in their layer)."""
        rows = self.db.execute(
            "SELECT a.annotator_id, count(*), count(s.document_id) FROM assignments a"
            " LEFT JOIN document_status s ON s.document_id = a.document_id"
            " AND s.annotator_id = a.annotator_id AND s.status = 'done'"
            " GROUP BY a.annotator_id ORDER BY a.annotator_id"
        )
        return {annotator: (assigned, done) for annotator, assigned, done in rows}

    def _assigned(self, pairs: list[Pair]) -> dict[Pair, str]:
        """Which of these pairs are assigned already, and by whom."""
        found: dict[Pair, str] = {}
        for chunk in batched(dict.fromkeys(pairs), 400):
            marks = ",".join("(?, ?)" for _ in chunk)
            found.update(
                ((d, a), by)
                for d, a, by in self.db.execute(
                    "SELECT document_id, annotator_id, assigned_by FROM assignments"
                    f" WHERE (document_id, annotator_id) IN (VALUES {marks})",
                    [x for pair in chunk for x in pair],
                )
            )
        return found
