"""The scale case: a project of a million documents (~3 GB of text), outside the default run.

    .venv/bin/python bench/run.py scale                     1,000,000 documents
    .venv/bin/python -m bench.bench_scale --documents 300000 [--skip open,search,export]

The project is generated once (bench/scale_corpus.py, cached under bench/out/corpora/)
and measured three ways against the issue's goals:

- open: `python -m desktop gui PROJECT` until the document list and the document are
  painted (after an untimed open, so a backup that falls due is not timed), <= 2 s;
- search: the document list's filter (`search_documents`: names and texts, folded), <= 200 ms;
- export: `export_project` as jsonl, in MB/s of the file written, >= 50 MB/s.

Each prints wall and CPU time; the machine's load is printed before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_startup import launch  # noqa: E402
from bench.harness import OUT  # noqa: E402
from bench.scale_corpus import ensure_scale  # noqa: E402

QUERY = "خبر ۵۰۰۰۰"  # in the datelines of the few documents whose number starts 50000


def measure_open(project: Path, count: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="barchasb-scale-") as folder:
        home = Path(folder)
        settings = home / "data" / "settings.json"
        settings.parent.mkdir(parents=True)
        settings.write_text(json.dumps({"annotator": "sara"}))
        args = ["gui", str(project), "--annotator", "sara"]
        first = launch(args, home, timeout=1800)  # untimed: a backup due is taken here
        report = launch(args, home, timeout=1800)
    assert report["documents"] == count, report
    at = report["at"]
    return {
        "open_s": at["painted"],
        "first_open_s": first["at"]["painted"],
        "open_cpu_s": report["cpu_s"],
        "application_open_s": round(at["shown"] - at["open"], 3),
        "rss_mb": report["rss_mb"],
    }


def measure_search(project: Path) -> dict:
    from desktop.workspace import Workspace
    from desktop.workspace.project.search import search_documents

    with Workspace.open(project, annotator="sara") as workspace:
        wall, cpu = time.perf_counter(), time.process_time()
        found = search_documents(workspace, QUERY)
        return {
            "search_s": round(time.perf_counter() - wall, 3),
            "search_cpu_s": round(time.process_time() - cpu, 3),
            "search_found": len(found),
        }


def measure_export(project: Path, text_bytes: int) -> dict:
    from desktop.workspace import Workspace
    from desktop.workspace.export.project import ExportOptions, export_project

    out = OUT / "scale-export.jsonl"
    try:
        with Workspace.open(project, annotator="sara") as workspace:
            wall, cpu = time.perf_counter(), time.process_time()
            report = export_project(workspace, ExportOptions("jsonl"), out)
            seconds = time.perf_counter() - wall
            cpu = time.process_time() - cpu
        size = out.stat().st_size
    finally:
        out.unlink(missing_ok=True)
    return {
        "export_s": round(seconds, 1),
        "export_cpu_s": round(cpu, 1),
        "export_mb_per_s": round(size / 1e6 / seconds, 1),
        "export_text_mb_per_s": round(text_bytes / 1e6 / seconds, 1),
        "export_file_mb": round(size / 1e6),
        "export_documents": report.documents,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1_000_000)
    parser.add_argument("--skip", default="", help="comma-separated: open, search, export")
    args = parser.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    print(f"load {os.getloadavg()[0]:.2f}", flush=True)
    folder, facts = ensure_scale(args.documents, log=lambda line: print(line, flush=True))
    project = folder / "project.barchasb"
    print(json.dumps(facts), flush=True)
    results: dict = {"documents": args.documents}
    for name, run in (
        ("open", lambda: measure_open(project, args.documents)),
        ("search", lambda: measure_search(project)),
        ("export", lambda: measure_export(project, facts["text_bytes"])),
    ):
        if name not in skip:
            results.update(run())
            print(json.dumps(results), flush=True)
    results["load_after"] = round(os.getloadavg()[0], 2)
    print(json.dumps(results), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
