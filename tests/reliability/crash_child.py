"""The process the crash tests kill: a zygote that forks one worker per round.

Started once per test module (`python crash_child.py`), it imports the whole
application and warms hazm up, then reads commands from stdin, one JSON
object a line:

    {"do": "run", "op": "edits", ...}  fork a worker running the op; replies "pid N"
    {"do": "reap", "timeout": T}       wait for that worker (killed if hung past T seconds);
                                       replies "status S"

The worker is killed by the test with SIGKILL while it works, so each round
starts in milliseconds rather than in the seconds a fresh interpreter needs.
It is reaped only when the test says so: until then its pid cannot be reused
by another process, so the test never signals a stranger.

A worker writes its log with unbuffered `os.write` calls on an O_APPEND file:
"B <json>" before an action, "D <json>" once it has returned (so it is
committed), "E <json>" when it was refused without effect. A line written is
on its way to the file even if the process dies the next instant.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sys
import time
import traceback
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import crash_relations  # noqa: E402  (beside this file: the relation layer's ops)

from desktop.cli import main as cli_main  # noqa: E402
from desktop.core.errors import BarchasbError  # noqa: E402
from desktop.core.model import Status  # noqa: E402
from desktop.core.undo import CreateSpan, DeleteSpan, SetStatus, UpdateSpan  # noqa: E402
from desktop.text.normalize import normalize  # noqa: E402
from desktop.workspace import Workspace  # noqa: E402
from desktop.workspace.export.project import ExportOptions, export_project  # noqa: E402
from desktop.workspace.imports.annotated import ImportOptions, import_paths  # noqa: E402
from desktop.workspace.imports.plain import import_files  # noqa: E402

LABELS = ["official", "title", "organisation", "place", "figure", "date", "agreement", "event"]


class Log:
    def __init__(self, path: str) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)

    def write(self, kind: str, data: object) -> None:
        os.write(self.fd, f"{kind} {json.dumps(data, ensure_ascii=False)}\n".encode())


# --- edits: a burst of span edits, status changes, undo and redo ------------------------


def span_values(span) -> list:
    return [span.document_id, span.start, span.end, span.label]


def effect_of(ops) -> dict:
    """What a list of ops does to the layer: span id -> values (None: gone), doc -> status."""
    spans, status = {}, {}
    for op in ops:
        match op:
            case CreateSpan(span):
                spans[str(span.id)] = span_values(span)
            case DeleteSpan(span):
                spans[str(span.id)] = None
            case UpdateSpan(_, after):
                spans[str(after.id)] = span_values(after)
            case SetStatus(doc, _, _, after):
                status[str(doc)] = str(after)
    return {"spans": spans, "status": status}


def edits(cmd: dict, log: Log) -> None:
    rng = random.Random(cmd["seed"])
    ws = Workspace.open(cmd["project"], cmd["annotator"])
    docs = {doc: ws.repo.document_length(doc) for doc in cmd["documents"]}
    for _ in range(cmd.get("steps", 10**9)):
        kind = rng.choices(["add", "update", "delete", "status", "undo", "redo"], [50, 15, 12, 8, 10, 5])[0]
        row = ws.repo.db.execute(  # one of my spans, cheaply: the kill should find us acting
            "SELECT id FROM spans WHERE annotator_id = ? ORDER BY random() LIMIT 1", [ws.annotator.id]
        ).fetchone()
        try:
            if kind == "add" or (kind in ("update", "delete") and row is None):
                doc = rng.choice(list(docs))
                start = rng.randrange(docs[doc] - 10)
                end, label = start + rng.randint(1, 9), rng.choice(LABELS)
                new_status = {str(doc): "in_progress"} if ws.status(doc) == Status.NEW else {}
                log.write("B", {"kind": "add", "new": [doc, start, end, label], "status": new_status})
                span = ws.add_span(doc, start, end, label)
                log.write("D", {"spans": {str(span.id): span_values(span)}, "status": new_status})
            elif kind == "update":
                span = ws.repo.span(row[0])
                start = max(0, span.start + rng.randint(-3, 3))
                end = max(start + 1, min(docs[span.document_id], span.end + rng.randint(-3, 3)))
                changes = {"start": start, "end": end, "label": rng.choice(LABELS)}
                log.write(
                    "B", {"kind": "update", "spans": {str(span.id): [span.document_id, start, end, changes["label"]]}}
                )
                after = ws.update_span(span.id, **changes)
                log.write("D", {"spans": {str(span.id): span_values(after)}})
            elif kind == "delete":
                span = ws.repo.span(row[0])
                log.write("B", {"kind": "delete", "spans": {str(span.id): None}})
                ws.delete_span(span.id)
                log.write("D", {"spans": {str(span.id): None}})
            elif kind == "status":
                doc = rng.choice(list(docs))
                status = rng.choice(list(Status))
                log.write("B", {"kind": "status", "status": {str(doc): str(status)}})
                ws.set_status(doc, status)
                log.write("D", {"status": {str(doc): str(status)}})
            elif kind == "undo" and ws.undo_stack.can_undo():
                effect = effect_of(ws.undo_stack._done[-1].inverse().ops)
                log.write("B", {"kind": "undo", **effect})
                ws.undo()
                log.write("D", effect)
            elif kind == "redo" and ws.undo_stack.can_redo():
                effect = effect_of(ws.undo_stack._undone[-1].ops)
                log.write("B", {"kind": "redo", **effect})
                ws.redo()
                log.write("D", effect)
        except BarchasbError as exc:  # e.g. a duplicate span: refused, nothing written
            log.write("E", {"error": str(exc)})
    ws.close()
    log.write("END", {})


# --- import, export, merge, upgrade -------------------------------------------------------


def import_(cmd: dict, log: Log) -> None:
    ws = Workspace.open(cmd["project"])
    log.write("B", {"kind": "import"})
    import_files(ws, "importer", [cmd["plain"]])
    import_paths(ws, "importer", [(Path(p), Path(p).name) for p in cmd["annotated"]], ImportOptions())
    log.write("D", {"kind": "import"})
    ws.close()
    log.write("END", {})


def export(cmd: dict, log: Log) -> None:
    ws = Workspace.open(cmd["project"])
    for index in range(cmd.get("times", 10**9)):
        fmt = cmd["formats"][index % len(cmd["formats"])]
        log.write("B", {"kind": "export", "format": fmt})
        export_project(ws, ExportOptions(fmt, misaligned=_policy("expand"), overlapping=_policy("skip")), cmd["target"])
        log.write("D", {"kind": "export", "format": fmt})
    ws.close()
    log.write("END", {})


def _policy(name: str):
    from desktop.formats.align import Policy

    return Policy(name)


def merge(cmd: dict, log: Log) -> None:
    log.write("B", {"kind": "merge"})
    code = cli_main(["merge", cmd["project"], *cmd["others"]])
    log.write("D" if code == 0 else "E", {"kind": "merge", "code": code})
    log.write("END", {})


def upgrade(cmd: dict, log: Log) -> None:
    """Open an old project while one more (slow) migration is registered."""
    from sqlite_utils.migrations import Migrations

    from desktop.storage import db, migrations
    from desktop.storage.repository import Repository

    def slow(database) -> None:
        database.execute("CREATE TABLE crash_probe (n INTEGER)")
        for n in range(cmd["rows"]):
            database.execute("INSERT INTO crash_probe VALUES (?)", [n])
        database.execute("UPDATE spans SET note = note || '.'")

    migrations.MIGRATIONS._migrations.append(Migrations._Migration("9000_probe", slow, True))
    migrations.NAMES.append("9000_probe")
    db.SCHEMA_VERSION = migrations.SCHEMA_VERSION = len(migrations.NAMES)
    log.write("B", {"kind": "upgrade"})
    Repository.open(cmd["project"]).close()
    log.write("D", {"kind": "upgrade", "version": db.SCHEMA_VERSION})
    log.write("END", {})


OPS = {"edits": edits, "import": import_, "export": export, "merge": merge, "upgrade": upgrade}
OPS.update(crash_relations.OPS)


def serve() -> None:
    normalize("سلام، دنیا ۱۲۳", persian=True, reflow=True)  # load hazm before forking
    # What hazm loads starts a jemalloc background thread (BLAS threads are off: see the
    # test's environment); jemalloc takes its locks around fork, and a worker never uses it.
    warnings.filterwarnings("ignore", r"This process .* is multi-threaded", DeprecationWarning)
    print("ready", flush=True)
    worker = None
    for line in sys.stdin:
        cmd = json.loads(line)
        if cmd["do"] == "run":
            worker = os.fork()
            if worker == 0:
                quiet = os.open(os.devnull, os.O_WRONLY)  # the pipe to the test is the protocol's
                os.dup2(quiet, 1)
                os.dup2(quiet, 2)
                log = Log(cmd["log"])
                try:
                    OPS[cmd["op"]](cmd, log)
                    code = 0
                except BaseException:
                    log.write("X", traceback.format_exc())
                    code = 1
                os._exit(code)
            print(f"pid {worker}", flush=True)
        elif cmd["do"] == "reap":
            print(f"status {reap(worker, cmd.get('timeout'))}", flush=True)


def reap(worker: int, timeout: float | None) -> int:
    """Wait for the worker; past `timeout` it is hung: kill it (it is ours, unreaped)."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        pid, status = os.waitpid(worker, os.WNOHANG if deadline else 0)
        if pid:
            return status
        if time.monotonic() > deadline:
            os.kill(worker, signal.SIGKILL)
            deadline = None
        time.sleep(0.01)


if __name__ == "__main__":
    serve()
