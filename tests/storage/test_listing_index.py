"""Migration 0008: the document list reads names from a covering index, never the texts."""

from __future__ import annotations

from types import SimpleNamespace

from desktop.storage import backup as backup_module
from desktop.storage import db as db_module
from desktop.storage import migrations
from desktop.storage.repository import Repository

from helpers import TEXT, add_document

LISTING_QUERY = "SELECT id, name FROM documents ORDER BY id"


def _sara(repo: Repository) -> int:
    with repo.action("tester"):
        return repo.ensure_annotator("sara").id


def _plan(repo: Repository, sql: str) -> str:
    return " ".join(str(row[-1]) for row in repo.db.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall())


def test_the_listing_query_is_answered_from_the_covering_index(tmp_path):
    repo = Repository.open(tmp_path / "p.barchasb", create=True)
    try:
        add_document(SimpleNamespace(repo=repo), TEXT)
        assert "COVERING INDEX documents_listing" in _plan(repo, LISTING_QUERY)
        listing = repo.document_listing(_sara(repo))
        assert listing.names == [repo.document_name(listing.ids[0])]
    finally:
        repo.close()


def test_a_schema_7_project_gets_the_index_at_upgrade(tmp_path, monkeypatch):
    path = tmp_path / "old.barchasb"
    with monkeypatch.context() as patch:
        patch.setattr(migrations.MIGRATIONS, "_migrations", list(migrations.MIGRATIONS._migrations)[:7])
        for module in (migrations, db_module, backup_module):
            patch.setattr(module, "SCHEMA_VERSION", 7)
        repo = Repository.open(path, create=True)
        add_document(SimpleNamespace(repo=repo), TEXT)
        assert "documents_listing" not in _plan(repo, LISTING_QUERY)
        repo.close()
    repo = Repository.open(path)
    try:
        assert repo.scalar("PRAGMA user_version") == migrations.SCHEMA_VERSION >= 8
        assert "COVERING INDEX documents_listing" in _plan(repo, LISTING_QUERY)
        assert len(repo.document_listing(_sara(repo))) == 1
    finally:
        repo.close()
