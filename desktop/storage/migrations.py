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

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

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

Step = Callable[[Database], None]


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

MIGRATIONS = Migrations("barchasb")
for _name, _step in STEPS:
    MIGRATIONS(name=_name)(_step)

NAMES: list[str] = [name for name, _ in STEPS]  # in version order
SCHEMA_VERSION = len(STEPS)
