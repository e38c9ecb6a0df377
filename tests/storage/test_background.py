"""Statements run on a thread while the caller goes on (storage/background.py): in order, inside
the caller's transaction, the first error raised by `drain()` and the rest skipped, nothing left
running once the block ends."""

from __future__ import annotations

import sqlite3
import sys
import threading

import pytest

from desktop.storage.background import Background
from desktop.storage.repository import Repository


@pytest.fixture
def conn(tmp_path):
    conn = sqlite3.connect(tmp_path / "t.db", isolation_level=None, check_same_thread=False)
    conn.execute("CREATE TABLE t (n INTEGER PRIMARY KEY)")
    yield conn
    conn.close()


def _on_thread(conn: sqlite3.Connection, n: int, threads: list[str]) -> None:
    threads.append(threading.current_thread().name)
    conn.execute("INSERT INTO t (n) VALUES (?)", [n])


@pytest.fixture
def repo(tmp_path):
    project = Repository.open(tmp_path / "p.barchasb", create=True)
    yield project
    project.close()


def test_statements_run_in_order_on_a_thread_inside_the_transaction(conn):
    threads: list[str] = []
    interval = sys.getswitchinterval()
    conn.execute("BEGIN IMMEDIATE")
    later = Background(conn)
    for n in range(5):
        later.submit(_on_thread, conn, n, threads)
    later.drain()
    later.close()
    conn.execute("ROLLBACK")  # they were the transaction's: all gone
    assert threads == ["barchasb-rows"] * 5
    assert conn.execute("SELECT count(*) FROM t").fetchone()[0] == 0
    assert sys.getswitchinterval() == interval  # given back


def test_two_at_once_give_the_switch_interval_back_whichever_ends_first(tmp_path):
    interval = sys.getswitchinterval()
    conns = [sqlite3.connect(tmp_path / f"{n}.db", isolation_level=None, check_same_thread=False) for n in (1, 2)]
    try:
        for conn in conns:
            conn.execute("BEGIN")
        first, second = Background(conns[0]), Background(conns[1])
        assert sys.getswitchinterval() < interval or interval <= 0.0005
        first.close()
        assert sys.getswitchinterval() < interval or interval <= 0.0005  # the second still runs
        second.close()
        assert sys.getswitchinterval() == interval
    finally:
        for conn in conns:
            conn.close()


def test_outside_a_transaction_statements_run_at_once(conn):
    threads: list[str] = []
    later = Background(conn)
    later.submit(_on_thread, conn, 1, threads)
    assert threads == [threading.current_thread().name]
    later.close()


def test_the_first_error_is_raised_by_drain_and_the_rest_are_skipped(conn):
    conn.execute("BEGIN IMMEDIATE")
    later = Background(conn)
    later.submit(conn.execute, "INSERT INTO t (n) VALUES (1)")
    later.submit(conn.execute, "INSERT INTO t (n) VALUES (1)")  # the same key: refused
    later.submit(conn.execute, "INSERT INTO t (n) VALUES (2)")
    with pytest.raises(sqlite3.IntegrityError):
        later.drain()
    later.close()
    assert [row[0] for row in conn.execute("SELECT n FROM t")] == [1]
    conn.execute("ROLLBACK")


def test_an_error_in_the_block_rolls_back_what_the_thread_wrote(repo):
    with pytest.raises(RuntimeError), repo.action("tester"), repo.background() as later:
        later.submit(repo.db.conn.execute, "INSERT INTO settings (key, value) VALUES ('a', '1')")
        later.drain()
        raise RuntimeError("a bad record")
    assert repo.setting("a") is None


def test_a_new_project_keeps_the_sequence_rows_in_the_order_layers_then_documents(repo):
    with repo.action("tester"):
        assert repo.hold_layer_sequence() is True  # neither table has a row yet
        repo.db.execute(
            "INSERT INTO documents (name, content_hash, raw_hash, text, raw, meta, length,"
            " created_at) VALUES ('a', 'h', 'h', 'x', '', '{}', 1, 'now')"
        )
        repo.ensure_annotator("sara")
        repo.release_layer_sequence()  # a layer was made: the row stays
    names = [row[0] for row in repo.db.execute("SELECT name FROM sqlite_sequence ORDER BY rowid")]
    assert names.index("annotators") < names.index("documents")
    with repo.action("tester"):
        assert repo.hold_layer_sequence() is False  # both have their rows now


def test_a_sequence_row_held_for_no_layer_is_dropped(repo):
    with repo.action("tester"):
        assert repo.hold_layer_sequence() is True
        repo.release_layer_sequence()
    assert repo.db.execute("SELECT count(*) FROM sqlite_sequence WHERE name = 'annotators'").fetchone()[0] == 0


def test_multi_row_inserts_stay_within_the_variable_limit_and_keep_the_rows_order():
    from desktop.storage.background import multi_row_inserts

    conn = sqlite3.connect(":memory:")
    conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 7)  # 3 rows of 2 values a statement
    conn.execute("CREATE TABLE t (a, b)")
    rows = [(i, str(i)) for i in range(8)]
    statements = list(multi_row_inserts(conn, "INSERT INTO t (a, b) VALUES", "(?, ?)", rows))
    assert [len(parameters) for _, parameters in statements] == [6, 6, 4]
    for sql, parameters in statements:
        conn.execute(sql, parameters)
    assert conn.execute("SELECT a, b FROM t ORDER BY rowid").fetchall() == rows
    conn.close()
