"""Entity identity: the project's registry of entities and the spans that mention them."""

from __future__ import annotations

import dataclasses

from desktop.core.clock import now
from desktop.core.errors import ConflictError, NotFound
from desktop.core.model import Span
from desktop.core.relations import Entity
from desktop.storage.base import RepositoryBase
from desktop.storage.relation_rows import entity_to_dict
from desktop.storage.rows import SPAN_COLUMNS, span_from_row


class EntitiesMixin(RepositoryBase):
    def entities(self) -> list[Entity]:
        rows = self.db.execute("SELECT id, name, type, external_id FROM entities ORDER BY id").fetchall()
        aliases = self._aliases()
        return [Entity(name, etype, aliases.get(eid, ()), external, eid) for eid, name, etype, external in rows]

    def entity(self, entity_id: int) -> Entity:
        row = self.db.execute("SELECT name, type, external_id FROM entities WHERE id = ?", [entity_id]).fetchone()
        if row is None:
            raise NotFound(f"no entity #{entity_id}")
        name, etype, external = row
        return Entity(name, etype, self._aliases(entity_id).get(entity_id, ()), external, entity_id)

    def save_entity(self, entity: Entity, *, action: str = "entity.save") -> Entity:
        """Insert (no id, or an id not stored: a restore) or update an entity; returns it as stored."""
        stamp = now()
        exists = entity.id is not None and self._has_entity(entity.id)
        before = entity_to_dict(self.entity(entity.id)) if exists and entity.id is not None else None
        if before is None:
            cursor = self.db.execute(
                "INSERT INTO entities (id, name, type, external_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                [entity.id, entity.name, entity.type, entity.external_id, stamp, stamp],
            )
            entity = dataclasses.replace(entity, id=cursor.lastrowid)
        else:
            self.db.execute(
                "UPDATE entities SET name = ?, type = ?, external_id = ?, updated_at = ? WHERE id = ?",
                [entity.name, entity.type, entity.external_id, stamp, entity.id],
            )
            self.db.execute("DELETE FROM entity_aliases WHERE entity_id = ?", [entity.id])
        self.db.conn.executemany(
            "INSERT INTO entity_aliases (entity_id, alias, position) VALUES (?, ?, ?)",
            [(entity.id, alias, n) for n, alias in enumerate(entity.aliases)],
        )
        self.record(action, "entity", entity.id, None, before, entity_to_dict(entity))
        return entity

    def delete_entity(self, entity_id: int, *, action: str = "entity.delete") -> Entity:
        """Drop an entity no span mentions any more."""
        before = self.entity(entity_id)
        if self.scalar("SELECT 1 FROM span_entities WHERE entity_id = ? LIMIT 1", [entity_id]) is not None:
            raise ConflictError(f"entity {before.name!r} still has mentions; unlink them first")
        self.db.execute("DELETE FROM entities WHERE id = ?", [entity_id])
        self.record(action, "entity", entity_id, None, entity_to_dict(before), None)
        return before

    def span_entities(self, span_ids: list[int]) -> dict[int, int]:
        """span id → entity id for those of these spans that are linked."""
        found: dict[int, int] = {}
        for i in range(0, len(span_ids), 500):
            chunk = span_ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT span_id, entity_id FROM span_entities WHERE span_id IN ({marks})"
            found.update(self.db.execute(sql, chunk).fetchall())
        return found

    def link_span(self, span_id: int, entity_id: int | None, *, action: str = "entity.link") -> int | None:
        """Link a span to an entity (None unlinks); returns the entity it was linked to before."""
        document_id = self.scalar("SELECT document_id FROM spans WHERE id = ?", [span_id])
        if document_id is None:
            raise NotFound(f"no span #{span_id}")
        if entity_id is not None and not self._has_entity(entity_id):
            raise NotFound(f"no entity #{entity_id}")
        before = self.span_entities([span_id]).get(span_id)
        self.db.execute("DELETE FROM span_entities WHERE span_id = ?", [span_id])
        if entity_id is not None:
            self.db.execute(
                "INSERT INTO span_entities (span_id, entity_id, linked_at) VALUES (?, ?, ?)",
                [span_id, entity_id, now()],
            )
        self.record(action, "span_entity", span_id, document_id, _link(span_id, before), _link(span_id, entity_id))
        return before

    def entity_mentions(self, entity_id: int) -> list[Span]:
        """The spans (every document and layer) linked to an entity."""
        columns = ", ".join(f"s.{c.strip()}" for c in SPAN_COLUMNS.split(","))
        sql = (
            f"SELECT {columns} FROM span_entities m JOIN spans s ON s.id = m.span_id"
            " WHERE m.entity_id = ? ORDER BY s.document_id, s.start, s.id"
        )
        return [span_from_row(row) for row in self.db.execute(sql, [entity_id])]

    def entity_mention_counts(self) -> dict[int, int]:
        """entity id → how many spans (every document and layer) mention it; one grouped query,
        so the entities panel does not ask once per entity. Entities without mentions are absent."""
        sql = (
            "SELECT m.entity_id, COUNT(*) FROM span_entities m JOIN spans s ON s.id = m.span_id"
            " GROUP BY m.entity_id ORDER BY m.entity_id"
        )
        return {int(eid): int(n) for eid, n in self.db.execute(sql).fetchall()}

    def _has_entity(self, entity_id: int) -> bool:
        return self.scalar("SELECT 1 FROM entities WHERE id = ?", [entity_id]) is not None

    def _aliases(self, entity_id: int | None = None) -> dict[int, tuple[str, ...]]:
        sql = "SELECT entity_id, alias FROM entity_aliases"
        params = [] if entity_id is None else [entity_id]
        sql += "" if entity_id is None else " WHERE entity_id = ?"
        found: dict[int, list[str]] = {}
        for eid, alias in self.db.execute(sql + " ORDER BY entity_id, position", params):
            found.setdefault(eid, []).append(alias)
        return {eid: tuple(names) for eid, names in found.items()}


def _link(span_id: int, entity_id: int | None) -> dict[str, int] | None:
    """What the history keeps of a mention link (None: unlinked)."""
    return None if entity_id is None else {"span_id": span_id, "entity_id": entity_id}
