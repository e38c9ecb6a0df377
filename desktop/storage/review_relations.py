"""Gold relations with their provenance, and the review's relation rejections.

A gold relation is a row of `relations` in the gold layer plus one row of
`gold_relation_provenance`; both are written and removed together, and both
are journaled, as gold spans are (storage.review).
"""

from __future__ import annotations

import json
import sqlite3
from typing import TYPE_CHECKING

from desktop.core.clock import now
from desktop.core.errors import ConflictError, NotFound
from desktop.core.relations import Relation
from desktop.core.review_relations import RelationProvenance, RelationRejection
from desktop.storage.base import RepositoryBase
from desktop.storage.rows import Row, dumps

if TYPE_CHECKING:
    from desktop.core.model import Annotator

PROVENANCE_COLUMNS = (
    "method, decided_by, decided_at, source_relation_id, source_layers, source_head_start, source_head_end,"
    " source_head_label, source_tail_start, source_tail_end, source_tail_label, source_type"
)
REJECTION_COLUMNS = (
    "id, document_id, head_start, head_end, head_label, tail_start, tail_end, tail_label, type, layers,"
    " decided_by, decided_at"
)


def relation_provenance_from_row(row: Row) -> RelationProvenance:
    method, by, at, relation_id, layers, hs, he, hl, ts, te, tl, rtype = row
    source = None if rtype is None else ((hs, he, hl), (ts, te, tl), rtype)
    return RelationProvenance(method, by, at, relation_id, tuple(json.loads(layers)), source)


def relation_rejection_from_row(row: Row) -> RelationRejection:
    rid, doc, hs, he, hl, ts, te, tl, rtype, layers, by, at = row
    return RelationRejection(doc, (hs, he, hl), (ts, te, tl), rtype, tuple(json.loads(layers)), by, at, rid)


class ReviewRelationsMixin(RepositoryBase):
    """Relations of the gold layer, with provenance; rejected relation candidates."""

    if TYPE_CHECKING:  # what it uses of the other mixins `Repository` puts together

        def gold_annotator(self, *, create: bool = False) -> Annotator | None: ...
        def relation(self, relation_id: int) -> Relation: ...
        def relations(self, document_id: int, annotator_id: int | None = None) -> list[Relation]: ...
        def insert_relation(self, relation: Relation, *, action: str = "relation.create") -> Relation: ...
        def delete_relation(self, relation_id: int, *, action: str = "relation.delete") -> Relation: ...

    def gold_relations(self, document_id: int) -> list[tuple[Relation, RelationProvenance | None]]:
        """The document's gold relations, each with its provenance."""
        gold = self.gold_annotator()
        if gold is None:
            return []
        relations = self.relations(document_id, gold.id)
        found = self.relation_provenance([r.id for r in relations if r.id is not None])
        return [(r, found.get(r.id) if r.id is not None else None) for r in relations]

    def relation_provenance(self, relation_ids: list[int]) -> dict[int, RelationProvenance]:
        found: dict[int, RelationProvenance] = {}
        for i in range(0, len(relation_ids), 500):
            chunk = relation_ids[i : i + 500]
            rows = self.db.execute(
                f"SELECT relation_id, {PROVENANCE_COLUMNS} FROM gold_relation_provenance"
                f" WHERE relation_id IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            found.update((row[0], relation_provenance_from_row(row[1:])) for row in rows)
        return found

    def insert_gold_relation(
        self, relation: Relation, provenance: RelationProvenance | None, *, action: str = "review.accept_relation"
    ) -> Relation:
        """Store a gold relation with its provenance (keeping `relation.id` when given)."""
        stored = self.insert_relation(relation, action=action)
        if provenance is not None and stored.id is not None:
            p = provenance
            source = _source_columns(p)
            self.db.execute(
                f"INSERT INTO gold_relation_provenance (relation_id, {PROVENANCE_COLUMNS})"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [stored.id, str(p.method), p.decided_by, p.decided_at or now(), p.source_relation_id,
                 dumps(list(p.source_layers)), *source],
            )  # fmt: skip
            self.record(action, "relation_provenance", stored.id, stored.document_id, None, p.as_dict())
        return stored

    def delete_gold_relation(
        self, relation_id: int, *, action: str = "review.retract_relation"
    ) -> tuple[Relation, RelationProvenance | None]:
        """Remove a gold relation and its provenance; returns both as they were."""
        relation = self.relation(relation_id)
        provenance = self.relation_provenance([relation_id]).get(relation_id)
        if provenance is not None:
            self.db.execute("DELETE FROM gold_relation_provenance WHERE relation_id = ?", [relation_id])
            self.record(action, "relation_provenance", relation_id, relation.document_id, provenance.as_dict(), None)
        return self.delete_relation(relation_id, action=action), provenance

    # --- rejections ---------------------------------------------------------------------

    def relation_rejections(self, document_id: int) -> list[RelationRejection]:
        rows = self.db.execute(
            f"SELECT {REJECTION_COLUMNS} FROM review_relation_rejections WHERE document_id = ? ORDER BY id",
            [document_id],
        )
        return [relation_rejection_from_row(row) for row in rows]

    def insert_relation_rejection(
        self, rejection: RelationRejection, *, action: str = "review.reject_relation"
    ) -> RelationRejection:
        """Store a relation rejection (keeping its id when given, as a redo does)."""
        r = rejection
        try:
            cursor = self.db.execute(
                f"INSERT INTO review_relation_rejections ({REJECTION_COLUMNS})"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [r.id, r.document_id, *r.head, *r.tail, r.type, dumps(list(r.layers)), r.decided_by,
                 r.decided_at or now()],
            )  # fmt: skip
        except sqlite3.IntegrityError as exc:
            raise ConflictError(f"relation {r.type} from {r.head} to {r.tail} is already rejected") from exc
        made = self._relation_rejection(cursor.lastrowid)
        if made is None:  # pragma: no cover - the row was just written
            raise NotFound(f"no relation rejection #{cursor.lastrowid}")
        self.record(action, "relation_rejection", made.id, made.document_id, None, _rejection_dict(made))
        return made

    def delete_relation_rejection(
        self, rejection_id: int, *, action: str = "review.unreject_relation"
    ) -> RelationRejection:
        before = self._relation_rejection(rejection_id)
        if before is None:
            raise NotFound(f"no relation rejection #{rejection_id}")
        self.db.execute("DELETE FROM review_relation_rejections WHERE id = ?", [rejection_id])
        self.record(action, "relation_rejection", rejection_id, before.document_id, _rejection_dict(before), None)
        return before

    def _relation_rejection(self, rejection_id: int | None) -> RelationRejection | None:
        row = self.db.execute(
            f"SELECT {REJECTION_COLUMNS} FROM review_relation_rejections WHERE id = ?", [rejection_id]
        ).fetchone()
        return None if row is None else relation_rejection_from_row(row)


def _source_columns(p: RelationProvenance) -> list[object]:
    """The source's seven columns: head's offsets and label, tail's, the type (all NULL when drawn)."""
    if p.source is None:
        return [None] * 7
    head, tail, rtype = p.source
    return [*head, *tail, rtype]


def _rejection_dict(r: RelationRejection) -> dict[str, object]:
    return {
        "id": r.id,
        "document_id": r.document_id,
        "head": list(r.head),
        "tail": list(r.tail),
        "type": r.type,
        "layers": list(r.layers),
        "decided_by": r.decided_by,
        "decided_at": r.decided_at,
    }
