"""A loaded `--quick` run against a quiet full run: is each case's ratio within 1.5x of quiet's?

    .venv/bin/python bench/run.py --compare bench/out/results-QUIET.json bench/out/results-LOADED.json

Issue 17 asks the `--quick` run on a loaded machine to keep every ratio within 1.5x of the quiet
run's. A ratio is a case's cost over its baseline's, taken run pair by run pair (bench/paired.py),
so load that slows both sides alike cancels. Each case is judged by its wall-time ratio; where that
is outside but both runs recorded the CPU-time ratio of the timed work and it is within, the verdict
says so ("cpu"): the case did the same work, and only the scheduler differed (a millisecond action
preempted on a saturated machine). Cases in only one of the files are listed as such.
"""

from __future__ import annotations

from typing import Any

LIMIT = 1.5


def within(loaded: float | None, quiet: float | None, limit: float = LIMIT) -> bool | None:
    """Whether loaded / quiet lies in [1/limit, limit]; None when either is missing."""
    if not loaded or not quiet:
        return None
    return 1 / limit <= loaded / quiet <= limit


def compare(quiet: dict[str, Any], loaded: dict[str, Any], limit: float = LIMIT) -> list[dict[str, Any]]:
    """One row per case the loaded run has a ratio for, in its order."""
    reference = {row["id"]: row for row in quiet["cases"] if row.get("ratio")}
    rows = []
    for row in loaded["cases"]:
        if not row.get("ratio"):
            continue
        base = reference.get(row["id"])
        if base is None:
            rows.append({"id": row["id"], "loaded": row["ratio"], "verdict": "no quiet figure"})
            continue
        wall = within(row["ratio"], base["ratio"], limit)
        cpu = within(row.get("cpu_ratio"), base.get("cpu_ratio"), limit)
        verdict = "ok" if wall else "cpu" if cpu else "OUT"
        rows.append(
            {
                "id": row["id"],
                "quiet": base["ratio"],
                "loaded": row["ratio"],
                "quiet_cpu": base.get("cpu_ratio"),
                "loaded_cpu": row.get("cpu_ratio"),
                "others_cores": row.get("others_cores"),
                "verdict": verdict,
            }
        )
    return rows


def report(quiet: dict[str, Any], loaded: dict[str, Any], limit: float = LIMIT) -> str:
    """The comparison as a Markdown table with a last line that counts the verdicts."""
    rows = compare(quiet, loaded, limit)
    lines = [
        "| case | quiet ratio | loaded ratio | loaded / quiet | CPU ratios (quiet, loaded) | others' cores | |",
        "| --- | ---: | ---: | ---: | --- | --- | --- |",
    ]
    for row in rows:
        if "quiet" not in row:
            lines.append(f"| `{row['id']}` | | {row['loaded']:.2f}x | | | | {row['verdict']} |")
            continue
        cpu = f"{row['quiet_cpu']:.2f}x, {row['loaded_cpu']:.2f}x" if row["quiet_cpu"] and row["loaded_cpu"] else ""
        cores = "{:.1f}-{:.1f}".format(*row["others_cores"]) if row["others_cores"] else ""
        lines.append(
            f"| `{row['id']}` | {row['quiet']:.2f}x | {row['loaded']:.2f}x | "
            f"{row['loaded'] / row['quiet']:.2f} | {cpu} | {cores} | {row['verdict']} |"
        )
    counts = {v: sum(r["verdict"] == v for r in rows) for v in ("ok", "cpu", "OUT")}
    lines.append("")
    machine = loaded["machine"]
    load = " -> ".join(f"{machine[key]:.2f}" for key in ("load_before", "load_after") if key in machine)
    lines.append(
        f"{len(rows)} cases: {counts['ok']} within {limit}x by wall time, {counts['cpu']} by CPU time "
        f"only, {counts['OUT']} outside; quiet {quiet['machine'].get('git', '?')}, "
        f"loaded {machine.get('git', '?')} (load {load})"
    )
    return "\n".join(lines)
