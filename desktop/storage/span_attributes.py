"""Span attributes: the fields each label carries (scheme) and the values spans hold."""

from __future__ import annotations

import json
from typing import Any

from desktop.core.attributes import AttributeField, AttributeValue
from desktop.core.clock import now
from desktop.core.errors import NotFound
from desktop.storage.base import RepositoryBase
from desktop.storage.relation_rows import FIELD_COLUMNS, field_from_row, field_to_dict


class SpanAttributesMixin(RepositoryBase):
    # --- attribute fields (scheme) ------------------------------------------------

    def attribute_fields(self, label: str | None = None) -> list[AttributeField]:
        sql = f"SELECT {FIELD_COLUMNS} FROM attribute_fields"
        params: list[Any] = []
        if label is not None:
            sql += " WHERE label = ?"
            params.append(label)
        rows = self.db.execute(sql + " ORDER BY label, sort_order, name", params)
        return [field_from_row(row) for row in rows]

    def save_attribute_field(self, field: AttributeField, *, action: str = "attribute_field.save") -> None:
        """Insert or update a field (by label and name)."""
        found = self._field(field.label, field.name)
        before = None if found is None else field_to_dict(found)
        after = field_to_dict(field)
        columns = [c.strip() for c in FIELD_COLUMNS.split(",")]
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns[2:])
        self.db.execute(
            f"INSERT INTO attribute_fields ({', '.join(columns)}) VALUES ({', '.join(':' + c for c in columns)})"
            f" ON CONFLICT(label, name) DO UPDATE SET {updates}",
            after,
        )
        self.record(action, "attribute_field", field.path, None, before, after)

    def delete_attribute_field(
        self, label: str, name: str, *, action: str = "attribute_field.delete"
    ) -> AttributeField:
        """Drop a field of the scheme (values spans held under it stay, unchecked, until removed)."""
        before = self._field(label, name)
        if before is None:
            raise NotFound(f"no attribute {label}.{name} in this project")
        self.db.execute("DELETE FROM attribute_fields WHERE label = ? AND name = ?", [label, name])
        self.record(action, "attribute_field", before.path, None, field_to_dict(before), None)
        return before

    def _field(self, label: str, name: str) -> AttributeField | None:
        sql = f"SELECT {FIELD_COLUMNS} FROM attribute_fields WHERE label = ? AND name = ?"
        row = self.db.execute(sql, [label, name]).fetchone()
        return None if row is None else field_from_row(row)

    # --- values ---------------------------------------------------------------------

    def span_attributes(self, span_ids: list[int]) -> dict[int, dict[str, AttributeValue]]:
        """The attribute values of these spans (spans without any are left out)."""
        found: dict[int, dict[str, AttributeValue]] = {}
        for i in range(0, len(span_ids), 500):
            chunk = span_ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT span_id, name, value FROM span_attributes WHERE span_id IN ({marks}) ORDER BY span_id, name"
            for span_id, name, value in self.db.execute(sql, chunk):
                found.setdefault(span_id, {})[name] = json.loads(value)
        return found

    def set_span_attribute(
        self, span_id: int, name: str, value: AttributeValue | None, *, action: str = "attribute.set"
    ) -> AttributeValue | None:
        """Set (or, with None, remove) one attribute of a span; returns the value before."""
        document_id = self.scalar("SELECT document_id FROM spans WHERE id = ?", [span_id])
        if document_id is None:
            raise NotFound(f"no span #{span_id}")
        before = self.span_attributes([span_id]).get(span_id, {}).get(name)
        if value is None:
            self.db.execute("DELETE FROM span_attributes WHERE span_id = ? AND name = ?", [span_id, name])
        else:
            self.db.execute(
                "INSERT INTO span_attributes (span_id, name, value, updated_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(span_id, name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                [span_id, name, json.dumps(value, ensure_ascii=False, sort_keys=True), now()],
            )
        before_row, after_row = (_row(span_id, name, v) for v in (before, value))
        self.record(action, "span_attribute", f"{span_id}.{name}", document_id, before_row, after_row)
        return before

    def add_span_attributes(
        self, document_id: int, values: list[tuple[int, str, AttributeValue]], *, action: str = "attribute.set"
    ) -> None:
        """Give spans of one document values they do not have yet, with one statement for the rows
        and one for the history: what `set_span_attribute` writes for each (an import's fill)."""
        if not values:
            return
        stamp = now()
        self.db.conn.executemany(
            "INSERT INTO span_attributes (span_id, name, value, updated_at) VALUES (?, ?, ?, ?)",
            [(i, name, json.dumps(value, ensure_ascii=False, sort_keys=True), stamp) for i, name, value in values],
        )
        self.record_many(
            action, "span_attribute", [(f"{i}.{name}", document_id, None, _row(i, name, v)) for i, name, v in values]
        )


def _row(span_id: int, name: str, value: AttributeValue | None) -> dict[str, Any] | None:
    """What the history keeps of one attribute value (None: there was none)."""
    return None if value is None else {"span_id": span_id, "name": name, "value": value}
