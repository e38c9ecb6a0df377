"""The scale case: a project of a million documents (~3 GB of text), outside the default run.

    .venv/bin/python bench/run.py scale                     1,000,000 documents
    .venv/bin/python -m bench.bench_scale --documents 300000 [--skip open,search,export]

The project is generated once (bench/scale_corpus.py, cached under bench/out/corpora/)
and measured three ways against the issue's goals:

- open: `python -m desktop gui PROJECT` until the document list and the document are
  painted (after an untimed open, so a backup that falls due is not timed), <= 2 s;
- search: the document list's filter (`search_documents`: names and texts, folded), <= 200 ms
  once the search index is built (`--build-index` builds it first, as the window's worker does);
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


# The list's search by kind of query: rare and common (from the index), a seam and a short one.
SEARCHES = {
    "rare": QUERY,
    "common": "آذربایجان",
    "seam": "رایزنی های",  # an affix seam: "", " " or ZWNJ
    "short": "خب",  # under three characters: scanned, not timed above 100k documents
}


def _index_alone(project: Path, upto: int) -> dict:
    """The index's part of each search (`SearchIndex.match`), over the documents it holds."""
    from desktop.storage.search_index import open_search_index
    from desktop.text.search_form import query_phrases
    from desktop.workspace.project.search import PAGE

    out: dict = {}
    index = open_search_index(project)
    try:
        for kind, query in SEARCHES.items():
            phrases = query_phrases(query)
            if phrases is None:
                continue
            for suffix, limit in (("_page", PAGE), ("", -1)):
                times = []
                for _ in range(3):
                    wall, cpu = time.perf_counter(), time.process_time()
                    found = index.match(phrases, upto, limit)
                    times.append((time.perf_counter() - wall, time.process_time() - cpu))
                wall_s, cpu_s = sorted(times)[1]
                out[f"index_{kind}{suffix}_ms"] = round(wall_s * 1000, 1)
                out[f"index_{kind}{suffix}_cpu_ms"] = round(cpu_s * 1000, 1)
            out[f"index_{kind}_found"] = len(found)
    finally:
        index.close()
    return out


def measure_search(project: Path, build: bool = False) -> dict:
    """Each query of `SEARCHES` through `search_documents` (median of 3, wall and CPU). With
    `build`, the search index is first brought up to date by the window's own worker function."""
    from desktop.storage.search_index import open_search_index
    from desktop.workspace import Workspace
    from desktop.workspace.project.search import matching_documents, search_documents
    from desktop.workspace.project.search_index import build_search_index

    out: dict = {}
    if build:
        wall = time.perf_counter()
        report = build_search_index(project, batch=2000)
        out.update(index_build_s=round(time.perf_counter() - wall, 1), index_build_cpu_s=report.cpu_s)
    index = open_search_index(project)
    try:
        upto, pending = index.indexed_upto(), index.pending()
        index_pages = index.db.execute(
            "SELECT sum(pgsize) FROM dbstat WHERE name LIKE '\\_document\\_search%' ESCAPE '\\'"
        ).fetchone()[0]
    finally:
        index.close()
    out.update(indexed_upto=upto, index_pending=pending, index_mb=round((index_pages or 0) / 1e6, 1))
    if pending > 20_000:  # a search would scan them all: time what the index answers so far
        out["search"] = f"{pending:,} documents not indexed yet: the index alone timed (--build-index builds it)"
        out.update(_index_alone(project, upto))
        return out
    with Workspace.open(project, annotator="sara") as workspace:
        for kind, query in SEARCHES.items():
            if kind == "short" and workspace.repo.document_count() > 100_000:
                continue
            times, pages = [], []
            for _ in range(3):
                wall, cpu = time.perf_counter(), time.process_time()
                paged = matching_documents(
                    workspace.repo, query, first_page=lambda _, at=wall, to=pages: to.append(time.perf_counter() - at)
                )
                times.append((time.perf_counter() - wall, time.process_time() - cpu))
            found = search_documents(workspace, query)
            assert paged == found
            wall_s, cpu_s = sorted(times)[1]
            out[f"search_{kind}_ms"] = round(wall_s * 1000, 1)
            out[f"search_{kind}_cpu_ms"] = round(cpu_s * 1000, 1)
            if pages:  # the list's first rows (a common word's): shown before the rest is read
                out[f"search_{kind}_first_page_ms"] = round(sorted(pages)[len(pages) // 2] * 1000, 1)
            out[f"search_{kind}_found"] = len(found)
    return out


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
    parser.add_argument("--build-index", action="store_true", help="bring the search index up to date first")
    args = parser.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    print(f"load {os.getloadavg()[0]:.2f}", flush=True)
    folder, facts = ensure_scale(args.documents, log=lambda line: print(line, flush=True))
    project = folder / "project.barchasb"
    print(json.dumps(facts), flush=True)
    results: dict = {"documents": args.documents}
    for name, run in (
        ("open", lambda: measure_open(project, args.documents)),
        ("search", lambda: measure_search(project, args.build_index)),
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
