"""The relation layer of a project as plain values, read two ways that must agree.

`from_tables` reads the rows (spans, relations, attribute values, entity links,
entities); `from_history` replays the journal. A step is one transaction that
writes its rows and their history rows together, so after any kill the two are
equal, and the state a worker saw when a step returned is the journal replayed
up to that step's batch. Shared by the crash worker (crash_relations.py) and
the test (test_crash_relations.py); plain `sqlite3` only.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable
from typing import Any

KINDS = ("span", "relation", "span_attribute", "span_entity", "entity")
State = dict[str, dict[str, Any]]


def empty() -> State:
    return {kind: {} for kind in KINDS}


def from_tables(conn: sqlite3.Connection) -> State:
    state = empty()
    for row in conn.execute('SELECT id, document_id, annotator_id, start, "end", label FROM spans'):
        state["span"][str(row[0])] = list(row[1:])
    for row in conn.execute("SELECT id, document_id, annotator_id, head, tail, type FROM relations"):
        state["relation"][str(row[0])] = list(row[1:])
    for span_id, name, value in conn.execute("SELECT span_id, name, value FROM span_attributes"):
        state["span_attribute"][f"{span_id}.{name}"] = json.loads(value)
    for span_id, entity_id in conn.execute("SELECT span_id, entity_id FROM span_entities"):
        state["span_entity"][str(span_id)] = entity_id
    aliases: dict[int, list[str]] = {}
    for entity_id, alias in conn.execute("SELECT entity_id, alias FROM entity_aliases ORDER BY entity_id, position"):
        aliases.setdefault(entity_id, []).append(alias)
    for entity_id, name, etype, external in conn.execute("SELECT id, name, type, external_id FROM entities"):
        state["entity"][str(entity_id)] = [name, etype, external, aliases.get(entity_id, [])]
    return state


def project(kind: str, after: dict[str, Any]) -> Any:
    """What `from_tables` keeps of a history row's `after`."""
    if kind == "span":
        return [after[k] for k in ("document_id", "annotator_id", "start", "end", "label")]
    if kind == "relation":
        return [after[k] for k in ("document_id", "annotator_id", "head", "tail", "type")]
    if kind == "span_attribute":
        return after["value"]
    if kind == "span_entity":
        return after["entity_id"]
    return [after["name"], after["type"], after["external_id"], list(after["aliases"])]


def apply_rows(state: State, rows: Iterable[tuple[str, str, str | None]]) -> State:
    """`state` (changed in place) with history rows (entity, entity_id, after) applied in order."""
    for kind, entity_id, after in rows:
        if kind not in state:
            continue
        if after is None:
            state[kind].pop(entity_id, None)
        else:
            state[kind][entity_id] = project(kind, json.loads(after))
    return state


def history(conn: sqlite3.Connection, after_id: int = 0) -> list[tuple[int, str, str, str, str | None]]:
    """History rows past `after_id`: (id, batch, entity, entity_id, after), in order."""
    sql = "SELECT id, batch, entity, entity_id, after FROM history WHERE id > ? ORDER BY id"
    return conn.execute(sql, [after_id]).fetchall()


def digest(state: State) -> str:
    return hashlib.sha256(json.dumps(state, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]
