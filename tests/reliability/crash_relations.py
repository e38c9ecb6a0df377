"""The crash worker's relation edits: relations, attributes, entity links, cascades, undo.

Run by crash_child.py's zygote (op "relations"). Each step is one use case of
desktop.workspace.relations (or a span edit that takes relations along, or
undo/redo). The log says, for step n:

    B {"step": n, "kind": ...}              before the call
    P {"ops": k}                            the call opened its transaction, writing k ops
    D {"step": n, "batch", "rows", "h", "digest"}
                                            the call returned: its history batch, how many
                                            rows it journaled, the last history id, and the
                                            digest of the relation layer it left
    E {"step": n, "error": ...}             refused without effect

The worker never sees the test; the test kills it between or inside steps.
"""

from __future__ import annotations

import random
from typing import Any

import relation_state

from desktop.core.errors import BarchasbError
from desktop.workspace import Workspace
from desktop.workspace.relations import Entities, Relations, SpanAttributes

LABELS = ["official", "title", "organisation", "agreement", "figure", "date", "place", "event"]
CHOICES = {"title": ("role_level", ["minister", "deputy", "governor", None]), "agreement": ("status", ["signed", None])}
KINDS = {
    "add_span": 22,
    "relate": 26,
    "delete_relation": 6,
    "retype": 5,
    "reverse": 5,
    "attribute": 8,
    "link": 6,
    "delete_span": 8,
    "relabel": 4,
    "entity": 1,
    "undo": 7,
    "redo": 4,
}


def instrument(log: Any) -> None:
    """Log how many ops a step writes as its transaction opens (the worker's own copy of the class)."""
    original = Workspace._apply

    def _apply(self: Workspace, ops: Any, action: str) -> Any:
        log.write("P", {"ops": len(ops)})
        return original(self, ops, action)

    Workspace._apply = _apply  # type: ignore[method-assign]


def relations(cmd: dict, log: Any) -> None:
    rng = random.Random(cmd["seed"])
    instrument(log)
    ws = Workspace.open(cmd["project"], cmd["annotator"])
    conn = ws.repo.db.conn
    docs = {doc: ws.repo.document_length(doc) for doc in cmd["documents"]}
    for step in range(cmd.get("steps", 10**9)):
        kind = rng.choices(list(KINDS), list(KINDS.values()))[0]
        last = conn.execute("SELECT coalesce(max(id), 0) FROM history").fetchone()[0]
        log.write("B", {"step": step, "kind": kind})
        try:
            _step(ws, rng, kind, docs)
        except BarchasbError as exc:  # a duplicate, a type that does not fit: nothing written
            log.write("E", {"step": step, "error": str(exc)})
            continue
        rows = relation_state.history(conn, last)
        batches = sorted({row[1] for row in rows})
        state = relation_state.from_tables(conn)
        h = rows[-1][0] if rows else last
        done = {"step": step, "batch": batches, "rows": len(rows), "h": h, "digest": relation_state.digest(state)}
        log.write("D", done)
    ws.close()
    log.write("END", {})


def _step(ws: Workspace, rng: random.Random, kind: str, docs: dict[int, int]) -> None:
    doc = rng.choice(list(docs))
    spans = ws.spans(doc)
    mine = Relations(ws).of_document(doc)
    if kind == "add_span" or not spans:
        start = rng.randrange(docs[doc] - 12)
        ws.add_span(doc, start, start + rng.randint(2, 10), rng.choice(LABELS))
    elif kind == "relate":
        _relate(ws, rng, spans)
    elif kind in ("delete_relation", "retype", "reverse") and mine:
        relation = rng.choice(mine).id
        edits = Relations(ws)
        if kind == "delete_relation":
            edits.delete(relation)
        elif kind == "retype":
            edits.retype(relation, rng.choice([t.key for t in edits.types()]))
        else:
            edits.reverse(relation)
    elif kind == "attribute":
        span = rng.choice([s for s in spans if s.label in CHOICES] or spans)
        name, values = CHOICES.get(span.label, ("role_level", [None]))
        SpanAttributes(ws).set(span.id, name, rng.choice(values))
    elif kind == "link":
        entities = Entities(ws).all()
        target = rng.choice([*[e.id for e in entities], None]) if entities else None
        Entities(ws).link(rng.choice(spans).id, target)
    elif kind == "delete_span":  # mostly one with relations: the cascade is the point
        ends = [r.head for r in mine] + [r.tail for r in mine]
        ws.delete_span(rng.choice(ends) if ends and rng.random() < 0.8 else rng.choice(spans).id)
    elif kind == "relabel":
        ws.update_span(rng.choice(spans).id, label=rng.choice(LABELS))
    elif kind == "entity":
        Entities(ws).create(f"نهاد {rng.randrange(10**6)}", rng.choice(["official", "organisation"]))
    elif kind == "undo":
        ws.undo()
    elif kind == "redo":
        ws.redo()


def _relate(ws: Workspace, rng: random.Random, spans: list) -> None:
    """Two spans of the document and a type that fits their labels, if any (else any type)."""
    types = Relations(ws).types()
    for _ in range(20):
        head, tail = rng.sample(spans, 2) if len(spans) > 1 else (spans[0], spans[0])
        fitting = [t.key for t in types if t.allows(head.label, tail.label)]
        if fitting:
            Relations(ws).add(head.id, tail.id, rng.choice(fitting))
            return
    if len(spans) > 1:
        Relations(ws).add(head.id, tail.id, rng.choice(types).key)  # refused: tested too


def upgrade_relations(cmd: dict, log: Any) -> None:
    """Open a schema-3 project with the real migration 0004, slowed down (a pause after each
    statement, inside its transaction) so that kills land inside it; logs each statement."""
    import time

    from desktop.storage import migrations
    from desktop.storage.repository import Repository

    def slow(db: Any) -> None:
        for n, statement in enumerate(migrations._statements(migrations.schema_relations.SQL)):
            log.write("M", {"statement": n})
            db.execute(statement)
            time.sleep(cmd["pause"])

    for migration in migrations.MIGRATIONS._migrations:
        if migration.name == "0004_relations":
            migration.fn = slow
    log.write("B", {"kind": "upgrade"})
    Repository.open(cmd["project"]).close()
    log.write("D", {"kind": "upgrade"})
    log.write("END", {})


OPS = {"relations": relations, "upgrade_relations": upgrade_relations}


def import_relations(cmd: dict, log: Any) -> None:
    """`barchasb import` of annotated JSONL files carrying relations, one command per file."""
    from desktop.cli import main as cli_main

    for source in cmd["files"]:
        log.write("B", {"kind": "import", "file": source})
        code = cli_main(["import", cmd["project"], source])
        log.write("D" if code == 0 else "E", {"kind": "import", "file": source, "code": code})
    log.write("END", {})


OPS["import_relations"] = import_relations
