"""The other core's share of a large agreement pass: the last documents, in a worker process.

A project file of `MIN_DOCUMENTS` documents or more, on a machine with a core
to spare, is split by document id: a fresh interpreter running `serve` reads the
last `SHARE` of the ids from a snapshot of its own and sends back its report and
the token counts it had to count; this process does the rest meanwhile, and the
two reports are merged (exactly: every figure is a sum of counts). The worker
pays its start-up (~0.2 s of imports), so it gets the smaller share. A worker
that cannot start or fails costs nothing but time: its share is done here.

Not multiprocessing, nor fork (unsafe in a window): pickles over pipes, as the
import and export workers do.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import traceback
from contextlib import suppress
from pathlib import Path
from typing import IO, Any

from desktop.core.agreement import AgreementReport

MIN_DOCUMENTS = 4000  # ids in the pass: below, a worker's start-up costs more than it saves
SHARE = 0.35  # of the ids, the worker's: it starts ~0.2-0.3 s behind (imports, snapshot, regexes)
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[3])
_SERVE = "from desktop.workspace.agreement.share import serve; serve()"

Job = tuple[str, dict[int, str], Any, tuple[int, int], bool]  # path, layers, documents, ids between, per document
Answer = tuple[AgreementReport, dict[int, int]]  # the report, and the token counts counted


def spare_cores() -> float:
    """Cores beyond this process's with nothing to run (by the last minute's load): on a busy
    machine a worker would only add its start-up to the CPU everyone shares."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    try:
        load = os.getloadavg()[0]
    except OSError:  # not to be had here
        load = 0.0
    return cores - max(load, 1.0)


def split(first: int, last: int) -> int | None:
    """The first id of the worker's share of ids `first`..`last`, or None: no worker."""
    if last - first + 1 < MIN_DOCUMENTS or spare_cores() < 0.5:
        return None
    return last - int((last - first + 1) * SHARE) + 1


class Share:
    """A worker computing one share of a pass; `answer()` waits for it (None: it failed)."""

    def __init__(self, job: Job) -> None:
        path = os.environ.get("PYTHONPATH")
        env = dict(os.environ, PYTHONPATH=_PACKAGE_ROOT + (os.pathsep + path if path else ""))
        self._process = subprocess.Popen(
            [sys.executable, "-c", _SERVE], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env
        )
        with suppress(OSError), _pipe(self._process.stdin) as jobs:  # (died at once: `answer` finds out)
            pickle.dump(job, jobs, protocol=pickle.HIGHEST_PROTOCOL)

    def answer(self) -> Answer | None:
        try:
            kind, value = pickle.load(_pipe(self._process.stdout))
        except (EOFError, OSError, ValueError, pickle.UnpicklingError):
            kind, value = "error", None
        finally:
            _pipe(self._process.stdout).close()
            self._process.wait()
        return value if kind == "ok" else None


def start(job: Job) -> Share | None:
    try:
        return Share(job)
    except OSError:  # no process to be had (limits, a frozen build without python)
        return None


def _pipe(stream: IO[bytes] | None) -> IO[bytes]:
    assert stream is not None  # asked for with PIPE
    return stream


def serve() -> None:
    """The worker: one job in (`Job`), its `Answer` out."""
    from desktop.storage.agreement_input import snapshot_agreement_input
    from desktop.workspace.agreement.project import one_pass

    results = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # stray output must not corrupt the stream
    sys.stdout = sys.stderr
    answer: tuple[str, object]
    try:
        path, ids, documents, between, per_document = pickle.load(sys.stdin.buffer)
        with snapshot_agreement_input(path) as read:
            answer = ("ok", one_pass(read, ids, documents, per_document, between))
    except Exception:  # a bug or a file gone: the parent does the share itself
        answer = ("error", traceback.format_exc())
    pickle.dump(answer, results, protocol=pickle.HIGHEST_PROTOCOL)
    results.flush()
