"""Relations between spans of one layer, and the relation types of the scheme."""

from __future__ import annotations

import dataclasses
import sqlite3
from typing import Any

from desktop.core.clock import now
from desktop.core.errors import ConflictError, NotFound
from desktop.core.relations import Relation, RelationType
from desktop.storage.base import RepositoryBase
from desktop.storage.relation_rows import (
    RELATION_COLUMNS,
    RELATION_TYPE_COLUMNS,
    relation_from_row,
    relation_to_dict,
    relation_type_from_row,
    relation_type_to_dict,
)

_EDITABLE = {"head", "tail", "type", "note", "origin"}


class RelationsMixin(RepositoryBase):
    # --- relation types (scheme) ----------------------------------------------------

    def relation_types(self) -> list[RelationType]:
        rows = self.db.execute(f"SELECT {RELATION_TYPE_COLUMNS} FROM relation_types ORDER BY sort_order, key")
        return [relation_type_from_row(row) for row in rows]

    def relation_type(self, key: str) -> RelationType:
        sql = f"SELECT {RELATION_TYPE_COLUMNS} FROM relation_types WHERE key = ?"
        row = self.db.execute(sql, [key]).fetchone()
        if row is None:
            raise NotFound(f"no relation type {key!r} in this project")
        return relation_type_from_row(row)

    def save_relation_type(self, rtype: RelationType, *, action: str = "relation_type.save") -> None:
        """Insert or update a relation type (by key)."""
        exists = self.scalar("SELECT 1 FROM relation_types WHERE key = ?", [rtype.key]) is not None
        before = relation_type_to_dict(self.relation_type(rtype.key)) if exists else None
        after = relation_type_to_dict(rtype)
        columns = [c.strip() for c in RELATION_TYPE_COLUMNS.split(",")]
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns[1:])
        self.db.execute(
            f"INSERT INTO relation_types ({', '.join(columns)}) VALUES ({', '.join(':' + c for c in columns)})"
            f" ON CONFLICT(key) DO UPDATE SET {updates}",
            after,
        )
        self.record(action, "relation_type", rtype.key, None, before, after)

    def delete_relation_type(self, key: str, *, action: str = "relation_type.delete") -> RelationType:
        """Drop a relation type no relation uses any more."""
        before = self.relation_type(key)
        if self.scalar("SELECT 1 FROM relations WHERE type = ? LIMIT 1", [key]) is not None:
            raise ConflictError(f"relation type {key!r} is still in use")
        self.db.execute("DELETE FROM relation_types WHERE key = ?", [key])
        self.record(action, "relation_type", key, None, relation_type_to_dict(before), None)
        return before

    # --- relations ------------------------------------------------------------------

    def relation(self, relation_id: int) -> Relation:
        row = self.db.execute(f"SELECT {RELATION_COLUMNS} FROM relations WHERE id = ?", [relation_id]).fetchone()
        if row is None:
            raise NotFound(f"no relation #{relation_id}")
        return relation_from_row(row)

    def relations(self, document_id: int, annotator_id: int | None = None) -> list[Relation]:
        sql = f"SELECT {RELATION_COLUMNS} FROM relations WHERE document_id = ?"
        params: list[Any] = [document_id]
        if annotator_id is not None:
            sql += " AND annotator_id = ?"
            params.append(annotator_id)
        return [relation_from_row(row) for row in self.db.execute(sql + " ORDER BY id", params)]

    def relations_of_spans(self, span_ids: list[int]) -> list[Relation]:
        """Every relation with one of these spans at either end (what deleting them takes along)."""
        found: dict[int, Relation] = {}
        for i in range(0, len(span_ids), 400):
            chunk = span_ids[i : i + 400]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT {RELATION_COLUMNS} FROM relations WHERE head IN ({marks}) OR tail IN ({marks})"
            found.update((row[0], relation_from_row(row)) for row in self.db.execute(sql, chunk + chunk))
        return [found[key] for key in sorted(found)]

    def insert_relation(self, relation: Relation, *, action: str = "relation.create") -> Relation:
        """Store a relation (keeping `relation.id` when given, as a restore does)."""
        stamp = now()
        values = relation_to_dict(relation)
        values["created_at"], values["updated_at"] = relation.created_at or stamp, stamp
        self._check_ends(relation)
        columns = [c.strip() for c in RELATION_COLUMNS.split(",")]
        try:
            cursor = self.db.conn.execute(
                f"INSERT INTO relations ({', '.join(columns)}) VALUES ({', '.join(':' + c for c in columns)})", values
            )
        except sqlite3.IntegrityError as exc:
            raise _conflict(exc, relation) from exc
        values["id"] = cursor.lastrowid
        self.record(action, "relation", values["id"], relation.document_id, None, values)
        return relation_from_row(tuple(values[c] for c in columns))

    def delete_relation(self, relation_id: int, *, action: str = "relation.delete") -> Relation:
        before = self.relation(relation_id)
        self.db.execute("DELETE FROM relations WHERE id = ?", [relation_id])
        self.record(action, "relation", relation_id, before.document_id, relation_to_dict(before), None)
        return before

    def update_relation(
        self, relation_id: int, *, action: str = "relation.update", **changes: Any
    ) -> tuple[Relation, Relation]:
        """Change a relation's ends, type, note or origin; returns (before, after)."""
        unknown = set(changes) - _EDITABLE
        if unknown:
            raise ValueError(f"cannot change {sorted(unknown)} of a relation")
        before = self.relation(relation_id)
        after = dataclasses.replace(before, **changes, updated_at=now())
        self._check_ends(after)
        try:
            self.db.execute(
                "UPDATE relations SET head = ?, tail = ?, type = ?, note = ?, origin = ?, updated_at = ? WHERE id = ?",
                [after.head, after.tail, after.type, after.note, str(after.origin), after.updated_at, relation_id],
            )
        except sqlite3.IntegrityError as exc:
            raise _conflict(exc, after) from exc
        self.record(action, "relation", relation_id, before.document_id, relation_to_dict(before),
                    relation_to_dict(after))  # fmt: skip
        return before, after

    def relation_counts(self) -> dict[str, int]:
        """How many relations of each type the project holds (every layer)."""
        return dict(self.db.execute("SELECT type, count(*) FROM relations GROUP BY type ORDER BY type").fetchall())

    def _check_ends(self, relation: Relation) -> None:
        """Both ends are spans of the relation's document and layer."""
        rows = self.db.execute(
            "SELECT id, document_id, annotator_id FROM spans WHERE id IN (?, ?)", [relation.head, relation.tail]
        ).fetchall()
        ends = {row[0]: row[1:] for row in rows}
        for end in (relation.head, relation.tail):
            if end not in ends:
                raise NotFound(f"relation {relation.type}: no span #{end}")
            if ends[end] != (relation.document_id, relation.annotator_id):
                raise ConflictError(f"relation {relation.type}: span #{end} is in another document or layer")


def _conflict(exc: sqlite3.IntegrityError, relation: Relation) -> ConflictError:
    text = str(exc)
    if "UNIQUE" in text:
        return ConflictError(f"span #{relation.head} already has a {relation.type} relation to span #{relation.tail}")
    if "FOREIGN KEY" in text:
        return ConflictError(f"relation refers to a missing type, span, document or layer ({relation.type!r})")
    return ConflictError(f"relation {relation.type} rejected: {text}")
