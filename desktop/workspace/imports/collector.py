"""The cyclic garbage collector held off while a file is imported.

An import makes tens of thousands of objects (records, spans, rows, values) that all live until
the file is stored and make next to no cyclic garbage; the collector's young collections walked
them again and again and found nothing: doccano-1k 21 young and 2 middle collections, ~9 ms of the
calling thread's CPU (5k: ~33 ms), on the import's critical path. Objects are still freed by their
reference counts as usual; only cycles (rare here: an exception's traceback) wait until the import
ends, so memory is bounded by the file as it already is. Several imports at once (threads) share
one pause: the collector is given back as it was found when the last of them ends.

`let_go` frees an import's objects on a thread of their own while the import commits.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class _Pause:
    """How many imports hold the collector off, and whether it was on before the first."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.holders = 0
        self.was_enabled = False


_PAUSE = _Pause()


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic collection inside the block (unless asked for: `gc.collect()` still runs)."""
    with _PAUSE.lock:
        if _PAUSE.holders == 0:
            _PAUSE.was_enabled = gc.isenabled()
            gc.disable()
        _PAUSE.holders += 1
    try:
        yield
    finally:
        with _PAUSE.lock:
            _PAUSE.holders -= 1
            if _PAUSE.holders == 0 and _PAUSE.was_enabled:
                gc.enable()


# How long the let-go thread waits before it frees: the caller, back from `let_go`, reaches its
# COMMIT (SQLite's disk wait, the GIL released) in ~0.2 ms; the COMMIT of doccano-1k takes ~10.
LET_GO_DELAY_S = 0.001


def let_go(objects: list[object]) -> None:
    """Free `objects` (a list the caller holds no other reference into) on a short-lived thread.

    Freeing an import's ~30,000 objects takes ~4 ms of Python (doccano-1k), after its COMMIT, on
    the calling thread; handed to a thread just before the COMMIT, that runs while SQLite waits for
    the disk with the GIL released. The thread holds the only reference: the objects go with it.
    It waits a moment first: `list.clear()` is one C call that keeps the GIL until the last object
    is freed, so begun at once it held the caller back from its COMMIT for all of it (3-4 ms)."""
    threading.Thread(target=_free, args=(objects,), name="let-go").start()


def _free(objects: list[object]) -> None:
    time.sleep(LET_GO_DELAY_S)  # (the GIL released: the caller goes on to its COMMIT)
    objects.clear()
