"""Start-up: `python -m desktop gui` in a fresh process until its window is painted."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from bench.harness import BENCH, Budget, Context, Sample, case, isolated_env

PROBE = BENCH / "probe_app.py"


def launch(args: list[str], home: Path, timeout: float = 120) -> dict:
    """Run the probe in a fresh interpreter; its report with times relative to the launch."""
    env = isolated_env(home)
    t0 = time.time()
    done = subprocess.run([sys.executable, str(PROBE), *args], env=env, capture_output=True, text=True, timeout=timeout)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"the probe printed nothing (exit {done.returncode}): {done.stderr.strip()[-2000:]}")
    report = json.loads(lines[-1])
    report["at"] = {k: round(v - t0, 4) for k, v in report.pop("marks").items()}
    return report


def prepared_home(ctx: Context, annotator: str = "sara") -> Path:
    """A data and settings folder shared by a case's runs: the annotator is known (no
    dialog) and the sample project is built before anything is timed."""
    home = ctx.scratch.parent / "home"
    settings = home / "data" / "settings.json"  # BARCHASB_HOME holds the settings too
    if not settings.exists():
        settings.parent.mkdir(parents=True)
        settings.write_text(json.dumps({"annotator": annotator}))
        subprocess.run(
            [
                sys.executable,
                "-c",
                "from desktop.workspace.project.sample import ensure_sample_project; ensure_sample_project()",
            ],
            env=isolated_env(home),
            check=True,
            capture_output=True,
        )
    return home


def _sample(report: dict, phases: tuple[str, ...]) -> Sample:
    at = report["at"]
    notes = ", ".join(f"{name} {at[name]:.2f} s" for name in phases if name in at)
    return Sample(
        at["painted"],
        {
            "rss_mb": report["rss_mb"],
            "peak_rss_mb": report["peak_rss_mb"],
            **{f"{k}_s": v for k, v in at.items()},
            "notes": notes,
        },
    )


def bare_window(ctx: Context) -> Sample:
    return _sample(launch(["--bare-window"], prepared_home(ctx)), ())


@case(
    id="startup.sample",
    baseline=bare_window,
    unit="s",
    runs=5,
    quick_runs=3,
    title="start to first painted window: `python -m desktop gui` on the sample project",
    baseline_title="a bare PySide6 window: QMainWindow, QPlainTextEdit, QTableView, painted",
    budget=Budget("<= 0.5 s, <= 100 MB", max_value=0.5, max_rss_mb=100),
)
def start_sample(ctx: Context) -> Sample:
    report = launch(["gui"], prepared_home(ctx))
    return _sample(report, ("importing_app", "app_imported", "open", "shown"))


@case(
    id="startup.first-run",
    baseline=bare_window,
    unit="s",
    runs=3,
    quick_runs=1,
    title="first run (no sample project yet): start to the progress window painted",
    baseline_title="a bare PySide6 window: QMainWindow, QPlainTextEdit, QTableView, painted",
    budget=Budget("<= 1 s", max_value=1.0),
)
def first_run(ctx: Context) -> Sample:
    home = ctx.scratch / "home"  # a new one each run: the sample is built every time
    settings = home / "data" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(json.dumps({"annotator": "sara"}))  # the name prompt is timed by no one
    report = launch(["gui"], home)
    at = report["at"]
    return Sample(
        at["startup_painted"],
        {
            "rss_mb": report["rss_mb"],
            "window_painted_s": at["painted"],
            "notes": f"progress window painted {at['startup_painted']:.2f} s; sample built and its window "
            f"painted {at['painted']:.2f} s",
        },
    )
