"""A bulk load into an empty project: constraints and indexes set aside, then made again (and so checked).

Row by row, a 100,000-document copy spends most of its time in the foreign-key
triggers (one lookup per row and key), in keeping every index sorted as rows
arrive, and in the id trigger. Into an empty project the load instead runs with
the foreign keys and unique constraints dropped, the plain indexes dropped and
the id triggers disabled; before the action commits, everything is made again
from its own definition (`pg_get_constraintdef`, `pg_get_indexdef`): an index
built once from sorted rows, a foreign key checked with one join per key. A
row that breaks a constraint fails the action there, as it would have row by
row. All of it is DDL inside the action's transaction: a failure anywhere rolls
the tables back to how they were, constraints included, and nobody else ever
sees the project without them (the tables are locked until COMMIT).

The load also compresses the documents' texts with lz4 where the server has
it (pglz, the default, took half the time of a 100,000-document copy) and
gives the index builds and foreign-key checks more memory than the defaults;
all three settings last until the action's COMMIT (`set_config(..., true)`).

Only the tables' owner may do this; anyone else loads row by row (`relax`
returns None), as before.
"""

from __future__ import annotations

from dataclasses import dataclass

import psycopg
from psycopg import sql

from desktop.storage.tables import TABLES, Row

# Project tables' foreign keys and unique constraints (primary keys stay: the foreign keys need them).
_CONSTRAINTS = """
SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid), c.contype
FROM pg_constraint c
WHERE c.conrelid = ANY(%s::regclass[]) AND c.contype IN ('f', 'u')
ORDER BY c.contype, c.conname
"""
# Indexes that back no constraint (those go and come with their constraint).
_INDEXES = """
SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
FROM pg_index i
WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary
  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x'))
ORDER BY 1
"""
# The per-row id triggers (schema.py): the load brings every id along and moves the sequences once.
_ID_TRIGGERS = """
SELECT t.tgrelid::regclass::text, t.tgname FROM pg_trigger t
WHERE t.tgrelid = ANY(%s::regclass[]) AND t.tgfoid = 'barchasb_id'::regproc
ORDER BY 1
"""
# For this transaction only; lz4 only where the server was built with it.
_SETTINGS = """
SELECT set_config('maintenance_work_mem', '256MB', true), set_config('work_mem', '64MB', true),
       (SELECT set_config('default_toast_compression', 'lz4', true) FROM pg_settings
        WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals))
"""
_OWNED_AND_EMPTY = """
SELECT bool_and(pg_has_role(c.relowner, 'MEMBER')) AND NOT EXISTS (SELECT 1 FROM documents)
FROM pg_class c WHERE c.oid = ANY(%s::regclass[])
"""


@dataclass
class Relaxed:
    """What `relax` set aside, to be made again by `restore`."""

    constraints: list[tuple[str, str, str, str]]  # table, name, definition, kind ('f' / 'u')
    indexes: list[tuple[str, str]]  # name, definition
    id_triggers: list[tuple[str, str]]  # table, trigger

    def restore(self, conn: psycopg.Connection[Row]) -> None:
        """Indexes, unique constraints, then foreign keys made again (each one checked as it is made)."""
        for _, definition in self.indexes:
            conn.execute(definition)
        for kind in ("u", "f"):
            for table, name, definition, what in self.constraints:
                if what == kind:
                    conn.execute(
                        sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} ").format(sql.Identifier(table), sql.Identifier(name))
                        + sql.SQL(definition)  # the server's own words for it
                    )
        for table, trigger in self.id_triggers:
            conn.execute(
                sql.SQL("ALTER TABLE {} ENABLE TRIGGER {}").format(sql.Identifier(table), sql.Identifier(trigger))
            )


def relax(conn: psycopg.Connection[Row]) -> Relaxed | None:
    """Set the project's constraints and indexes aside for a load (inside its transaction), or
    None when the project is not empty or not ours to alter: then rows are loaded one by one."""
    names = [t.name for t in TABLES]
    row = conn.execute(_OWNED_AND_EMPTY, [names]).fetchone()
    if row is None or not row[0]:
        return None
    conn.execute(_SETTINGS)
    relaxed = Relaxed(
        [(str(a), str(b), str(c), str(d)) for a, b, c, d in conn.execute(_CONSTRAINTS, [names])],
        [(str(a), str(b)) for a, b in conn.execute(_INDEXES, [names])],
        [(str(a), str(b)) for a, b in conn.execute(_ID_TRIGGERS, [names])],
    )
    for kind in ("f", "u"):  # foreign keys first: they lean on the unique indexes
        for table, name, _, what in relaxed.constraints:
            if what == kind:
                conn.execute(
                    sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(sql.Identifier(table), sql.Identifier(name))
                )
    for name, _ in relaxed.indexes:
        conn.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
    for table, trigger in relaxed.id_triggers:
        conn.execute(
            sql.SQL("ALTER TABLE {} DISABLE TRIGGER {}").format(sql.Identifier(table), sql.Identifier(trigger))
        )
    return relaxed


def _trigger(verb: str, table: str, trigger: str) -> sql.Composed:
    statement = sql.SQL("ENABLE" if verb == "ENABLE" else "DISABLE")
    return sql.SQL("ALTER TABLE {} {} TRIGGER {}").format(sql.Identifier(table), statement, sql.Identifier(trigger))
