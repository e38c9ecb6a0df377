"""A read-only snapshot of a project file: its own connection, one read transaction.

A worker thread reads through one of these (never the window's connection) and
sees one consistent state while the window keeps writing (WAL).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desktop.storage.db import BUSY_TIMEOUT_MS, read_only_uri


def open_snapshot(path: Path) -> sqlite3.Connection:
    """A read-only connection holding one read transaction (a snapshot); works
    in a read-only folder too."""
    conn = sqlite3.connect(read_only_uri(path), uri=True, check_same_thread=False)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("BEGIN")
        conn.execute("SELECT count(*) FROM documents").fetchone()  # pins the snapshot now
    except BaseException:
        conn.close()
        raise
    return conn
