"""The server's fast paths (storage/postgres/fast_paths.py, bulk_load.py): fewer round trips, the same rows.

Each test counts what is sent to the server or reads the catalog and the
stored rows: a span in one statement with its history row as the file writes
it, the document list in one query equal to the shared three, gazetteer
entries in one batch, and a bulk load that leaves every constraint, index and
trigger as a new project has them.
"""

from __future__ import annotations

import psycopg
import pytest

from desktop.core.errors import ConflictError
from desktop.core.model import Span, Status
from desktop.core.suggestion import Gazetteer
from desktop.storage.documents import DocumentsMixin
from desktop.storage.postgres.store import PostgresStore
from desktop.storage.rows import span_to_dict
from desktop.storage.tables import TABLES

from every_table import fill_every_table

pytestmark = pytest.mark.postgres


class _Statements:
    """Counts statements and transaction commands sent (each one a round trip)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        for owner, name in ((psycopg.Cursor, "execute"), (psycopg.Cursor, "executemany")):
            self._wrap(monkeypatch, owner, name)
        for name in ("__enter__", "__exit__"):
            self._wrap(monkeypatch, psycopg.Transaction, name)

    def _wrap(self, monkeypatch: pytest.MonkeyPatch, owner: type, name: str) -> None:
        original = getattr(owner, name)

        def counted(*args, **kwargs):
            self.count += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(owner, name, counted)


def _filled(url: str) -> PostgresStore:
    store = PostgresStore.open(url, create=True)
    fill_every_table(store)
    return store


def test_a_span_is_one_statement_with_its_history_row_and_a_refused_one_leaves_the_action_going(
    postgres_url, monkeypatch
):
    store = _filled(postgres_url)
    try:
        sara = store.ensure_annotator("sara")
        statements = _Statements(monkeypatch)
        with store.action("sara"):
            before = statements.count
            made = store.insert_span(Span(2, 0, 5, "place", sara.id))
            assert statements.count - before == 1
            with pytest.raises(ConflictError, match="already has a place span"):
                store.insert_span(Span(2, 0, 5, "place", sara.id))
            with pytest.raises(ConflictError, match="missing document"):
                store.insert_span(Span(2, 0, 5, "no-such-label", sara.id))
            other = store.insert_span(Span(2, 1, 5, "place", sara.id))  # the transaction is still usable
        assert store.span(made.id) == made and store.span(other.id) == other
        rows = store.history(entity="span", entity_id=made.id)
        assert [(r["action"], r["actor"], r["before"], r["after"]) for r in rows] == [
            ("span.create", "sara", None, span_to_dict(made))
        ]
        raw = store.scalar("SELECT after FROM history WHERE entity = 'span' AND entity_id = ?", [str(made.id)])
        assert raw.startswith('{"annotator_id":') and f'"id":{made.id},' in raw  # the file's encoding
    finally:
        store.close()


def test_the_document_list_is_one_query_and_the_same_as_the_shared_three(postgres_url, monkeypatch):
    store = _filled(postgres_url)
    try:
        sara = store.ensure_annotator("sara")
        with store.action("sara"):
            store.insert_span(Span(1, 0, 3, "place", sara.id))
            store.set_status(2, sara.id, Status.DONE)
        statements = _Statements(monkeypatch)
        listing = store.document_listing(sara.id)
        assert statements.count == 1
        assert listing == DocumentsMixin.document_listing(store, sara.id)
        assert listing.statuses[1] == Status.DONE and listing.span_counts[0] >= 1
    finally:
        store.close()


def test_gazetteer_entries_go_in_one_batch_whatever_their_number(postgres_url, monkeypatch):
    store = PostgresStore.open(postgres_url, create=True)
    try:
        from desktop.core.model import Label

        with store.action("system"):
            store.save_label(Label("place", "مکان", "Place", "#1f77b4", "1"))
            store.save_gazetteer(Gazetteer("cities", "place", ""))
            store.add_gazetteer_entries("cities", ["تهران"])
        statements = _Statements(monkeypatch)
        with store.action("system"):
            added = store.add_gazetteer_entries("cities", ["تهران", *(f"شهر {n}" for n in range(300)), "شهر 1"])
        assert statements.count < 10 and len(added) == 300 and "تهران" not in added
        with store.action("system"):
            assert store.remove_gazetteer_entries("cities", ["شهر 0", "نیست", "شهر 0"]) == ["شهر 0"]
        assert len(store.gazetteer_entries("cities")) == 300
    finally:
        store.close()


def _catalog(url: str | psycopg.Connection) -> list[tuple]:
    """Every constraint, index and trigger of the project's tables, as the server defines them
    (seen by a new connection to `url`, or by this one, inside its transaction)."""
    if isinstance(url, psycopg.Connection):
        return _read_catalog(url)
    with psycopg.connect(url) as conn:
        return _read_catalog(conn)


def _read_catalog(conn: psycopg.Connection) -> list[tuple]:
    names = [t.name for t in TABLES]
    constraints = conn.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
        " WHERE conrelid = ANY(%s::regclass[]) ORDER BY 1, 2",
        [names],
    ).fetchall()
    indexes = conn.execute(
        "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index"
        " WHERE indrelid = ANY(%s::regclass[]) ORDER BY 1",
        [names],
    ).fetchall()
    triggers = conn.execute(
        "SELECT tgrelid::regclass::text, tgname, tgenabled FROM pg_trigger"
        " WHERE tgrelid = ANY(%s::regclass[]) AND NOT tgisinternal ORDER BY 1, 2",
        [names],
    ).fetchall()
    return [*constraints, *indexes, *triggers]


def test_a_bulk_load_leaves_every_constraint_index_and_trigger_as_a_new_project_has_them(postgres_cluster):
    source, target_url, fresh_url = (
        _filled(postgres_cluster.fresh_url()),
        postgres_cluster.fresh_url(),
        _fresh(postgres_cluster),
    )
    target = PostgresStore.open(target_url, create=True)
    try:
        with source.dump() as dump, target.action("copy"):
            for t in TABLES:
                target.load_rows(t.name, dump.rows(t.name))
            target.set_sequences(dump.sequences())
            assert len(_catalog(target.pg.raw)) < len(_catalog(fresh_url))  # set aside while the rows come in ...
        assert _catalog(target_url) == _catalog(fresh_url)  # ... and all back at COMMIT
        sara = target.find_annotator("sara")
        assert sara is not None
        span = target.spans(1, sara.id)[0]
        with target.action("sara"), pytest.raises(ConflictError):  # the unique constraint holds again
            target.insert_span(Span(span.document_id, span.start, span.end, span.label, sara.id))
    finally:
        source.close()
        target.close()


def test_a_bulk_load_that_breaks_a_constraint_leaves_nothing(postgres_cluster):
    target_url = postgres_cluster.fresh_url()
    target = PostgresStore.open(target_url, create=True)
    try:
        spans = next(t for t in TABLES if t.name == "spans")
        orphan = [(1, 99, 0, 3, "place", 1, "manual", "", "t", "t")]  # no document 99, no label, no annotator
        assert len(orphan[0]) == len(spans.columns)
        with pytest.raises(Exception, match="FOREIGN KEY"), target.action("copy"):
            target.load_rows("spans", iter(orphan))
        assert target.span_count() == 0
        assert _catalog(target_url) == _catalog(_fresh(postgres_cluster))
    finally:
        target.close()


def _fresh(cluster) -> str:
    url = cluster.fresh_url()
    PostgresStore.open(url, create=True).close()
    return url
