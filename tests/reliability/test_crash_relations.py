"""SIGKILL during relation edits, imports carrying relations, and the upgrade that adds
relations loses nothing acknowledged.

A worker (crash_relations.py, forked by crash_child.py's zygote) adds, deletes,
retypes and reverses relations, sets attributes, links entities, deletes and
relabels spans that have relations (the cascade) and undoes and redoes, logging
each step that returned with its history batch and the digest of the relation
layer it left. The test kills it at random moments and checks the file with
plain sqlite3:

- `integrity_check` and `foreign_key_check` are clean; no relation points at a
  missing span, or at a span of another document or layer;
- every acknowledged step's batch is in the history with as many rows as it
  wrote, and the journal replayed up to it gives the digest the worker saw;
- past the last acknowledged step there is at most the one in flight, whole
  (as many history rows as ops it opened its transaction with) or absent;
- the tables equal the whole journal replayed (relations, attributes, links,
  entities, spans);
- reopened, the project has an empty undo stack (it is the session's), and a
  new cascade there undoes and redoes exactly.

An import of JSONL files carrying relations, attributes and entities leaves
each file whole or absent; a schema-3 project killed inside migration 0004 is
left at schema 3 or at the current schema, never between.

`BARCHASB_CRASH_SCALE=N` runs N times as many rounds (default 1: about 25 s);
BARCHASB_CRASH_SEED picks other delays, as in test_crash.py.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import time
from contextlib import closing
from pathlib import Path

import pytest
from reliability import relation_state
from reliability.checks import FIXTURES, integrity
from reliability.test_crash import SEED, SEEDS, read_log

from desktop.storage import migrations
from desktop.workspace import Workspace
from desktop.workspace.imports.plain import import_files
from desktop.workspace.relations import Entities, Relations

SCALE = int(os.environ.get("BARCHASB_CRASH_SCALE", "1"))
FILES, ROUNDS_PER_FILE, UPGRADE_ROUNDS, IMPORT_ROUNDS = 3 * SCALE, 8, 20 * SCALE, 12 * SCALE
DOCS = [1, 2, 3]
KILLS: dict[str, int] = {}


@pytest.fixture(scope="module", autouse=True)
def kill_report():
    began = time.monotonic()
    yield
    print(f"\nrelation crash suite: {KILLS} in {time.monotonic() - began:.1f} s")


@pytest.fixture(scope="module")
def relations_project(tmp_path_factory) -> Path:
    """Three seed documents, two entities, and a few related spans in sara's layer."""
    path = tmp_path_factory.mktemp("relations") / "relations.barchasb"
    ws = Workspace.create(path)
    import_files(ws, "tester", [SEEDS], normalize_text=False)
    ws.set_annotator("sara")
    Entities(ws).create("اسحاق جهانگیری", "official", ("جهانگیری",))
    Entities(ws).create("وزارت نفت", "organisation")
    official = ws.add_span(1, 0, 5, "official")
    title = ws.add_span(1, 10, 16, "title")
    Relations(ws).add(official.id, title.id, "holds")
    ws.close()
    with closing(sqlite3.connect(path)) as conn:
        replayed = relation_state.apply_rows(relation_state.empty(), (r[2:] for r in relation_state.history(conn)))
        assert replayed == relation_state.from_tables(conn) and replayed["relation"]
    return path


def check_file(path: Path) -> relation_state.State:
    """The file's own checks; returns its relation layer."""
    assert integrity(path) == "ok"
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        dangling = conn.execute(
            "SELECT r.id FROM relations r LEFT JOIN spans h ON h.id = r.head LEFT JOIN spans t ON t.id = r.tail"
            " WHERE h.id IS NULL OR t.id IS NULL OR h.document_id != r.document_id OR t.document_id != r.document_id"
            " OR h.annotator_id != r.annotator_id OR t.annotator_id != r.annotator_id"
        ).fetchall()
        assert dangling == [], "a relation points at a missing span or across documents or layers"
        for table in ("span_attributes", "span_entities"):
            orphans = conn.execute(f"SELECT count(*) FROM {table} WHERE span_id NOT IN (SELECT id FROM spans)")
            assert orphans.fetchone()[0] == 0, table
        tables = relation_state.from_tables(conn)
        rows = relation_state.history(conn)
    assert relation_state.apply_rows(relation_state.empty(), (r[2:] for r in rows)) == tables, "rows != journal"
    return tables


def check_round(path: Path, start: int, entries: list) -> bool:
    """Acknowledged steps are there as they returned; the one in flight whole or absent.
    Returns whether a step was in flight."""
    with closing(sqlite3.connect(path)) as conn:
        rows = relation_state.history(conn)
    batches: dict[str, list] = {}
    for row in rows:
        batches.setdefault(row[1], []).append(row)
    acked: dict[str, dict] = {}
    planned, pending = None, None
    for kind, data in entries:
        if kind == "B":
            planned, pending = None, data
        elif kind == "P":
            assert planned is None, f"step {pending}: two transactions in one step"
            planned = data["ops"]
        elif kind == "D":
            assert data["rows"] == (planned or 0), f"step {data['step']}: {data['rows']} rows for {planned} ops"
            assert len(data["batch"]) == (1 if data["rows"] else 0), f"step {data['step']}: {data['batch']}"
            for batch in data["batch"]:
                acked[batch] = data
                assert len(batches.get(batch, [])) == data["rows"], f"acknowledged step {data['step']} lost"
            planned = pending = None
        elif kind in ("E", "END"):  # a refused step rolled back: a batch of it would be stray below
            planned = pending = None
    # The journal up to each acknowledged step gives what the worker saw then.
    state, seen = relation_state.empty(), set()
    for row in rows:
        relation_state.apply_rows(state, [row[2:]])
        data = acked.get(row[1])
        if data is not None and row[0] == data["h"]:
            assert relation_state.digest(state) == data["digest"], f"step {data['step']} is not as it returned"
            seen.add(row[1])
    assert seen == set(acked)
    stray = {row[1] for row in rows if row[0] > start} - set(acked)
    if stray:  # only the step in flight, and whole
        assert pending is not None and planned is not None and len(stray) == 1, f"unacknowledged writes {stray}"
        assert len(batches[stray.pop()]) == planned, f"{pending['kind']} half applied"
    return pending is not None


def last_history_id(path: Path) -> int:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT coalesce(max(id), 0) FROM history").fetchone()[0]


def check_undo_after_reopen(path: Path) -> None:
    """A new session starts with an empty undo stack; a cascade made in it undoes exactly."""
    before = check_file(path)
    ws = Workspace.open(path, "sara")
    assert not ws.undo_stack.can_undo()
    ws.undo()
    assert check_file(path) == before
    relation = next((r for doc in DOCS for r in Relations(ws).of_document(doc)), None)
    if relation is None:
        ws.close()
        return
    ws.delete_span(relation.head)  # takes its relations, attributes and entity link along
    after = check_file(path)
    assert str(relation.id) not in after["relation"]
    ws.undo()
    assert check_file(path) == before
    ws.redo()
    assert check_file(path) == after
    ws.close()


def test_killed_relation_edits_keep_every_acknowledged_step(zygote, relations_project, tmp_path):
    rng = random.Random(SEED + 10)
    killed = in_flight = acknowledged = 0
    for round_ in range(FILES * ROUNDS_PER_FILE):
        if round_ % ROUNDS_PER_FILE == 0:  # rounds on one file, each opening what the last kill left
            project = tmp_path / f"relations-{round_}.barchasb"
            shutil.copyfile(relations_project, project)
        start = last_history_id(project)
        log = tmp_path / f"relations-{round_}.log"
        cmd = {"project": str(project), "annotator": "sara", "documents": DOCS, "seed": round_, "log": str(log)}
        killed += zygote.kill_after(rng.uniform(0.05, 0.4), "relations", **cmd)
        check_file(project)
        entries = read_log(log)
        in_flight += check_round(project, start, entries)
        acknowledged += sum(kind == "D" for kind, _ in entries)
        if round_ % ROUNDS_PER_FILE == ROUNDS_PER_FILE - 1:
            check_undo_after_reopen(project)
    KILLS["relations"] = killed
    KILLS["acknowledged steps"], KILLS["in flight"] = acknowledged, in_flight
    rounds = FILES * ROUNDS_PER_FILE
    assert killed >= rounds * 0.9 and in_flight >= rounds * 0.3 and acknowledged >= rounds * 10


# --- an annotated import carrying relations -----------------------------------------------------

WORDS = [
    "علی",
    "جهانگیری",
    "معاون",
    "وزیر",
    "نفت",
    "ایران",
    "قرارداد",
    "گاز",
    "با",
    "شرکت",
    "چین",
    "در",
    "تهران",
    "امضا",
    "کرد",
    "و",
    "گفت",
]


def relation_sources(folder: Path, files: int = 4, documents: int = 20) -> list[Path]:
    """JSONL files whose documents each carry spans, two relations, an attribute and an entity link."""
    rng = random.Random(SEED + 12)
    paths = []
    for f in range(files):
        lines = []
        for d in range(documents):
            words = [f"پرونده{f}-{d}", *(rng.choice(WORDS) for _ in range(40))]
            text = " ".join(words)
            ends = [(text.index(w), text.index(w) + len(w)) for w in words[:3]]
            spans = [
                {"start": s, "end": e, "label": label, "annotator": "omid"}
                for (s, e), label in zip(ends, ["official", "title", "organisation"], strict=True)
            ]
            spans[0]["entity"] = d + 1  # entity ids are the file's
            spans[1]["attributes"] = {"role_level": rng.choice(["minister", "deputy"])}
            record = {
                "text": text,
                "spans": spans,
                "relations": [
                    {"head": 0, "tail": 1, "type": "holds", "annotator": "omid"},
                    {"head": 1, "tail": 2, "type": "of", "annotator": "omid"},
                ],
                "entities": [{"id": d + 1, "name": f"مقام {f}-{d}", "type": "official", "aliases": [f"مقام{f}"]}],
            }
            lines.append(json.dumps(record, ensure_ascii=False))
        path = folder / f"relations-{f}.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def imported_layer(path: Path) -> dict[str, set]:
    """Per source file (`پرونده<f>`, the first word of its documents): the documents, spans,
    relations, attribute values, entity links and entities it brought, by text."""
    by_file: dict[str, set] = {}
    with closing(sqlite3.connect(path)) as conn:
        docs = {
            d: (text.split()[0].split("-")[0], text.split()[0])
            for d, text in conn.execute("SELECT id, text FROM documents")
        }
        spans = {
            sid: (docs[d], label, s, e)
            for sid, d, s, e, label in conn.execute('SELECT id, document_id, start, "end", label FROM spans')
        }
        facts = [(docs[d][0], ("document", docs[d][1])) for d in docs]
        facts += [(span[0][0], ("span", span)) for span in spans.values()]
        facts += [
            (spans[h][0][0], ("relation", spans[h], spans[t], rtype))
            for h, t, rtype in conn.execute("SELECT head, tail, type FROM relations")
        ]
        facts += [
            (spans[sid][0][0], ("value", spans[sid], name, value))
            for sid, name, value in conn.execute("SELECT span_id, name, value FROM span_attributes")
        ]
        sql = "SELECT m.span_id, e.name FROM span_entities m JOIN entities e ON e.id = m.entity_id"
        facts += [(spans[sid][0][0], ("link", spans[sid], name)) for sid, name in conn.execute(sql)]
        for (name,) in conn.execute("SELECT name FROM entities"):  # «مقام f-d» came with file f
            facts.append(("پرونده" + name.split()[1].split("-")[0], ("entity", name)))
    for owner, fact in facts:
        by_file.setdefault(owner, set()).add(fact)
    return by_file


def test_a_killed_import_with_relations_leaves_each_file_whole_or_absent(zygote, tmp_path):
    sources = [str(p) for p in relation_sources(tmp_path)]
    template = tmp_path / "template.barchasb"
    Workspace.create(template).close()
    took = []
    for attempt in range(2):
        reference = tmp_path / f"reference-{attempt}.barchasb"
        shutil.copyfile(template, reference)
        took.append(zygote.complete("import_relations", project=str(reference), files=sources, log=str(tmp_path / "r")))
    full = imported_layer(reference)
    assert len(full) == len(sources)
    assert all(sum(f[0] == "relation" for f in facts) == 40 for facts in full.values())
    rng = random.Random(SEED + 13)
    killed = 0
    for round_ in range(IMPORT_ROUNDS):
        project = tmp_path / f"import-{round_}.barchasb"
        shutil.copyfile(template, project)
        log = tmp_path / f"import-{round_}.log"
        killed += zygote.kill_after(rng.uniform(0, min(took)), "import_relations", project=str(project),
                                    files=sources, log=str(log))  # fmt: skip
        check_file(project)
        state = imported_layer(project)
        for owner, facts in state.items():
            assert facts == full[owner], f"round {round_}: {owner} half imported"
        for kind, data in read_log(log):  # a file whose command returned is all there
            owner = "پرونده" + Path(data.get("file", "-")).stem.split("-")[-1]
            assert kind != "D" or state.get(owner) == full[owner], f"round {round_}: {owner} lost"
        if round_ % 6 == 0:  # importing again completes what the kill cut off
            zygote.complete("import_relations", project=str(project), files=sources, log=str(log) + ".again")
            assert imported_layer(project) == full
            check_file(project)
    KILLS["import"] = killed
    assert killed >= IMPORT_ROUNDS * 0.5


# --- the upgrade that adds relations (migration 0004) -------------------------------------------


def schema_3_project(folder: Path) -> Path:
    """The schema-1 fixture as release 3 left it after opening it (migrations 1-3)."""
    path = folder / "schema-3.barchasb"
    shutil.copyfile(FIXTURES / "schema-1.barchasb", path)
    with pytest.MonkeyPatch.context() as patch:
        from desktop.storage import backup, db

        patch.setattr(migrations.MIGRATIONS, "_migrations", migrations.MIGRATIONS._migrations[:3])
        for module in (migrations, db, backup):
            patch.setattr(module, "SCHEMA_VERSION", 3)
        from desktop.storage.repository import Repository

        Repository.open(path).close()
    for stale in (".pre-upgrade-v1.bak", "-wal", "-shm"):
        path.with_name(path.name + stale).unlink(missing_ok=True)
    return path


def schema_of(path: Path) -> tuple[int, list[str], bool]:
    with closing(sqlite3.connect(path)) as conn:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        names = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    relation_tables = {"relation_types", "attribute_fields", "relations", "span_attributes", "entities"}
    assert not relation_tables & tables or relation_tables <= tables, f"half the relation tables: {tables}"
    return version, names, relation_tables <= tables


def old_data(path: Path) -> list:
    with closing(sqlite3.connect(path)) as conn:
        return [
            conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
            for table in ("documents", "spans", "annotators", "document_status", "labels")
        ]


def test_a_kill_inside_migration_0004_leaves_schema_3_or_the_new_schema(zygote, tmp_path):
    fixture = schema_3_project(tmp_path)
    old, data = (3, migrations.NAMES[:3], False), old_data(fixture)
    new = (migrations.SCHEMA_VERSION, migrations.NAMES, True)
    assert schema_of(fixture) == old
    pause = 0.01  # after each of 0004's statements: most of the upgrade's time is inside it
    took = []
    for attempt in range(2):
        timing = tmp_path / f"timing-{attempt}.barchasb"
        shutil.copyfile(fixture, timing)
        log = str(tmp_path / "t.log")
        took.append(zygote.complete("upgrade_relations", project=str(timing), pause=pause, log=log))
        assert schema_of(timing) == new
    rng = random.Random(SEED + 11)
    killed = inside = 0
    for round_ in range(UPGRADE_ROUNDS):
        project = tmp_path / f"upgrade-{round_}.barchasb"
        shutil.copyfile(fixture, project)
        log = tmp_path / f"upgrade-{round_}.log"
        killed += zygote.kill_after(
            rng.uniform(0, min(took) * 0.8), "upgrade_relations", project=str(project), pause=pause, log=str(log)
        )
        entries = read_log(log)
        inside += any(kind == "M" for kind, _ in entries) and not any(kind == "D" for kind, _ in entries)
        assert integrity(project) == "ok"
        state = schema_of(project)
        assert state in (old, new), f"round {round_}: {state}"
        if any(kind == "D" for kind, _ in entries):
            assert state == new
        assert old_data(project) == data, f"round {round_}: the old rows changed"
        saved = project.with_name(project.name + ".pre-upgrade-v3.bak")
        if saved.exists():  # the copy saved first is whole, never torn
            assert integrity(saved) == "ok" and schema_of(saved) == old
        if round_ % 5 == 0:  # whatever the kill left, the next open upgrades it and it works
            ws = Workspace.open(project, "sara")
            span = ws.add_span(1, 0, 3, "place")
            ws.close()
            assert schema_of(project) == new and str(span.id) in check_file(project)["span"]
    KILLS["upgrade 0004"] = killed
    KILLS["inside 0004"] = inside
    assert killed >= UPGRADE_ROUNDS * 0.5 and inside >= UPGRADE_ROUNDS * 0.25
