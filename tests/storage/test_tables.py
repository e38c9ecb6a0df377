"""storage/tables.py names every table of a project, as the schema has it: a copy misses none."""

from __future__ import annotations

import pytest

from desktop.storage.repository import Repository
from desktop.storage.tables import TABLES, table


@pytest.fixture
def schema(tmp_path):
    """Each table of a new project file: its columns, foreign keys and whether it counts ids."""
    repo = Repository.open(tmp_path / "new.barchasb", create=True)
    try:
        names = [
            name
            for (name,) in repo.db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            if not name.startswith(("sqlite_", "_"))  # SQLite's own, and sqlite-utils' migration log
        ]
        yield {
            name: (
                tuple(row[1] for row in repo.db.execute(f"PRAGMA table_info({name})")),
                {row[2] for row in repo.db.execute(f"PRAGMA foreign_key_list({name})")},
                "AUTOINCREMENT" in repo.scalar("SELECT sql FROM sqlite_master WHERE name = ?", [name]),
            )
            for name in names
        }
    finally:
        repo.close()


def test_every_table_of_a_project_is_listed_once_column_for_column(schema):
    assert len({t.name for t in TABLES}) == len(TABLES)
    assert {t.name: t.columns for t in TABLES} == {name: columns for name, (columns, _, _) in schema.items()}


def test_a_table_comes_after_every_table_it_points_at(schema):
    position = {t.name: i for i, t in enumerate(TABLES)}
    late = [(t.name, ref) for t in TABLES for ref in schema[t.name][1] if position[ref] >= position[t.name]]
    assert late == []


def test_the_tables_with_sequences_are_those_that_never_reuse_an_id(schema):
    assert {t.name for t in TABLES if t.sequence} == {name for name, (_, _, counts) in schema.items() if counts}


def test_rows_come_in_an_order_of_their_own_columns_and_unknown_tables_are_refused():
    assert all(set(t.order) <= set(t.columns) for t in TABLES)
    with pytest.raises(ValueError, match="no table 'nope'"):
        table("nope")
