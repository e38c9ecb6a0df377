"""Helpers of the reliability suite: looking at a project from outside.

Every check here opens the file with the plain `sqlite3` module, never through
the code under test, so a bug in the repository cannot hide itself.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from contextlib import closing
from pathlib import Path

from hypothesis import HealthCheck, settings

CI = bool(os.environ.get("CI"))
FUZZ_SCALE = int(os.environ.get("BARCHASB_FUZZ_SCALE", "1"))  # e.g. 100 for a long campaign


def fuzz(examples: int) -> settings:
    """Hypothesis settings of a fuzz test: reproducible in CI (the same examples
    every run, no example database), exploring anew on a developer's machine."""
    return settings(
        max_examples=examples * FUZZ_SCALE,
        deadline=None,
        derandomize=CI,
        database=None if CI else settings.default.database,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    )


ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"


def connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, timeout=10)


def integrity(path: Path) -> str:
    with closing(connect(path)) as conn:
        return "; ".join(row[0] for row in conn.execute("PRAGMA integrity_check"))


def tables(conn: sqlite3.Connection) -> list[str]:
    return [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]


def row_counts(path: Path) -> dict[str, int]:
    with closing(connect(path)) as conn:
        return {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in tables(conn)}


def content_digest(path: Path) -> str:
    """A hash of every row of every table: equal digests, equal projects."""
    digest = hashlib.sha256()
    with closing(connect(path)) as conn:
        for name in tables(conn):
            digest.update(name.encode())
            for row in conn.execute(f'SELECT * FROM "{name}" ORDER BY 1'):
                digest.update(repr(row).encode())
    return digest.hexdigest()


def file_state(path: Path) -> dict[str, bytes | None]:
    """The bytes of a project file and of its -wal/-shm companions."""
    out = {}
    for suffix in ("", "-wal", "-shm", "-journal"):
        p = path.with_name(path.name + suffix)
        out[suffix] = p.read_bytes() if p.exists() else None
    return out


def corrupt_table(path: Path, table: str) -> None:
    """Damage the root page of a table of a closed project (its page type byte)."""
    with closing(connect(path)) as conn:
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", [table]).fetchone()[0]
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with open(path, "r+b") as f:
        f.seek((root - 1) * page_size)
        f.write(b"\xff")
