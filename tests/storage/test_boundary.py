"""Storage owns the database: no SQL, connection or Repository outside desktop/storage.

The workspace asks storage's read models (desktop/storage/contract.py); the
window and the commands ask the workspace. What still reaches past the line
is listed here by name, so the list can only shrink.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "desktop"

# Nothing left today: a module that must reach past the line is named here, so the list can only shrink.
SQL_LEFT: set[str] = set()
REPO_LEFT: set[str] = set()

SQL = re.compile(
    r"\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM|PRAGMA)\b|\.execute\(|\.db\.|\.scalar\("
    r"|^\s*(import sqlite3|from sqlite3|import sqlite_utils|from sqlite_utils)",
    re.M,
)
REACHING_IN = re.compile(r"\.repo\b|Repository\.open\(")


def _modules(*folders: str) -> dict[str, str]:
    found = {}
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            found[path.relative_to(ROOT).as_posix()] = path.read_text(encoding="utf-8")
    return found


def test_no_sql_or_connection_outside_storage():
    offenders = sorted(
        name
        for name, source in _modules("workspace", "qt", "commands").items()
        if name not in SQL_LEFT and SQL.search(source)
    )
    cli = (ROOT / "cli.py").read_text(encoding="utf-8")
    assert offenders == [] and not SQL.search(cli)


def test_window_and_commands_ask_the_workspace_not_the_storage():
    offenders = sorted(
        name
        for name, source in _modules("qt", "commands").items()
        if name not in REPO_LEFT and REACHING_IN.search(source)
    )
    assert offenders == []


def test_use_cases_know_the_storage_by_its_contract_only():
    """Only the Workspace opens the SQLite backend; every use case is written against
    ProjectStore (desktop/storage/contract.py), so a second backend serves them all."""
    naming = sorted(
        name
        for name, source in _modules("workspace").items()
        if re.search(r"\bRepository\b", source) and name not in ("workspace/session.py", "workspace/reads.py")
    )
    assert naming == []


def test_the_lists_of_what_is_left_name_real_offenders():
    """When a module on a list is fixed, it comes off the list."""
    sources = _modules("workspace", "qt", "commands")
    assert all(SQL.search(sources[name]) for name in SQL_LEFT)
    assert all(REACHING_IN.search(sources[name]) for name in REPO_LEFT)
