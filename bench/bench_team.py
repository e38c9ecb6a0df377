"""A team on one server: 20 annotators, each a process of its own, labelling at once.

    .venv/bin/python bench/run.py team                  (or: python -m bench.bench_team)
    .venv/bin/python -m bench.bench_team --annotators 20 --spans 200 [postgresql://URL]

Without a URL a throw-away PostgreSQL cluster is made (tests/pgcluster.py) with
fsync and synchronous commit ON: a span counts when its COMMIT is durable. Every
annotator opens the project as itself and adds spans through the workspace (the
window's path: `Workspace.add_span`, one action each). Printed: spans stored per
second, p50/p99 latency of one durable span next to the floor (a bare durable
INSERT on the same server: the disk's flush), the round trips one span costs, and
whether every acknowledged span is in the jsonl export (nothing lost).
Issue 16's goal: p99 <= 5 ms on loopback. The machine's load is printed too.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DOCUMENTS = 50
LINE = "بانک مرکزی در تهران نرخ بهره را برای سه ماه آینده اعلام کرد و وزیر اقتصاد از آن دفاع کرد. "


def worker(url: str, name: str, spans: int, start_at: float, out: str) -> None:
    """One annotator: wait for the start, add `spans` spans, write latencies and what was acknowledged."""
    from desktop.workspace import Workspace

    with Workspace.open(url, name) as workspace:
        workspace.labels()  # the scheme is read once, as a window does on open
        while time.time() < start_at:
            time.sleep(0.001)
        latencies, acked = [], []
        began = time.perf_counter()
        for i in range(spans):
            document, position = 1 + i % DOCUMENTS, 2 * (i // DOCUMENTS)
            t0 = time.perf_counter()
            workspace.add_span(document, position, position + 2, "place")
            latencies.append(time.perf_counter() - t0)
            acked.append([document, position, position + 2])
        ended = time.perf_counter()
        trips = _round_trips(workspace, spans)
    Path(out).write_text(json.dumps({"lat": latencies, "acked": acked, "span": [began, ended], "trips": trips}))


def _round_trips(workspace, spans: int) -> float:
    """Statements and transaction commands sent for one more span (each one a round trip)."""
    import psycopg

    counted = [0]

    def counting(original):
        def run(*args, **kwargs):
            counted[0] += 1
            return original(*args, **kwargs)

        return run

    patched = {
        (psycopg.Cursor, "execute"): psycopg.Cursor.execute,
        (psycopg.Transaction, "__enter__"): psycopg.Transaction.__enter__,
        (psycopg.Transaction, "__exit__"): psycopg.Transaction.__exit__,
    }
    for (owner, attr), original in patched.items():
        setattr(owner, attr, counting(original))
    try:
        workspace.add_span(1 + spans % DOCUMENTS, 400, 402, "place")
    finally:
        for (owner, attr), original in patched.items():
            setattr(owner, attr, original)
    return counted[0]


def make_project(url: str) -> None:
    from desktop.storage.documents import NewDocument
    from desktop.workspace import Workspace

    with Workspace.create(url) as workspace, workspace.repo.action("bench"):
        for n in range(DOCUMENTS):
            text = f"سند {n}: " + LINE * 6
            digest = f"{n:064x}"
            workspace.repo.insert_document(NewDocument(f"d{n}.txt", text, text, digest, digest, None, {}))


def _floor(url: str, times: int = 200) -> tuple[str, str]:
    """This machine's floor for any durable write: p50/p99 of one bare INSERT committed alone
    (one round trip and the WAL flush), in a scratch table dropped after."""
    import psycopg

    taken = []
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE bench_floor (x integer)")
        for i in range(times):
            t0 = time.perf_counter()
            conn.execute("INSERT INTO bench_floor VALUES (%s)", [i])
            taken.append(time.perf_counter() - t0)
        conn.execute("DROP TABLE bench_floor")
    taken.sort()
    return _ms(taken, 0.5), _ms(taken, 0.99)


def run(url: str, annotators: int, spans: int) -> int:
    make_project(url)
    floor = _floor(url)
    with tempfile.TemporaryDirectory() as scratch:
        start_at = time.time() + 3 + 0.3 * annotators  # every process open and waiting first
        outs = [Path(scratch) / f"a{i}.json" for i in range(annotators)]
        children = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "bench.bench_team",
                    "--worker",
                    url,
                    f"annotator{i}",
                    str(spans),
                    str(start_at),
                    str(out),
                ],
                cwd=ROOT,
            )  # fmt: skip
            for i, out in enumerate(outs)
        ]
        failed = sum(1 for child in children if child.wait() != 0)
        reports = [json.loads(out.read_text()) for out in outs if out.exists()]
        exported = _exported(url, Path(scratch) / "export.jsonl")
    latencies = sorted(x for r in reports for x in r["lat"])
    acked = {(f"annotator{i}", *span) for i, r in enumerate(reports) for span in r["acked"]}
    began, ended = min(r["span"][0] for r in reports), max(r["span"][1] for r in reports)
    lost = acked - exported
    print(
        f"team: {annotators} annotators x {spans} spans, {len(latencies)} spans in {ended - began:.1f} s: "
        f"{len(latencies) / (ended - began):,.0f} spans/s; one durable span p50 {_ms(latencies, 0.5)} ms, "
        f"p99 {_ms(latencies, 0.99)} ms (goal <= 5 ms; a bare durable INSERT here: p50 {floor[0]} ms, "
        f"p99 {floor[1]} ms); {statistics.median(r['trips'] for r in reports):.0f} "
        f"round trips a span; lost {len(lost)} of {len(acked)} acknowledged; {failed} workers failed; "
        f"load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores",
        flush=True,
    )
    return 1 if lost or failed else 0


def _measure(args: argparse.Namespace, url: str) -> int:
    return copy_and_open(url, args.copy) if args.copy else run(url, args.annotators, args.spans)


def _ms(values: list[float], q: float) -> str:
    return f"{values[min(len(values) - 1, int(q * len(values)))] * 1000:.1f}"


def _exported(url: str, target: Path) -> set[tuple[str, int, int, int]]:
    """The spans in the project's jsonl export: (annotator, document, start, end)."""
    from desktop.cli import main

    assert main(["export", url, "-f", "jsonl", "-o", str(target), "-q"]) == 0
    found = set()
    for number, line in enumerate(target.read_text(encoding="utf-8").splitlines(), 1):
        record = json.loads(line)
        for span in record.get("spans", []):
            found.add((span.get("annotator"), number, span["start"], span["end"]))
    return found


def copy_and_open(url: str, corpus: str) -> int:
    """`copy` a cached benchmark project (bench/corpus.py) onto the server, then open it as a window
    does (the store, the annotator, the document list): issue 16's 60 s and 2 s budgets."""
    from bench.corpus import ensure
    from desktop.workspace import Workspace
    from desktop.workspace.project.copy import copy_to

    folder, _ = ensure(corpus)
    with Workspace.open(folder / "project.barchasb") as source:
        started = time.perf_counter()
        report = copy_to(source, url)
        copied = time.perf_counter() - started
    started = time.perf_counter()
    with Workspace.open(url, "sara") as workspace:
        listing = workspace.document_listing(workspace.annotator.id)
        opened = time.perf_counter() - started
    print(
        f"team: copy {corpus} to the server {copied:.1f} s ({sum(report.rows.values()):,} rows, "
        f"{report.rows['documents']:,} documents; budget 60 s); open it with its document list {opened:.2f} s "
        f"({len(listing.ids):,} listed; budget 2 s); "
        f"load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores",
        flush=True,
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", nargs="?", help="a postgresql:// URL of an empty database (default: a throw-away one)")
    parser.add_argument("--annotators", type=int, default=20)
    parser.add_argument("--spans", type=int, default=200, help="spans each annotator adds")
    parser.add_argument("--copy", metavar="CORPUS", help="instead: copy this benchmark project and open it")
    parser.add_argument("--worker", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        url, name, spans, start_at, out = args.worker
        worker(url, name, int(spans), float(start_at), out)
        return 0
    print(f"load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores before the run", flush=True)
    if args.url:
        return _measure(args, args.url)
    sys.path.insert(0, str(ROOT / "tests"))
    from pgcluster import Cluster, find_bin_dir

    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise SystemExit("no PostgreSQL server binaries: apt-get install -y postgresql, or give a URL")
    cluster = Cluster(bin_dir).start(durable=True)
    try:
        return _measure(args, cluster.url(cluster.fresh_database()))
    finally:
        cluster.stop()


if __name__ == "__main__":
    sys.exit(main())
