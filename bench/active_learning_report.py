"""The active-learning runs as a table and a picture: `.venv/bin/python bench/active_learning_report.py`.

Reads every run bench/active_learning.py wrote (bench/out/active_learning/ARM-seedN.json, or the
folder given), prints F1 per labelled-document count for each arm (mean, and the spread over seeds
as min-max), the documents each run needed to reach the target, and the CPU each run took; writes
the summary to bench/out/active_learning.json and the curves to docs/active-learning.png
(`--png` to write elsewhere).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.active_learning_plot import plot_qt  # noqa: E402

RUNS = ROOT / "bench" / "out" / "active_learning"
ARMS = ("uncertainty", "random")


def load_runs(folder: Path) -> dict[str, list[dict]]:
    """arm → its runs, one per seed: a seed's curve split between processes (`--counts`) is merged."""
    by_seed: dict[tuple[str, int], dict] = {}
    for path in sorted(folder.glob("*.json")):
        run = json.loads(path.read_text(encoding="utf-8"))
        key = (run["arm"], run["seed"])
        if key not in by_seed:
            by_seed[key] = {**run, "rounds": list(run["rounds"]), "processes": 1}
            continue
        merged = by_seed[key]
        known = {row["documents"] for row in merged["rounds"]}
        merged["rounds"] += [row for row in run["rounds"] if row["documents"] not in known]
        merged["wall_seconds"] = max(merged["wall_seconds"], run["wall_seconds"])
        merged["processes"] += 1
    for run in by_seed.values():
        run["rounds"].sort(key=lambda row: row["documents"])
    runs: dict[str, list[dict]] = {}
    for (arm, _), run in sorted(by_seed.items()):
        runs.setdefault(arm, []).append(run)
    return {arm: runs[arm] for arm in ARMS if arm in runs}


def contiguous(run: dict) -> list[dict]:
    """The run's rounds from the start on, every `step` documents, up to the first gap."""
    out = []
    for n, row in enumerate(run["rounds"]):
        if row["documents"] != run["start"] + n * run["step"]:
            break
        out.append(row)
    return out


def needed(run: dict) -> int | None:
    """Labelled documents at the first round whose F1 reached the run's target (no gap before it)."""
    return next((r["documents"] for r in contiguous(run) if r["f1"] >= run["target"]), None)


def finished(run: dict) -> bool:
    """Reached the target, or used the whole pool, with every round before measured."""
    rows = contiguous(run)
    return needed(run) is not None or bool(rows) and rows[-1]["documents"] >= run["pool"]


def curve(runs: list[dict]) -> dict[int, list[float]]:
    """Labelled documents → the F1 of each run that got that far."""
    out: dict[int, list[float]] = {}
    for run in runs:
        for row in run["rounds"]:
            out.setdefault(row["documents"], []).append(row["f1"])
    return out


def summary(runs: dict[str, list[dict]]) -> dict:
    out: dict = {}
    for arm, arm_runs in runs.items():
        done = [r for r in arm_runs if finished(r)]
        reached = [needed(r) for r in done]
        out[arm] = {
            "seeds": [r["seed"] for r in arm_runs],
            "finished_seeds": [r["seed"] for r in done],
            "documents_to_target": {r["seed"]: needed(r) for r in arm_runs},
            "mean_documents_to_target": statistics.mean(reached) if reached and None not in reached else None,
            "cpu_seconds": {r["seed"]: round(sum(row["cpu_seconds"] for row in r["rounds"])) for r in arm_runs},
            "wall_seconds": {r["seed"]: r["wall_seconds"] for r in arm_runs},
            "processes": {r["seed"]: r["processes"] for r in arm_runs},
            "measured_to": {r["seed"]: (contiguous(r) or [{"documents": 0}])[-1]["documents"] for r in arm_runs},
            "curve": {n: _stats(f1s) for n, f1s in sorted(curve(arm_runs).items())},
            "finished_curve": {n: _stats(f1s) for n, f1s in sorted(curve(done).items()) if len(f1s) == len(done)},
            "by_seed": {
                r["seed"]: {row["documents"]: [row["f1"], row["tokens"]] for row in r["rounds"]} for r in arm_runs
            },
        }
    first = next(iter(runs.values()))[0]
    keys = ("target", "start", "step", "iterations", "pool", "test", "split_seed", "commit", "features_version")
    out["protocol"] = {key: first[key] for key in keys}
    return out


def _stats(values: list[float]) -> dict:
    return {"mean": round(statistics.mean(values), 4), "min": min(values), "max": max(values), "runs": len(values)}


def table(report: dict) -> str:
    """One column per run, F1 (thousands of tokens labelled); a mean column for an arm with several seeds."""
    columns: list[tuple[str, Callable[[int], str]]] = []
    for arm in (a for a in ARMS if a in report):
        facts = report[arm]
        for seed, rows in facts["by_seed"].items():
            columns.append((f"{arm}, seed {seed}", lambda n, rows=rows: _run_cell(rows.get(n))))
        if len(facts["by_seed"]) > 1:
            columns.append((f"{arm}, mean (min-max, runs)", lambda n, facts=facts: _mean_cell(facts["curve"].get(n))))
    counts = sorted({n for arm in ARMS if arm in report for rows in report[arm]["by_seed"].values() for n in rows})
    lines = ["| labelled documents | " + " | ".join(c for c, _ in columns) + " |", "| --- |" + " --- |" * len(columns)]
    lines += [f"| {n} | " + " | ".join(cell(n) for _, cell in columns) + " |" for n in counts]
    return "\n".join(lines)


def _run_cell(row: list | None) -> str:
    return f"{row[0]:.3f} ({row[1] / 1000:.0f}k)" if row else ""


def _mean_cell(point: dict | None) -> str:
    if not point or point["runs"] < 2:
        return ""
    return f"{point['mean']:.3f} ({point['min']:.3f}-{point['max']:.3f}, {point['runs']})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=RUNS)
    parser.add_argument("--png", type=Path, default=ROOT / "docs" / "active-learning.png")
    args = parser.parse_args(argv)
    runs = load_runs(args.folder)
    if not runs:
        raise SystemExit(f"no runs in {args.folder}: run bench/active_learning.py first")
    report = summary(runs)
    print(table(report))
    for arm in (a for a in ARMS if a in report):
        facts = report[arm]
        print(
            f"{arm}: documents to F1 {report['protocol']['target']} by seed {facts['documents_to_target']}, "
            f"finished {facts['finished_seeds']}, mean {facts['mean_documents_to_target']}; "
            f"CPU s {facts['cpu_seconds']}, wall s {facts['wall_seconds']} in {facts['processes']} processes"
        )
    out = ROOT / "bench" / "out" / "active_learning.json"
    out.write_text(json.dumps(report, indent=1), encoding="utf-8")
    plot_qt(runs, report, args.png)
    print(f"wrote {out} and {args.png}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
