"""Killing the process (SIGKILL) at random moments loses nothing that returned.

A zygote process (crash_child.py) forks one worker per round; the worker
edits, imports, exports, merges or upgrades a project and logs each action
before it starts ("B") and after it returned ("D"); the test kills it after a
random delay and then looks at the files with plain sqlite3:

- `PRAGMA integrity_check` is ok;
- every action that returned is there, and the one in flight is there
  entirely or not at all (the layer equals the log replayed, with or
  without it);
- every span row agrees with its newest history row (one transaction);
- an import or a merge is whole per file (or per batch), never half;
- an export target is the old file or a complete export, never a torn one.

A process kill does not lose what the kernel already has, so this proves
the transactions, not the fsyncs; synchronous=FULL is what covers a power cut.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
from reliability.checks import FIXTURES, ROOT, integrity

from desktop.core.model import Status
from desktop.workspace import Workspace
from desktop.workspace.imports.plain import import_files

ZYGOTE = Path(__file__).with_name("crash_child.py")
SEEDS = ROOT / "seeds"
SEED = int(os.environ.get("BARCHASB_CRASH_SEED", "20261121"))  # reproducible in CI
EDIT_ROUNDS, IMPORT_ROUNDS, EXPORT_ROUNDS, UPGRADE_ROUNDS, MERGE_ROUNDS = 110, 45, 45, 25, 40
KILLS: dict[str, int] = {}


class Zygote:
    """The forking server of crash_child.py, seen from the test."""

    def __init__(self) -> None:
        single = {
            name: "1" for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
        }  # hazm loads numpy: no threads
        self.proc = subprocess.Popen(
            [sys.executable, str(ZYGOTE)],
            cwd=ROOT,
            text=True,
            env={**os.environ, **single},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        assert self._read() == "ready"

    def _read(self) -> str:
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the crash zygote died")
        return line.strip()

    def _send(self, **cmd) -> None:
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()

    def start(self, op: str, **cmd) -> int:
        self._send(do="run", op=op, **cmd)
        reply = self._read()
        assert reply.startswith("pid "), reply
        return int(reply.split()[1])

    def reap(self, timeout: float | None = None) -> int:
        self._send(do="reap", timeout=timeout)
        reply = self._read()
        assert reply.startswith("status "), reply
        return int(reply.split()[1])

    def kill_after(self, delay: float, op: str, **cmd) -> bool:
        """Run `op`, SIGKILL it after `delay` seconds; True if it was still running."""
        pid = self.start(op, **cmd)
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)  # our own worker, not yet reaped: never a stranger
        status = self.reap()
        return os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL

    def complete(self, op: str, timeout: float = 120, **cmd) -> float:
        """Run `op` to its end; returns how long it took."""
        began = time.monotonic()
        self.start(op, **cmd)
        status = self.reap(timeout)
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, f"{op} failed: {cmd}"
        return time.monotonic() - began

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=30)
        self.proc.stdout.close()


@pytest.fixture(scope="module", autouse=True)
def kill_report():
    yield
    total = sum(KILLS.values())
    print(f"\ncrash suite: {total} kill points {KILLS}")
    if set(KILLS) == {"edits", "import", "export", "upgrade", "merge"}:
        assert total >= 200, "fewer kill points than the suite promises"  # (whole module ran)


def read_log(path: Path) -> list[tuple[str, object]]:
    if not path.exists():
        return []
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        if line.endswith("\n"):
            kind, _, data = line.rstrip("\n").partition(" ")
            entries.append((kind, json.loads(data)))
    crashed = [data for kind, data in entries if kind == "X"]
    assert not crashed, f"the worker failed (not killed):\n{crashed[0]}"
    return entries


def in_flight(entries) -> dict | None:
    """The action begun and neither finished nor refused when the kill came."""
    pending = None
    for kind, data in entries:
        if kind == "B":
            pending = data
        elif kind in ("D", "E", "END"):
            pending = None
    return pending


def check_history(path: Path) -> None:
    """Each span row equals its newest history row; a span whose newest row says
    deleted is gone: rows and their history were committed together."""
    with closing(sqlite3.connect(path)) as conn:
        spans = {str(r[0]): list(r[1:]) for r in conn.execute('SELECT id, document_id, start, "end", label FROM spans')}
        newest = conn.execute(
            "SELECT entity_id, after FROM history WHERE id IN (SELECT max(id) FROM history"
            " WHERE entity = 'span' GROUP BY entity_id)"
        ).fetchall()
    journaled = {}
    for entity_id, after in newest:
        if after is not None:
            a = json.loads(after)
            journaled[entity_id] = [a["document_id"], a["start"], a["end"], a["label"]]
    assert spans == journaled


# --- edits ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def edits_project(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("edits") / "edits.barchasb"
    ws = Workspace.create(path)
    import_files(ws, "tester", [SEEDS], normalize_text=False)
    ws.set_annotator("sara")
    ws.close()
    return path


def layer(path: Path, annotator: str, documents: list[int]) -> dict:
    with closing(sqlite3.connect(path)) as conn:
        who = conn.execute("SELECT id FROM annotators WHERE name = ?", [annotator]).fetchone()[0]
        spans = {
            str(r[0]): list(r[1:])
            for r in conn.execute(
                'SELECT id, document_id, start, "end", label FROM spans WHERE annotator_id = ?', [who]
            )
        }
        status = {str(doc): "new" for doc in documents}
        status.update(
            (str(d), s)
            for d, s in conn.execute("SELECT document_id, status FROM document_status WHERE annotator_id = ?", [who])
        )
    return {"spans": spans, "status": status}


def apply(state: dict, effect: dict) -> dict:
    """`state` (changed in place) with an action's effect."""
    for span_id, values in effect.get("spans", {}).items():
        if values is None:
            state["spans"].pop(span_id, None)
        else:
            state["spans"][span_id] = values
    state["status"].update(effect.get("status", {}))
    return state


def with_in_flight(expected: dict, pending: dict, actual: dict) -> dict:
    """`expected` with the in-flight action applied, as far as the log can tell."""
    effect = {k: pending.get(k, {}) for k in ("spans", "status")}
    if pending["kind"] == "add":  # its id is only known now: the one new row, if any
        new = set(actual["spans"]) - set(expected["spans"])
        if len(new) == 1:
            effect["spans"] = {new.pop(): pending["new"]}
    return apply(copy.deepcopy(expected), effect)


def test_killed_span_edits_keep_every_returned_edit(zygote, edits_project, tmp_path):
    rng = random.Random(SEED)
    docs = [1, 2, 3]
    killed = caught_in_flight = 0
    template = edits_project
    for round_ in range(EDIT_ROUNDS):
        if round_ % 10 == 0:  # ten rounds on one file (each opens what the last one left
            edits_project = tmp_path / f"edits-{round_}.barchasb"  # mid-write), then afresh
            shutil.copyfile(template, edits_project)
        before = layer(edits_project, "sara", docs)
        log = tmp_path / f"edits-{round_}.log"
        killed += zygote.kill_after(
            rng.uniform(0.02, 0.25),
            "edits",
            project=str(edits_project),
            annotator="sara",
            documents=docs,
            seed=round_,
            log=str(log),
        )
        assert integrity(edits_project) == "ok", f"round {round_}"
        entries = read_log(log)
        expected = copy.deepcopy(before)
        for kind, data in entries:
            if kind == "D":
                expected = apply(expected, data)
        actual = layer(edits_project, "sara", docs)
        pending = in_flight(entries)
        if actual != expected:
            assert pending is not None, f"round {round_}: lost or stray changes"
            assert actual == with_in_flight(expected, pending, actual), (
                f"round {round_}: {pending['kind']} half applied"
            )
        caught_in_flight += pending is not None
        check_history(edits_project)
    KILLS["edits"] = killed
    assert killed >= EDIT_ROUNDS * 0.9 and caught_in_flight >= EDIT_ROUNDS * 0.3


# --- import ---------------------------------------------------------------------------------


def make_sources(folder: Path) -> tuple[Path, list[Path]]:
    """60 news-like text files and 3 annotated JSONL files, all distinct."""
    words = [
        "وزیر",
        "امور",
        "خارجه",
        "ایران",
        "در",
        "تهران",
        "با",
        "سفیر",
        "چین",
        "دیدار",
        "کرد",
        "و",
        "درباره",
        "قرارداد",
        "گفت",
    ]
    rng = random.Random(SEED)
    plain = folder / "plain"
    plain.mkdir()
    for i in range(60):
        body = " ".join(rng.choice(words) for _ in range(rng.randint(80, 400)))
        (plain / f"news-{i:03}.txt").write_text(f"خبر {i}: {body}.\n", encoding="utf-8")
    annotated = []
    for f in range(3):
        lines = []
        for d in range(3):
            text = f"پرونده {f}-{d}: " + " ".join(rng.choice(words) for _ in range(40))
            spans = [
                {"start": 0, "end": 6, "label": "event", "annotator": "omid"},
                {"start": 10, "end": 14, "label": "place", "annotator": "reza"},
            ]
            lines.append(json.dumps({"text": text, "spans": spans}, ensure_ascii=False))
        path = folder / f"annotated-{f}.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        annotated.append(path)
    return plain, annotated


def imported(path: Path) -> dict:
    """Documents (by hash, with their source file) and spans (by document hash)."""
    with closing(sqlite3.connect(path)) as conn:
        docs = {}
        for doc_id, content_hash, text, meta in conn.execute("SELECT id, content_hash, text, meta FROM documents"):
            assert hashlib.sha256(text.encode()).hexdigest() == content_hash  # stored whole
            docs[doc_id] = (content_hash, json.loads(meta).get("source"))
        journaled = {int(r[0]) for r in conn.execute("SELECT entity_id FROM history WHERE action = 'document.import'")}
        spans = {
            (docs[d][0], s, e, label, who)
            for d, s, e, label, who in conn.execute(
                'SELECT s.document_id, s.start, s."end", s.label, a.name FROM spans s'
                " JOIN annotators a ON a.id = s.annotator_id"
            )
        }
    assert journaled == set(docs), "a document without its history row, or the reverse"
    return {"documents": {h: src for h, src in docs.values()}, "spans": spans}


def test_a_killed_import_leaves_each_file_whole_or_absent(zygote, tmp_path):
    plain, annotated = make_sources(tmp_path)
    template = tmp_path / "template.barchasb"
    Workspace.create(template).close()
    job = {"plain": str(plain), "annotated": [str(p) for p in annotated]}
    reference = tmp_path / "reference.barchasb"
    shutil.copyfile(template, reference)
    took = zygote.complete("import", project=str(reference), log=str(tmp_path / "ref.log"), **job)
    full = imported(reference)
    again = tmp_path / "timing.barchasb"
    shutil.copyfile(template, again)
    took = min(took, zygote.complete("import", project=str(again), log=str(tmp_path / "t.log"), **job))
    assert len(full["documents"]) == 69 and len(full["spans"]) == 18
    by_source: dict[str, set] = {}
    for content_hash, source in full["documents"].items():
        by_source.setdefault(source, set()).add(content_hash)
    rng = random.Random(SEED + 1)
    killed = 0
    for round_ in range(IMPORT_ROUNDS):
        project = tmp_path / f"import-{round_}.barchasb"
        shutil.copyfile(template, project)
        log = tmp_path / f"import-{round_}.log"
        killed += zygote.kill_after(rng.uniform(0, took * 0.85), "import", project=str(project), log=str(log), **job)
        assert integrity(project) == "ok"
        state = imported(project)
        assert set(state["documents"]) <= set(full["documents"])
        assert state["spans"] <= full["spans"]
        for source in map(str, annotated):  # a file: all its documents and spans, or none
            mine = by_source[source]
            present = mine & set(state["documents"])
            assert present in (set(), mine), f"round {round_}: {source} half imported"
            spans = {s for s in full["spans"] if s[0] in mine}
            assert spans & state["spans"] in (set(), spans)
        if any(kind == "D" for kind, _ in read_log(log)):
            assert state == full
        if round_ % 5 == 0:  # running it again completes what the kill interrupted
            zygote.complete("import", project=str(project), log=str(log) + ".again", **job)
            assert imported(project) == full
    KILLS["import"] = killed
    assert killed >= IMPORT_ROUNDS * 0.4  # timing varies by machine; the total is checked too


# --- export ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def labelled_project(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("labelled") / "labelled.barchasb"
    ws = Workspace.create(path)
    import_files(ws, "tester", [SEEDS])
    ws.set_annotator("sara")
    rng = random.Random(SEED)
    for doc in range(1, 6):
        length = ws.repo.document_length(doc)
        for _ in range(40):
            start = rng.randrange(length - 12)
            try:
                ws.add_span(doc, start, start + rng.randint(2, 10), rng.choice(["place", "figure", "date", "event"]))
            except Exception:
                pass  # a duplicate: fine
        ws.set_status(doc, Status.DONE)
    ws.close()
    return path


def test_a_killed_export_never_leaves_a_torn_file(zygote, labelled_project, tmp_path):
    formats = ["jsonl", "doccano", "label-studio", "conll"]
    project = tmp_path / "export.barchasb"
    shutil.copyfile(labelled_project, project)
    references = {}
    for fmt in formats:
        out = tmp_path / f"reference.{fmt}"
        zygote.complete(
            "export", project=str(project), formats=[fmt], target=str(out), times=1, log=str(tmp_path / "ref.log")
        )
        references[fmt] = out.read_bytes()
    assert len(set(references.values())) == len(formats)
    took = zygote.complete(
        "export",
        project=str(project),
        formats=formats,
        times=len(formats),
        target=str(tmp_path / "timing.out"),
        log=str(tmp_path / "t.log"),
    )
    with closing(sqlite3.connect(project)) as conn:
        snapshot = conn.execute("SELECT count(*), max(id) FROM history").fetchone()
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "corpus.out"
    old = b"an older export that must survive\n"
    target.write_bytes(old)
    rng = random.Random(SEED + 2)
    killed = 0
    for round_ in range(EXPORT_ROUNDS):
        log = tmp_path / f"export-{round_}.log"
        killed += zygote.kill_after(
            rng.uniform(0, took * 1.2),
            "export",
            project=str(project),
            formats=rng.sample(formats, len(formats)),
            target=str(target),
            log=str(log),
        )
        entries = read_log(log)
        body = target.read_bytes()
        done = [d["format"] for kind, d in entries if kind == "D"]
        pending = in_flight(entries)
        allowed = {references[done[-1]]} if done else {body if body == old else None, old}
        if pending:  # it may have been renamed into place just before the kill
            allowed.add(references[pending["format"]])
        if not done and round_ > 0:
            allowed |= set(references.values())  # an earlier round's complete export
        assert body in allowed, f"round {round_}: a torn or foreign export ({len(body)} bytes)"
        assert integrity(project) == "ok"
    with closing(sqlite3.connect(project)) as conn:  # an export writes nothing to the project
        assert conn.execute("SELECT count(*), max(id) FROM history").fetchone() == snapshot
    leftovers = [p.name for p in folder.iterdir() if p != target]
    assert all(name.startswith(".corpus.out.") and name.endswith(".part") for name in leftovers)
    KILLS["export"] = killed
    assert killed >= EXPORT_ROUNDS * 0.8


# --- upgrade --------------------------------------------------------------------------------


def schema_state(path: Path) -> tuple[int, list[str], int | None]:
    with closing(sqlite3.connect(path)) as conn:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        names = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        probe = conn.execute("SELECT count(*) FROM crash_probe").fetchone()[0] if "crash_probe" in tables else None
    return version, names, probe


def test_a_killed_upgrade_leaves_the_old_schema_or_the_new_one(zygote, tmp_path):
    from desktop.storage.migrations import NAMES

    fixture = FIXTURES / "schema-1.barchasb"
    rows = 100_000
    timing = tmp_path / "timing.barchasb"
    took = []
    for _ in range(2):
        shutil.copyfile(fixture, timing)
        for stale in ("-wal", "-shm", ".pre-upgrade-v1.bak"):
            timing.with_name(timing.name + stale).unlink(missing_ok=True)
        took.append(zygote.complete("upgrade", project=str(timing), rows=rows, log=str(tmp_path / "t.log")))
    took = min(took)
    new = (len(NAMES) + 1, [*NAMES, "9000_probe"], rows)
    assert schema_state(timing) == new
    rng = random.Random(SEED + 3)
    killed = 0
    for round_ in range(UPGRADE_ROUNDS):
        project = tmp_path / f"upgrade-{round_}.barchasb"
        shutil.copyfile(fixture, project)
        log = tmp_path / f"upgrade-{round_}.log"
        killed += zygote.kill_after(
            rng.uniform(0, took * 0.9), "upgrade", project=str(project), rows=rows, log=str(log)
        )
        assert integrity(project) == "ok"
        state = schema_state(project)
        assert state in ((1, ["0001_initial"], None), new), f"round {round_}: {state}"
        if any(kind == "D" for kind, _ in read_log(log)):
            assert state == new
        saved = project.with_name(project.name + ".pre-upgrade-v1.bak")
        if saved.exists():  # the copy saved first is whole, never torn
            assert integrity(saved) == "ok"
            assert schema_state(saved) == (1, ["0001_initial"], None)
    KILLS["upgrade"] = killed
    assert killed >= UPGRADE_ROUNDS * 0.4  # timing varies by machine; the total is checked too


# --- merge ----------------------------------------------------------------------------------


def merge_available() -> bool:
    from desktop.cli import build_parser

    parser = build_parser()
    return any("merge" in getattr(action, "choices", None) or {} for action in parser._subparsers._group_actions)


def team_file(path: Path, annotator: str, extra: str, seed: int) -> Path:
    ws = Workspace.create(path)
    import_files(ws, "tester", [SEEDS])
    extra_file = path.with_suffix(".txt")
    extra_file.write_text(extra, encoding="utf-8")
    import_files(ws, "tester", [extra_file])
    ws.set_annotator(annotator)
    rng = random.Random(seed)
    for doc in (1, 2, 6):
        length = ws.repo.document_length(doc)
        for _ in range(25):
            start = rng.randrange(length - 8)
            try:
                ws.add_span(doc, start, start + rng.randint(1, 6), rng.choice(["place", "date"]))
            except Exception:
                pass
    ws.set_status(1, Status.DONE)
    ws.close()
    return path


def merged(path: Path) -> tuple:
    """The project's content without ids, times and history."""
    with closing(sqlite3.connect(path)) as conn:
        docs = sorted(r[0] for r in conn.execute("SELECT content_hash FROM documents"))
        spans = sorted(
            conn.execute(
                'SELECT d.content_hash, s.start, s."end", s.label, a.name, s.origin FROM spans s'
                " JOIN documents d ON d.id = s.document_id JOIN annotators a ON a.id = s.annotator_id"
            )
        )
        status = sorted(
            conn.execute(
                "SELECT d.content_hash, a.name, s.status FROM document_status s JOIN documents d"
                " ON d.id = s.document_id JOIN annotators a ON a.id = s.annotator_id"
            )
        )
        labels = sorted(r[0] for r in conn.execute("SELECT key FROM labels"))
    return tuple(docs), tuple(spans), tuple(status), tuple(labels)


@pytest.mark.skipif(not merge_available(), reason="`barchasb merge` does not exist yet")
def test_a_killed_merge_leaves_each_file_merged_or_not(zygote, labelled_project, tmp_path):
    others = [
        team_file(tmp_path / "reza.barchasb", "reza", "گزارش ویژه رضا درباره تهران.", 1),
        team_file(tmp_path / "omid.barchasb", "omid", "گزارش امید از مشهد و قم.", 2),
    ]
    others = [str(p) for p in others]
    states = [merged(labelled_project)]
    took = []
    for count in (1, 2, 2):  # the states after the first file, and after both (timed twice)
        target = tmp_path / f"reference-{len(took)}.barchasb"
        shutil.copyfile(labelled_project, target)
        took.append(zygote.complete("merge", project=str(target), others=others[:count], log=str(tmp_path / "ref.log")))
        if len(took) < 3:
            states.append(merged(target))
    took = min(took[1:])
    assert len(set(states)) == 3
    rng = random.Random(SEED + 4)
    killed = 0
    for round_ in range(MERGE_ROUNDS):
        project = tmp_path / f"merge-{round_}.barchasb"
        shutil.copyfile(labelled_project, project)
        log = tmp_path / f"merge-{round_}.log"
        killed += zygote.kill_after(
            rng.uniform(0, took * 0.8), "merge", project=str(project), others=others, log=str(log)
        )
        assert integrity(project) == "ok"
        state = merged(project)
        assert state in states, f"round {round_}: a file half merged"
        if any(kind == "D" for kind, _ in read_log(log)):
            assert state == states[-1]
        check_history(project)
    KILLS["merge"] = killed
    assert killed >= MERGE_ROUNDS * 0.4  # timing varies by machine; the total is checked too
