"""Run Barchasb's benchmarks: every hot path against its budget and a bare baseline.

    .venv/bin/python bench/run.py                 everything (~6 min; corpora built on first use)
    .venv/bin/python bench/run.py import export   only these areas (or case ids)
    .venv/bin/python bench/run.py --quick         fewer runs, smaller workloads (~2 min)
    .venv/bin/python bench/run.py --list          the cases
    .venv/bin/python bench/run.py --compare QUIET.json LOADED.json   ratios within 1.5x of quiet's?
    .venv/bin/python bench/run.py team            20 annotators on a PostgreSQL server (not in the default run)
    .venv/bin/python bench/run.py scale           a 1,000,000-document project (not in the default run)

Prints a table (medians, peak memory, the baseline and the ratio to it, the
budget and whether it was met) and writes the same as JSON to
bench/out/results-<git sha>.json. docs/performance.md explains each case.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Imported in the order the table shows them: budgets first, then the detail.
from bench import bench_import  # noqa: E402,F401,I001
from bench import bench_spans  # noqa: E402,F401
from bench import bench_export  # noqa: E402,F401
from bench import bench_window  # noqa: E402,F401
from bench import bench_startup  # noqa: E402,F401
from bench import bench_agreement  # noqa: E402,F401
from bench import bench_memory  # noqa: E402,F401
from bench import bench_view  # noqa: E402,F401
from bench import bench_relations  # noqa: E402,F401
from bench import bench_relations_window  # noqa: E402,F401
from bench import bench_text  # noqa: E402,F401
from bench.harness import CASES, OUT, ROOT, resident_mb, run_child, summarise  # noqa: E402
from bench.paired import run_paired, serve_child  # noqa: E402

AREAS = ("import", "export", "spans", "window", "view", "startup", "memory", "agreement", "text")


def main() -> int:
    args = _parser().parse_args()
    if args.child and args.paired:
        serve_child(args.child, args.role, args.runs, args.quick, sys.stdin, sys.stdout)
        return 0
    if args.child:
        report = run_child(args.child, args.role, args.runs, args.quick)
        print(json.dumps(report))
        return 0
    if args.list:
        for subject in CASES.values():
            print(f"{subject.id:<28} {subject.title}")
        return 0
    if args.compare:
        from bench.compare import report as compare_report

        quiet, loaded = (json.loads(Path(name).read_text()) for name in args.compare)
        print(compare_report(quiet, loaded))
        return 0
    if args.markdown:
        print(markdown(json.loads(Path(args.markdown).read_text())))
        return 0
    if "team" in args.what:  # 20 annotator processes on a throw-away server: by hand only (bench_team.py)
        from bench import bench_team

        return bench_team.main(["--spans", "50"] if args.quick else [])
    if "scale" in args.what:  # a million documents (~3 GB of text): by hand only (bench_scale.py)
        from bench import bench_scale

        return bench_scale.main(["--documents", "300000"] if args.quick else [])
    chosen = _select(args.what)
    compileall.compile_dir(ROOT / "desktop", quiet=1)  # as installed: no case pays for compiling
    return run_all(chosen, args.quick)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", nargs="*", help=f"areas ({', '.join(AREAS)}) or case ids")
    parser.add_argument("--quick", action="store_true", help="fewer runs, smaller workloads")
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    parser.add_argument("--markdown", metavar="RESULTS", help="print a results JSON file as a Markdown table and exit")
    parser.add_argument(
        "--compare",
        nargs=2,
        metavar=("QUIET", "LOADED"),
        help="each ratio of a loaded (--quick) results file against a quiet one's, within 1.5x or not",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--role", default="measure", help=argparse.SUPPRESS)
    parser.add_argument("--runs", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--paired", action="store_true", help=argparse.SUPPRESS)
    return parser


def _select(what: list[str]) -> list[str]:
    if not what:
        return list(CASES)
    chosen = [cid for cid, c in CASES.items() if c.area in what or cid in what]
    unknown = [w for w in what if w not in AREAS and w not in CASES]
    if unknown or not chosen:
        raise SystemExit(f"unknown area or case: {', '.join(unknown or what)} (try --list)")
    return chosen


def run_all(chosen: list[str], quick: bool) -> int:
    started = time.perf_counter()
    info = machine_info()
    print(
        f"{info['cpus']} cores, Python {info['python']}, Qt {info['qt']}, SQLite {info['sqlite']}, "
        f"load {info['load_before']}, {info['git']}{' (quick)' if quick else ''}",
        flush=True,
    )
    build_corpora(chosen, quick)
    rows = []
    for cid in chosen:
        subject = CASES[cid]
        runs = subject.quick_runs if quick else subject.runs
        if runs == 0:
            continue  # a full-run-only case
        measured, baseline, pairs = run_paired(cid, runs, quick, most=subject.runs)  # the sides in turn
        row = summarise(subject, measured, baseline, pairs)
        rows.append(row)
        print(format_row(row), flush=True)
    info.update(load_after=os.getloadavg()[0], seconds=round(time.perf_counter() - started, 1), quick=quick)
    path = write_results(info, rows)
    missed = [r["id"] for r in rows if r["verdict"] in ("MISSED", "ERROR")]
    print(
        f"\n{len(rows)} cases in {info['seconds']:.0f} s; budgets missed: "
        f"{', '.join(missed) or 'none'}; load {info['load_before']} -> {info['load_after']:.2f}"
    )
    print(f"results: {path.relative_to(ROOT)}")
    if info["load_before"] > 0.7 or info["load_after"] > 1.5:
        print("warning: the machine was busy; figures are pessimistic (rerun when idle)")
        print("         each ratio's CPU-time twin (second line) holds under load better than wall time")
    return 1 if any(r["verdict"] == "ERROR" for r in rows) else 0


def build_corpora(chosen: list[str], quick: bool) -> None:
    """Build the corpora the chosen cases read, before any timing (cached after the first run)."""
    from bench.corpus import ensure

    needed = dict.fromkeys(
        name for cid in chosen if (CASES[cid].quick_runs if quick else CASES[cid].runs) for name in CASES[cid].corpora
    )
    for name in needed:
        ensure(name, log=lambda line: print(line, flush=True))


def format_row(row: dict) -> str:
    """One line: case, median, baseline and ratio, peak memory, budget and verdict."""
    head = f"{row['id']:<26}"
    if "error" in row:
        return f"{head} ERROR: {row['error'].splitlines()[-1]}"
    value = _show(row["value"], row["unit"])
    base = _show(row["baseline"], row["unit"]) if "baseline" in row else ""
    ratio = f"{row['ratio']:.2f}x" if row.get("ratio") else ""
    rss = resident_mb(row)
    line = f"{head} {value:>10} {base:>10} {ratio:>6} {rss:7.0f} MB  {row['budget']:<32} {row['verdict']}"
    notes = [row["extra"].get("notes"), _judged_note(row), _paired_note(row)]
    return line + "".join(f"\n{'':<28}{note}" for note in notes if note)


def _judged_note(row: dict) -> str:
    """The figures a budget's limits on other figures judged (`Budget.max_extra`): each the median
    over the runs, whereas the case's own note is its last run's (a run's first label may take
    7 ms while the median of the runs' is over 10 ms)."""
    subject = CASES.get(row["id"])
    limits = subject.budget.max_extra if subject is not None and subject.budget is not None else ()
    shown = [
        f"{key} {row['extra'][key] * 1000:.1f} ms (<= {limit * 1000:g})"
        if key.endswith("_s")
        else f"{key} {row['extra'][key]} (<= {limit})"
        for key, limit in limits
        if isinstance(row["extra"].get(key), int | float)
    ]
    return f"judged, the median of the runs: {', '.join(shown)}" if shown else ""


def _paired_note(row: dict) -> str:
    """How the ratio was taken (bench/paired.py), its CPU-time twin, and the load the runs saw."""
    if "pairs" not in row:
        return ""
    count = len(row["pairs"])
    parts = [f"ratio: median of {count} run pair{'s' if count > 1 else ''}, wall time"]
    if row.get("cpu_ratio"):
        of = row.get("cpu_of", "whole runs without imports")
        parts.append(f"CPU time {row['cpu_ratio']:.2f}x (of {of}, {row['cpu_pairs']} pairs)")
    low, high = row["others_cores"]
    parts.append(f"other processes kept {low:.1f}-{high:.1f} of {os.cpu_count()} cores busy")
    return "; ".join(parts)


def markdown(results: dict) -> str:
    """The results as the table in docs/performance.md."""
    lines = [
        "| case | work | measured | baseline | ratio | peak RSS | budget | |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for row in results["cases"]:
        if "error" in row:
            lines.append(f"| `{row['id']}` | {row['title']} | error | | | | {row['budget']} | ERROR |")
            continue
        base = _show(row["baseline"], row["unit"]) if "baseline" in row else ""
        ratio = f"{row['ratio']:.2f}x" if row.get("ratio") else ""
        if row.get("cpu_ratio"):  # results written since pairing (bench/paired.py)
            ratio += f" (CPU {row['cpu_ratio']:.2f}x)"
        rss = resident_mb(row)
        lines.append(
            f"| `{row['id']}` | {row['title']} | {_show(row['value'], row['unit'])} | "
            f"{base} | {ratio} | {rss:.0f} MB | {row['budget']} | {row['verdict']} |"
        )
    return "\n".join(lines)


def _show(value: float, unit: str) -> str:
    if unit == "ms":
        return f"{value * 1000:.1f} ms" if value < 0.1 else f"{value * 1000:.0f} ms"
    if unit == "MB":
        return f"{value:.1f} MB"
    if unit == "MB/s":
        return f"{value:.2f} MB/s"
    return f"{value:.3f} s" if value < 10 else f"{value:.1f} s"


def machine_info() -> dict:
    import sqlite3

    from PySide6 import __version__ as qt

    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "qt": qt,
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
        "git": git_version(),
        "load_before": round(os.getloadavg()[0], 2),
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


def git_version() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    sha = git("rev-parse", "--short", "HEAD") or "unknown"
    return sha + ("-dirty" if git("status", "--porcelain", "--untracked-files=no") else "")


def write_results(info: dict, rows: list[dict]) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"results-{info['git']}{'-quick' if info['quick'] else ''}.json"
    path.write_text(json.dumps({"machine": info, "cases": rows}, indent=1, ensure_ascii=False))
    return path


if __name__ == "__main__":
    sys.exit(main())
