"""Every table of a project, as plain rows: what a whole-project copy moves and compares.

`TABLES` lists each table of the schema (storage/migrations.py) with its
columns, in an order where a row's foreign keys always point at rows of a
table before it, so a copy can load them one table after another. Rows are
tuples of the columns in the order given here, holding what the project file
stores (JSON as its text, booleans as 0/1, blobs as bytes, raw '' when it is
the text itself); a server backend converts its own column types to and from
these. Rows come in `order`: the document first where a table has one, so a
reader taking one document at a time streams them (text keys in code-point
order, as SQLite compares them: PostgreSQL needs COLLATE "C" for the same).

A table added by a migration is added here too: tests/storage/test_contract.py
checks that this list names every table of a new project, column for column.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol

type Row = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class Table:
    """One table: its columns, the order its rows come in, and whether its ids
    come from a sequence that never hands one out twice (copied with the rows)."""

    name: str
    columns: tuple[str, ...]
    order: tuple[str, ...]
    sequence: bool = False


def _table(name: str, columns: str, order: str, sequence: bool = False) -> Table:
    return Table(name, tuple(columns.split()), tuple(order.split()), sequence)


TABLES: tuple[Table, ...] = (
    _table("settings", "key value", "key"),
    _table("labels", "key name_fa name_en color hotkey description sort_order", "key"),
    _table("annotators", "id name kind created_at", "id", True),
    _table("documents", "id name content_hash raw_hash text raw offsets meta length created_at", "id", sequence=True),
    _table("document_tokens", "document_id tokens tokenizer", "document_id"),
    _table(
        "spans",
        "id document_id start end label annotator_id origin note created_at updated_at",
        "document_id id",
        True,
    ),
    _table("document_status", "document_id annotator_id status updated_at", "document_id annotator_id"),
    _table(
        "gold_provenance",
        "span_id method source_span_id source_layers source_start source_end source_label decided_by decided_at",
        "span_id",
    ),
    _table("review_rejections", "id document_id start end label layers decided_by decided_at", "document_id id", True),
    _table(
        "suggestions",
        "id document_id annotator_id start end label source score state detail created_at updated_at",
        "document_id id",
        True,
    ),
    _table("gazetteers", "name label description created_at", "name"),
    _table("gazetteer_entries", "gazetteer entry", "gazetteer entry"),
    _table("suggester_models", "name layer meta model created_at", "name"),
    _table("relation_types", "key name_fa name_en color hotkey directed heads tails description sort_order", "key"),
    _table("attribute_fields", "label name kind choices required name_fa name_en sort_order", "label name"),
    _table(
        "relations",
        "id document_id annotator_id head tail type origin note created_at updated_at",
        "document_id id",
        True,
    ),
    _table("span_attributes", "span_id name value updated_at", "span_id name"),
    _table("entities", "id name type external_id created_at updated_at", "id", True),
    _table("entity_aliases", "entity_id alias position", "entity_id alias"),
    _table("span_entities", "span_id entity_id linked_at", "span_id"),
    _table(
        "gold_relation_provenance",
        "relation_id method source_relation_id source_layers source_head_start source_head_end source_head_label"
        " source_tail_start source_tail_end source_tail_label source_type decided_by decided_at",
        "relation_id",
    ),
    _table(
        "review_relation_rejections",
        "id document_id head_start head_end head_label tail_start tail_end tail_label type layers decided_by"
        " decided_at",
        "document_id id",
        True,
    ),
    _table("assignments", "document_id annotator_id assigned_by assigned_at", "document_id annotator_id"),
    _table("history", "id at actor action entity entity_id document_id batch before after", "id", True),
)

BY_NAME: dict[str, Table] = {table.name: table for table in TABLES}


def table(name: str) -> Table:
    """The table of this name (a name not in the schema is a bug, refused here)."""
    found = BY_NAME.get(name)
    if found is None:
        raise ValueError(f"no table {name!r} in a project")
    return found


class TableDump(Protocol):
    """One consistent snapshot of a whole project, read table by table."""

    def count(self, table: str) -> int:
        """How many rows the table holds."""
        ...

    def rows(self, table: str) -> Iterator[Row]:
        """The table's rows, columns and order as `TABLES` says (streamed)."""
        ...

    def sequences(self) -> dict[str, int]:
        """For each table with a sequence, the last id it handed out (0: none yet)."""
        ...
