"""Progress of an import that moves inside a file, not only between files.

A single large file used to hold the bar at 0% until it was done. Here each
file is worth `SCALE` steps: the import says which file it is on (`file`) and
how far into it it is (`part`, a fraction), and the caller's
`progress(done, total, name)` hears of both, the parts at most every
`INTERVAL` seconds so a worker thread does not flood the window with signals.
"""

from __future__ import annotations

import time
from collections.abc import Callable

SCALE = 1000  # steps per file
INTERVAL = 0.1  # seconds between two reports from inside one file

Progress = Callable[[int, int, str], object]


class FileProgress:
    """Turns per-file and within-file reports into one `progress` in steps."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._index, self._total, self._name = 0, 1, ""
        self._last = 0.0

    def file(self, index: int, total: int, name: str = "") -> object:
        """The import starts file `index` of `total` (or ends, at `index == total`)."""
        if total == 0:
            return None  # a phase with no files (no annotated ones, say): the bar stays
        self._index, self._total, self._name = index, max(total, 1), name
        self._last = time.monotonic()
        return self._progress(index * SCALE, self._total * SCALE, name)

    def part(self, fraction: float) -> None:
        """`fraction` of the current file is done; reported when enough time has passed."""
        now = time.monotonic()
        if now - self._last < INTERVAL:
            return
        self._last = now
        fraction = min(max(fraction, 0.0), 1.0)
        done = self._index * SCALE + int(fraction * (SCALE - 1))
        self._progress(done, self._total * SCALE, self._name)
