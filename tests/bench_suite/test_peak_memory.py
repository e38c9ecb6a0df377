"""A case's own peak memory is its own: not the size of the process that started it (Linux
carries the forking process's `ru_maxrss` across fork and exec, so a bench run that had built
its corpora first showed the same 167.5 MB for every case)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHILD = (
    "import json, sys; sys.path.insert(0, sys.argv[1]); "
    "from bench.harness import peak_rss_mb; print(json.dumps(peak_rss_mb()))"
)


def test_a_small_child_of_a_large_process_reports_its_own_peak() -> None:
    ballast = bytearray(200 * 1024 * 1024)
    ballast[::4096] = b"\1" * len(ballast[::4096])  # touched: resident, not only reserved
    out = subprocess.run([sys.executable, "-c", CHILD, str(ROOT)], capture_output=True, text=True, check=True)
    del ballast
    own = json.loads(out.stdout)
    assert 5 < own < 120  # an interpreter with the harness imported; the 200 MB parent not counted
