"""The benchmark machinery: cases, budgets, child processes, medians, peak memory.

Every case has a measured side and, where one exists, a baseline: the same
work done by the barest code this machine can run (sqlite3 alone, a bare
QPlainTextEdit, ...), measured in the same run, so a figure always comes with
the limit it is up against. Each side runs in a fresh child process, several
times; the child reports every run's wall and CPU time and its own peak
resident memory, and the parent keeps the median. The two sides run in turn,
run by run (bench/paired.py), and the ratio is the median of the pairs' ratios.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
OUT = BENCH / "out"


# --- what a case is ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Budget:
    """Limits a measured figure must stay within (any may be None)."""

    text: str  # as the issue states it
    max_value: float | None = None  # seconds (unit "s"/"ms") ...
    min_value: float | None = None  # ... or a rate (unit "MB/s")
    max_ratio: float | None = None  # measured cost / baseline cost
    max_rss_mb: float | None = None
    # other figures a run reports, each at most its limit: (("idle_s", 0.05), ...)
    max_extra: tuple[tuple[str, float], ...] = ()


@dataclass
class Sample:
    """What one run of one side reports: its primary value and anything else worth keeping."""

    value: float
    extra: dict[str, Any] = field(default_factory=dict)


Runner = Callable[["Context"], Sample]


@dataclass
class Case:
    id: str  # area.name, e.g. import.plain-10k
    title: str
    unit: str  # s, ms or MB/s
    measure: Runner
    baseline: Runner | None = None
    baseline_title: str = ""
    budget: Budget | None = None
    runs: int = 5
    quick_runs: int = 2
    note: str = ""
    corpora: tuple[str, ...] = ()  # built (once, cached) before anything is timed

    @property
    def area(self) -> str:
        return self.id.split(".", 1)[0]


CASES: dict[str, Case] = {}


def case(**kwargs: Any) -> Callable[[Runner], Runner]:
    """Register the decorated function as a case's measured side."""

    def register(measure: Runner) -> Runner:
        CASES[kwargs["id"]] = Case(measure=measure, **kwargs)
        return measure

    return register


@dataclass
class Context:
    """What a runner gets: the run number, quick mode, and a scratch folder of its own."""

    run: int
    quick: bool
    scratch: Path


# --- the child side ------------------------------------------------------------------------------


def run_child(case_id: str, role: str, runs: int, quick: bool) -> dict:
    """In a child process: run one side of a case `runs` times and report."""
    subject = CASES[case_id]
    runner = subject.measure if role == "measure" else subject.baseline
    assert runner is not None, f"{case_id} has no {role}"
    samples, walls, cpus = [], [], []
    with tempfile.TemporaryDirectory(prefix="barchasb-bench-") as folder:
        for run in range(runs):
            scratch = Path(folder) / f"run{run}"
            scratch.mkdir()
            cpu0, wall0 = time.process_time(), time.perf_counter()
            sample = runner(Context(run, quick, scratch))
            walls.append(time.perf_counter() - wall0)
            cpus.append(time.process_time() - cpu0)
            samples.append(sample)
    return {
        "values": [s.value for s in samples],
        "extra": [s.extra for s in samples],
        "peak_rss_mb": peak_rss_mb(),
        "children_peak_rss_mb": peak_rss_mb(children=True),
        "run_wall": walls,
        "run_cpu": cpus,
    }


def peak_rss_mb(children: bool = False) -> float:
    """Peak resident MiB of this process (or the largest of its waited-for children). This
    process's own is its memory's high-water mark (`VmHWM`): `ru_maxrss` would also count the
    process it was started from, since Linux carries the forking process's peak across fork and
    exec (a run that built its corpora first showed 167.5 MB for every case). A child's is
    `ru_maxrss`: an upper bound, which may include this process's size when it was forked."""
    if not children:
        hwm = rss_now_mb()[1]
        if hwm:
            return hwm
    who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)  # Linux reports KiB


def rss_now_mb() -> tuple[float, float]:
    """(resident now, peak so far) of this process, in MiB, from /proc."""
    values = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:")):
            values[line[:5]] = int(line.split()[1]) / 1024
    return round(values.get("VmRSS", 0), 1), round(values.get("VmHWM", 0), 1)


@contextmanager
def stopwatch() -> Iterator[list[float]]:
    """`with stopwatch() as t: ...` then t[0] is the elapsed seconds."""
    holder: list[float] = []
    start = time.perf_counter()
    try:
        yield holder
    finally:
        holder.append(time.perf_counter() - start)


def installed_env(**values: str) -> dict[str, str]:
    """The environment with `values`, minus PYTHONDONTWRITEBYTECODE: an installed app has its
    bytecode cached, so a start-up timing must not include compiling every module again."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env.update(values)
    return env


def isolated_env(home: Path, **extra: str) -> dict[str, str]:
    """Environment for a child app: its own data and settings folders, offscreen Qt."""
    env = installed_env(
        QT_QPA_PLATFORM="offscreen",
        BARCHASB_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


# --- the parent side ------------------------------------------------------------------------------


def spawn_side(case_id: str, role: str, runs: int, quick: bool) -> dict:
    """Run one side of a case in a fresh interpreter; its report, or why it failed."""
    command = [sys.executable, str(BENCH / "run.py"), "--child", case_id, "--role", role, "--runs", str(runs)] + (
        ["--quick"] if quick else []
    )
    env = installed_env(QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        tail = (done.stderr or done.stdout).strip().splitlines()[-12:]
        return {"error": "\n".join(tail) or f"exit code {done.returncode}"}
    return json.loads(lines[-1])


def summarise(subject: Case, measured: dict, baseline: dict | None, pairs: list[dict] | None = None) -> dict:
    """Medians, ratio and verdict of one case. With `pairs` (bench/paired.py: measured and
    baseline run in turn) the ratio is the median of the pairs' ratios, and the row keeps the
    pairs, the CPU-time ratio where it is honest (`cpu_ratio`) and the load the runs saw."""
    row: dict[str, Any] = {
        "id": subject.id,
        "title": subject.title,
        "unit": subject.unit,
        "budget": subject.budget.text if subject.budget else "",
        "baseline_title": subject.baseline_title,
        "note": subject.note,
    }
    if "error" in measured:
        return {**row, "error": measured["error"], "verdict": "ERROR"}
    value = statistics.median(measured["values"])
    row.update(
        value=value,
        values=measured["values"],
        peak_rss_mb=measured["peak_rss_mb"],
        children_peak_rss_mb=measured["children_peak_rss_mb"],
        extra=_merge_extra(measured["extra"]),
    )
    if baseline is not None and "error" not in baseline:
        base = statistics.median(baseline["values"])
        row.update(
            baseline=base,
            baseline_values=baseline["values"],
            baseline_peak_rss_mb=baseline["peak_rss_mb"],
            baseline_extra=_merge_extra(baseline["extra"]),
            ratio=_ratio(subject.unit, value, base),
        )
        if pairs:
            row.update(ratio_of_medians=row["ratio"], **paired_figures(subject.unit, pairs))
    elif baseline is not None:
        row["baseline_error"] = baseline["error"]
    row["verdict"] = _verdict(subject.budget, row)
    return row


def paired_figures(unit: str, pairs: list[dict]) -> dict[str, Any]:
    """The ratio as the median of per-pair ratios, and what else the pairs tell."""
    ratio = _median_known([_ratio(unit, p["value"], p["baseline"]) for p in pairs])
    others = [cores for p in pairs for cores in p["others_cores"]]
    figures: dict[str, Any] = {
        "ratio": ratio,
        "ratio_method": "median of per-pair ratios",
        "pairs": pairs,
        "others_cores": [min(others), max(others)],
    }
    timed = [p for p in pairs if "timed_cpu" in p]
    honest = [p for p in pairs if cpu_is_honest(unit, p)]
    if timed:  # the case reports the CPU time of what it times
        figures["cpu_ratio"] = _median_known([_ratio(unit, *p["timed_cpu"]) for p in timed])
        figures.update(cpu_pairs=len(timed), cpu_of="the timed work")
    elif honest:
        figures["cpu_ratio"] = _median_known([_ratio(unit, p["cpu"][0], p["cpu"][1]) for p in honest])
        figures.update(cpu_pairs=len(honest), cpu_of="whole runs without imports")
    return figures


def cpu_is_honest(unit: str, pair: dict) -> bool:
    """Whether the runs' CPU times measure the case's values: times that are (nearly) the whole
    run, on both sides. Not a process's first run when it also imports the modules, not the cases
    that time a step inside a longer run (one label in a window opened first), nor rates."""
    if unit not in ("s", "ms"):
        return False
    return pair["value"] >= 0.8 * pair["wall"][0] and pair["baseline"] >= 0.8 * pair["wall"][1]


def _median_known(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return statistics.median(known) if known else None


def _ratio(unit: str, value: float, base: float) -> float | None:
    """Measured cost over baseline cost (a rate is a cost's inverse)."""
    if not value or not base:
        return None
    return base / value if unit == "MB/s" else value / base


def _merge_extra(extras: list[dict]) -> dict:
    """Numbers: their median over the runs; anything else: the last run's."""
    merged: dict[str, Any] = {}
    for key in extras[-1] if extras else {}:
        values = [e[key] for e in extras if key in e]
        numeric = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)
        merged[key] = statistics.median(values) if numeric else values[-1]
    return merged


def resident_mb(row: dict) -> float:
    """The memory a case is shown and judged by: the resident size it reports itself, or else the
    peak of its process plus the largest peak of the processes it started (export workers, the
    spaCy export's shard process, normalising workers): an upper bound, since a forked child
    shares pages with its parent."""
    if "rss_mb" in row["extra"]:
        return row["extra"]["rss_mb"]
    return row["peak_rss_mb"] + (row.get("children_peak_rss_mb") or 0)


def _verdict(budget: Budget | None, row: dict) -> str:
    if budget is None:
        return ""
    value, checks = row["value"], []
    rss = resident_mb(row)
    if budget.max_value is not None:
        checks.append(value <= budget.max_value)
    if budget.min_value is not None:
        checks.append(value >= budget.min_value)
    if budget.max_ratio is not None:
        checks.append(row.get("ratio") is not None and row["ratio"] <= budget.max_ratio)
    if budget.max_rss_mb is not None:
        checks.append(rss <= budget.max_rss_mb)
    for key, limit in budget.max_extra:
        figure = row["extra"].get(key)
        checks.append(isinstance(figure, (int, float)) and figure <= limit)
    return "ok" if all(checks) else "MISSED"
