"""Measured and baseline runs taken in turn, pair by pair, so both sides of a ratio see the same load.

On a shared machine the load changes from second to second: a case measured in one process and
its baseline in the next saw different machines, and their ratio drifted (132x one loaded run,
under 5x a quiet one). Here both sides start as before, in fresh interpreters that run the case
`runs` times each (so a case measures exactly what it did), but they wait for a word from the
parent before each run: measured run 1, baseline run 1, baseline run 2, measured run 2, ... (the
order alternates, so a load that rises or falls through the case favours neither side). Each
pair gives a ratio; the case's ratio is the median of the pairs' ratios. With every run the
parent records how many cores other processes kept busy meanwhile (/proc/stat less the run's own
CPU time) and the load average, and each run reports its CPU time next to its wall time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import IO, Any

from bench.harness import BENCH, CASES, ROOT, Context, installed_env

READY = {"ready": True}


# --- the child side ------------------------------------------------------------------------------


def serve_child(case_id: str, role: str, runs: int, quick: bool, orders: IO[str], out: IO[str]) -> None:
    """In a child process: say ready, then one run per line read from `orders`, each reported at
    once; at the end (or when `orders` closes) the same report `harness.run_child` gives."""
    subject = CASES[case_id]
    runner = subject.measure if role == "measure" else subject.baseline
    assert runner is not None, f"{case_id} has no {role}"
    done: list[dict] = []
    _say(out, READY)
    with tempfile.TemporaryDirectory(prefix="barchasb-bench-") as folder:
        for run in range(runs):
            if not orders.readline():
                break
            scratch = Path(folder) / f"run{run}"
            scratch.mkdir()
            cpu0, wall0 = cpu_seconds(), time.perf_counter()
            sample = runner(Context(run, quick, scratch))
            wall, cpu = time.perf_counter() - wall0, cpu_seconds() - cpu0
            done.append({"run": run, "value": sample.value, "extra": sample.extra, "wall": wall, "cpu": cpu})
            _say(out, done[-1])
    from bench.harness import peak_rss_mb

    _say(
        out,
        {
            "values": [d["value"] for d in done],
            "extra": [d["extra"] for d in done],
            "peak_rss_mb": peak_rss_mb(),
            "children_peak_rss_mb": peak_rss_mb(children=True),
            "run_wall": [d["wall"] for d in done],
            "run_cpu": [d["cpu"] for d in done],
        },
    )


def cpu_seconds() -> float:
    """CPU time of this process and of the children it has waited for (workers, launched apps)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _say(out: IO[str], message: dict) -> None:
    out.write(json.dumps(message) + "\n")
    out.flush()


# --- the parent side ------------------------------------------------------------------------------


class Side:
    """One side of a case in its own interpreter, run by `step()` one run at a time."""

    def __init__(self, case_id: str, role: str, runs: int, quick: bool) -> None:
        command = [sys.executable, str(BENCH / "run.py"), "--child", case_id, "--role", role, "--runs", str(runs)]
        command += ["--paired"] + (["--quick"] if quick else [])
        self.role = role
        self.error: str | None = None
        # A file, not a pipe, so a chatty child never blocks; closed in finish().
        self._stderr = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115
        env = installed_env(QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
        self._process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr, text=True, env=env, cwd=ROOT
        )

    def ready(self) -> bool:
        return self._next() is not None

    def step(self) -> dict | None:
        """Run once; the run's report with the load around it, or None (see `error`)."""
        if self.error is not None:
            return None
        before = Machine.now()
        assert self._process.stdin is not None
        try:
            self._process.stdin.write("go\n")
            self._process.stdin.flush()
        except (BrokenPipeError, OSError):
            pass  # it died: _next() says why
        report = self._next()
        if report is None or "run" not in report:
            self.error = self.error or "the child ended before its runs did"
            return None
        return {**report, **before.since(report["cpu"])}

    def finish(self) -> dict:
        """The child's closing report (harness.run_child's shape), or {"error": ...}."""
        assert self._process.stdin is not None
        try:
            self._process.stdin.close()
        except (BrokenPipeError, OSError):
            pass
        final = self._next() if self.error is None else None
        self._process.wait()
        if final is None or "values" not in final:
            final = {"error": self.error or self._why()}
        assert self._process.stdout is not None
        self._process.stdout.close()
        self._stderr.close()
        return final

    def _next(self) -> dict | None:
        """The child's next JSON line (anything else a case prints is skipped), or None if it ended."""
        assert self._process.stdout is not None
        for line in self._process.stdout:
            if line.startswith("{"):
                return json.loads(line)
        self._process.wait()
        self.error = self.error or self._why()
        return None

    def _why(self) -> str:
        self._stderr.seek(0)
        tail = self._stderr.read().strip().splitlines()[-12:]
        return "\n".join(tail) or f"exit code {self._process.returncode}"


class Machine:
    """CPU time all cores spent busy so far (/proc/stat) and the load average, to compare later."""

    def __init__(self, busy: float, wall: float, load: float) -> None:
        self.busy, self.wall, self.load = busy, wall, load

    @classmethod
    def now(cls) -> Machine:
        return cls(_busy_seconds(), time.perf_counter(), os.getloadavg()[0])

    def since(self, own_cpu: float) -> dict:
        """Cores other processes kept busy since `now()`, leaving out `own_cpu` seconds (the run's)."""
        wall = time.perf_counter() - self.wall
        others = max(0.0, _busy_seconds() - self.busy - own_cpu) / wall if wall > 0 else 0.0
        return {"others_cores": round(others, 2), "load": round(self.load, 2)}


def _busy_seconds() -> float:
    """Seconds all cores spent busy since boot (0 where /proc/stat is missing)."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return 0.0
    ticks = [int(f) for f in fields]
    idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0)  # idle, iowait
    busy = sum(ticks[:8]) - idle  # user nice system idle iowait irq softirq steal (guest is in user)
    return busy / os.sysconf("SC_CLK_TCK")


# A quick run takes more pairs of a cheap case, up to its full run's count, while the case has
# taken less than this: one pair is one sample of the load, three are a median.
EXTRA_PAIRS_SECONDS = 15.0


def run_paired(case_id: str, runs: int, quick: bool, most: int | None = None) -> tuple[dict, dict | None, list[dict]]:
    """Both sides of a case, run by run in alternating order: (measured, baseline, pairs).

    `runs` runs of each side, or up to `most` while the case has taken under EXTRA_PAIRS_SECONDS.
    measured and baseline have the shape `harness.spawn_side` returns; a case without a baseline
    runs alone and has no pairs."""
    most = max(runs, most or runs)
    sides = [Side(case_id, "measure", most, quick)]
    if CASES[case_id].baseline is not None:
        sides.append(Side(case_id, "baseline", most, quick))
    for side in sides:
        side.ready()  # both started (imports done) before any run is timed
    started, pairs = time.perf_counter(), []
    for run in range(most):
        if run >= runs and time.perf_counter() - started > EXTRA_PAIRS_SECONDS:
            break
        order = sides if run % 2 == 0 else sides[::-1]
        reports = {side.role: side.step() for side in order}
        measure_run, baseline_run = reports["measure"], reports.get("baseline")
        if measure_run is not None and baseline_run is not None:
            pairs.append(pair(measure_run, baseline_run, first=order[0].role))
    measured, *rest = [side.finish() for side in sides]
    return measured, (rest[0] if rest else None), pairs


def pair(measured: dict, baseline: dict, first: str) -> dict[str, Any]:
    """What the results keep of one pair of runs. `timed_cpu`: the CPU time of the timed work
    itself, where both sides report it (a Sample's extra "cpu_s", e.g. the GUI thread's from the
    key press to the paint), next to `cpu`, the whole run's."""
    kept = {
        "first": first,
        "value": measured["value"],
        "baseline": baseline["value"],
        "wall": [round(measured["wall"], 4), round(baseline["wall"], 4)],
        "cpu": [round(measured["cpu"], 4), round(baseline["cpu"], 4)],
        "others_cores": [measured["others_cores"], baseline["others_cores"]],
        "load": [measured["load"], baseline["load"]],
    }
    timed = [measured["extra"].get("cpu_s"), baseline["extra"].get("cpu_s")]
    if None not in timed:
        kept["timed_cpu"] = timed
    return kept
