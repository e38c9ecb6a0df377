"""The project schema, as one explicit ordered list of sqlite-utils migrations.

Never edit a migration that has shipped: add a new module and append it to
`STEPS`. A migration's position in `STEPS` is its schema version, whatever
order Python happens to import the schema modules in (they register nothing
themselves). `SCHEMA_VERSION` is the number of migrations and is mirrored in
`PRAGMA user_version`, so a file from a newer Barchasb is recognised before
anything touches it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from desktop.storage import (
    schema_assignments,
    schema_initial,
    schema_listing,
    schema_relations,
    schema_review,
    schema_review_relations,
    schema_search,
    schema_suggestions,
    schema_token_bounds,
    schema_tokens,
)

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

Step = Callable[["Database"], None]


def _statements(script: str) -> list[str]:
    """Split a script into statements (sqlite3.complete_statement knows triggers)."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return [s for s in statements if s]


def _script(script: str) -> Step:
    """A migration that runs each statement of `script` (inside the migration's transaction)."""

    def run(db: Database) -> None:
        for statement in _statements(script):
            db.execute(statement)

    return run


# The one ordered list. Append only; a migration that needs Python rather than
# SQL puts a function of its own here instead of `_script(...)`.
STEPS: tuple[tuple[str, Step], ...] = (
    ("0001_initial", _script(schema_initial.SQL)),
    ("0002_review", _script(schema_review.SQL)),
    ("0003_suggestions", _script(schema_suggestions.SQL)),
    ("0004_relations", _script(schema_relations.SQL)),
    ("0005_assignments", _script(schema_assignments.SQL)),
    ("0006_review_relations", _script(schema_review_relations.SQL)),
    ("0007_document_tokens", _script(schema_tokens.SQL)),
    ("0008_document_listing", _script(schema_listing.SQL)),
    ("0009_document_search", _script(schema_search.SQL)),
    ("0010_document_token_bounds", _script(schema_token_bounds.SQL)),
)

NAMES: list[str] = [name for name, _ in STEPS]  # in version order
SCHEMA_VERSION = len(STEPS)
MIGRATIONS_TABLE = "_sqlite_migrations"  # where sqlite-utils records what it applied

_migrations: Migrations | None = None


def migrations() -> Migrations:
    """The steps as sqlite-utils' `Migrations` (`MIGRATIONS`): built, and sqlite-utils
    loaded, only when a schema is created or upgraded (opening a project reads
    `pending_names` instead)."""
    global _migrations
    if _migrations is None:
        from desktop.storage import load_sqlite_utils

        load_sqlite_utils()  # without pandas and numpy
        from sqlite_utils.migrations import Migrations

        built = Migrations("barchasb")
        for name, step in STEPS:
            built(name=name)(step)
        _migrations = built
    return _migrations


def __getattr__(name: str) -> Any:
    if name == "MIGRATIONS":
        return migrations()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def pending_names(db: Any) -> list[str]:
    """The migrations not yet applied to `db`, in order, in plain SQL: what
    `MIGRATIONS.pending(db)` says, without loading sqlite-utils."""
    registered = NAMES if _migrations is None else [m.name for m in _migrations._migrations]
    found = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [MIGRATIONS_TABLE])
    if found.fetchone() is None:
        return registered
    rows = db.execute(f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ?", ["barchasb"])
    applied = {row[0] for row in rows}
    return [name for name in registered if name not in applied]
