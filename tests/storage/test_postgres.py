"""The PostgreSQL backend's own parts: its schema's versions, the SQL it translates, ids and upgrades.

Everything a project store does is tests/storage/test_contract.py's, run on
both backends; these are what only the server backend has.
"""

from __future__ import annotations

import itertools
import threading

import psycopg
import pytest

from desktop.core.errors import ProjectError
from desktop.core.model import Label, Span
from desktop.core.suggestion import Gazetteer
from desktop.storage import migrations
from desktop.storage.documents import NewDocument
from desktop.storage.postgres import schema
from desktop.storage.postgres.adapter import translate
from desktop.storage.postgres.store import PostgresStore
from desktop.storage.postgres.url import display, is_server_url
from desktop.storage.tables import TABLES

PLACE = Label("place", "مکان", "Place", "#1f77b4", "1")


def test_the_server_schema_has_the_file_schemas_versions():
    assert [name for name, _ in schema.STEPS] == migrations.NAMES
    assert schema.SCHEMA_VERSION == migrations.SCHEMA_VERSION


def test_sqlite_sql_is_translated_for_postgresql():
    assert translate("SELECT 1 FROM spans WHERE id = ? AND label = 'a?'").sql == (
        "SELECT 1 FROM spans WHERE id = %s AND label = 'a?'"
    )
    named = translate("INSERT INTO spans (id, note) VALUES (:id, :note)")
    assert named.sql == "INSERT INTO spans (id, note) VALUES (%(id)s, %(note)s) RETURNING id" and named.savepoint
    each = translate("SELECT id FROM documents WHERE id IN (SELECT value FROM json_each(?)) AND name = ?")
    assert each.sql == "SELECT id FROM documents WHERE id = ANY(%s) AND name = %s" and each.json_params == (0,)
    assert translate("INSERT OR IGNORE INTO gazetteer_entries (gazetteer, entry) VALUES (?, ?)").sql.endswith(
        "VALUES (%s, %s) ON CONFLICT DO NOTHING"
    )
    assert translate("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)").sql == (
        "INSERT INTO settings (key, value) VALUES (%s, %s) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
    )
    assert translate("SELECT x FROM t WHERE a LIKE '%' || ?").sql == "SELECT x FROM t WHERE a LIKE '%%' || %s"
    assert translate("SELECT 1 FROM span_entities m CROSS JOIN spans s ON s.id = m.span_id").sql == (
        "SELECT 1 FROM span_entities m JOIN spans s ON s.id = m.span_id"
    )
    assert not translate("INSERT INTO history (at) VALUES (?)").savepoint  # never conflicts: no extra round trip


def test_urls_are_told_from_paths_and_shown_without_secrets():
    assert is_server_url("postgresql://sara@host/news") and is_server_url("postgres://h/db")
    assert not is_server_url("news.barchasb") and not is_server_url(None)
    assert display("postgresql://sara:pw@host:5432/news?password=x&sslmode=require") == (
        "postgresql://sara:***@host:5432/news?password=***&sslmode=require"
    )


@pytest.mark.postgres
def test_ids_are_never_handed_out_twice(postgres_url):
    store = PostgresStore.open(postgres_url, create=True)
    try:
        with store.action("t"):
            store.save_label(PLACE)
            sara = store.ensure_annotator("sara")
        doc = NewDocument("a", "متن", "متن", "h1", "h1", None, {})
        with store.action("t"):
            [first] = store.insert_documents([doc], first_id=store.next_document_id())
            span = store.insert_span(Span(first, 0, 1, "place", sara.id))
            store.delete_span(span.id)
            again = store.insert_span(Span(first, 0, 1, "place", sara.id))
            restored = store.insert_span(Span(first, 1, 2, "place", sara.id, id=50))  # an explicit id moves them on
            after = store.insert_span(Span(first, 2, 3, "place", sara.id))
        assert (first, again.id, restored.id, after.id) == (1, span.id + 1, 50, 51)
        assert store.next_document_id() == 2
    finally:
        store.close()


@pytest.mark.postgres
def test_a_bulk_insert_and_single_inserts_never_take_the_same_id(postgres_url):
    """A bulk insert counts its ids out ahead (next_id); a single insert of another client waits for it."""
    store, other = PostgresStore.open(postgres_url, create=True), None
    try:
        with store.action("t"):
            store.save_label(PLACE)
            sara = store.ensure_annotator("sara")
        with store.action("t"):
            [doc] = store.insert_documents([NewDocument("a", "متن ها", "متن ها", "h", "h", None, {})])
        other = PostgresStore.open(postgres_url)
        done: list[int] = []
        with store.action("bulk"):
            first = store.next_id("spans")  # holds the ids until this action ends
            worker = threading.Thread(target=lambda: done.append(_single_span(other, doc, sara.id)), daemon=True)
            worker.start()
            worker.join(0.3)
            assert worker.is_alive()  # waiting for the bulk insert
            ids = store.insert_spans([Span(doc, 0, 1, "place", sara.id), Span(doc, 1, 2, "place", sara.id)])
        worker.join(10)
        assert ids == [first, first + 1] and done == [first + 2]
    finally:
        store.close()
        if other is not None:
            other.close()


def _single_span(store: PostgresStore, doc: int, layer: int) -> int:
    with store.action("omid"):
        made = store.insert_span(Span(doc, 3, 4, "place", layer))
    assert made.id is not None
    return made.id


@pytest.mark.postgres
def test_an_older_project_is_upgraded_and_a_newer_one_refused(postgres_url):
    PostgresStore.open(postgres_url, create=True).close()
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("DROP INDEX documents_listing")  # what step 0008 makes
        conn.execute("DROP TABLE document_tokens")  # and the one before (0007); the steps after make nothing
        before_0007 = [name for name, _ in schema.STEPS].index("0007_document_tokens")
        conn.execute("UPDATE barchasb_project SET schema_version = %s", [before_0007])
    store = PostgresStore.open(postgres_url)
    try:
        with store.action("system"):
            store.save_token_counts({}, 1)
        assert store.scalar("SELECT count(*) FROM document_tokens") == 0
        assert store.scalar("SELECT count(*) FROM pg_indexes WHERE indexname = 'documents_listing'") == 1
    finally:
        store.close()
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("UPDATE barchasb_project SET schema_version = 999")
    with pytest.raises(ProjectError, match="newer version of Barchasb"):
        PostgresStore.open(postgres_url)


@pytest.mark.postgres
def test_every_table_of_the_copy_list_is_in_the_server_schema(postgres_url):
    PostgresStore.open(postgres_url, create=True).close()
    with psycopg.connect(postgres_url) as conn:
        for table in TABLES:
            columns = [
                row[0]
                for row in conn.execute(
                    "SELECT column_name FROM information_schema.columns"
                    " WHERE table_name = %s ORDER BY ordinal_position",
                    [table.name],
                )
            ]
            assert columns == list(table.columns), table.name


@pytest.mark.postgres
def test_history_is_append_only_on_the_server(postgres_url):
    store = PostgresStore.open(postgres_url, create=True)
    try:
        with store.action("t"):
            store.set_setting("x", 1)
    finally:
        store.close()
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        for statement in ("UPDATE history SET actor = 'eve'", "DELETE FROM history", "TRUNCATE history"):
            with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
                conn.execute(statement)


@pytest.mark.postgres
def test_text_sorts_by_code_point_whatever_the_database_locale(postgres_cluster):
    """Lists come out in SQLite's order (code points) even in a database that collates by language."""
    name = f"icu_{next(_ICU)}"
    postgres_cluster.sql(
        f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C'"
    )
    entries = ["b", "B", "a", "ä", "ی", "ي", "Z"]
    store = PostgresStore.open(postgres_cluster.url(name), create=True)
    try:
        with store.action("t"):
            store.save_label(PLACE)
            store.save_gazetteer(Gazetteer("words", "place"))
            store.add_gazetteer_entries("words", entries)
        assert store.gazetteer_entries("words") == sorted(entries)
    finally:
        store.close()
    with psycopg.connect(postgres_cluster.url(name)) as conn:  # the database itself sorts otherwise
        rows = conn.execute("SELECT x FROM unnest(%s::text[]) x ORDER BY x", [entries]).fetchall()
    assert [x for (x,) in rows] != sorted(entries)


_ICU = itertools.count(1)


def test_a_server_store_opened_again_goes_through_the_same_server(postgres_url):
    """A worker's store (File → Import, Merge) reaches the same database through the same `Server`
    (a password typed at the prompt is kept there and not asked again), not through the store's
    `path`, which on a server is only the database's name."""
    from desktop.storage.locate import open_again

    store = PostgresStore.open(postgres_url, create=True)
    try:
        again = open_again(store)
        try:
            assert isinstance(again, PostgresStore) and again.server is store.server
            assert again.pg.raw.info.backend_pid != store.pg.raw.info.backend_pid  # a connection of its own
            with again.action("t"):
                [doc] = again.insert_documents([NewDocument("b", "ورود تازه", "ورود تازه", "h2", "h2", None, {})])
            assert store.document_text(doc) == "ورود تازه"  # written through one, read through the other
        finally:
            again.close()
    finally:
        store.close()
