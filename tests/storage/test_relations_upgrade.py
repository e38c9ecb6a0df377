"""Migration 0004 (relations, attributes, entities) upgrades a schema-3 project keeping every row."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from types import SimpleNamespace

import pytest

from desktop.core.model import Label, Span
from desktop.core.relations import Relation, RelationType
from desktop.storage import backup as backup_module
from desktop.storage import db as db_module
from desktop.storage import migrations
from desktop.storage.repository import Repository

from helpers import TEXT, add_document

NEW_TABLES = {"relation_types", "attribute_fields", "relations", "span_attributes", "entities", "entity_aliases",
              "span_entities"}  # fmt: skip


def dump(path) -> dict[str, list[tuple]]:
    with closing(sqlite3.connect(path)) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall() for t in tables}


@pytest.fixture
def schema_3_project(tmp_path, monkeypatch):
    """A project made by the code before migration 0004, with spans and history."""
    path = tmp_path / "old.barchasb"
    with monkeypatch.context() as patch:
        patch.setattr(migrations.MIGRATIONS, "_migrations", list(migrations.MIGRATIONS._migrations)[:3])
        for module in (migrations, db_module, backup_module):
            patch.setattr(module, "SCHEMA_VERSION", 3)
        repo = Repository.open(path, create=True)
        with repo.action("tester"):
            repo.save_label(Label("official", "مقام", "Official", "#d64541", "1"))
            sara = repo.ensure_annotator("sara")
        doc = add_document(SimpleNamespace(repo=repo), TEXT)  # it wants something with a repo
        with repo.action("sara"):
            repo.insert_span(Span(doc, 2, 14, "official", sara.id, note="نکته"))
            repo.insert_span(Span(doc, 36, 40, "official", sara.id))
        assert repo.scalar("PRAGMA user_version") == 3
        repo.close()
    return path


def test_a_schema_3_project_opens_upgraded_with_its_rows_intact(schema_3_project):
    before = dump(schema_3_project)
    assert not NEW_TABLES & set(before)
    repo = Repository.open(schema_3_project)
    assert repo.scalar("PRAGMA user_version") == migrations.SCHEMA_VERSION
    assert "0004_relations" in [m.name for m in migrations.MIGRATIONS.applied(repo.db)]
    repo.close()
    after = dump(schema_3_project)
    assert set(after) >= NEW_TABLES and all(after[t] == [] for t in NEW_TABLES)
    for table, rows in before.items():
        if table != "_sqlite_migrations":
            assert after[table] == rows, table


def test_an_upgraded_project_takes_relations(schema_3_project):
    repo = Repository.open(schema_3_project)
    try:
        sara = repo.find_annotator("sara")
        assert sara is not None
        a, b = (s.id for s in repo.spans(1))
        with repo.action("sara"):
            repo.save_relation_type(RelationType("same_as", "همان", "same as", "#123456", directed=False))
            made = repo.insert_relation(Relation(1, sara.id, a, b, "same_as"))
        assert repo.relations(1) == [made]
    finally:
        repo.close()
