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


def let_go(objects: list[object]) -> None:
    """Free `objects` (a list the caller holds no other reference into) on a short-lived thread.

    Freeing an import's ~30,000 objects takes ~4 ms of Python (doccano-1k), after its COMMIT, on
    the calling thread; handed to a thread just before the COMMIT, that runs while SQLite waits for
    the disk with the GIL released. The thread holds the only reference: the objects go with it,
    a piece at a time (`_free`), so the caller gets the GIL back at once."""
    threading.Thread(target=_free, args=(objects,), name="let-go").start()


SLICE = 64  # items of a list freed by one C call (a Prepared record and all it holds: ~3 us each)
TURN_S = 0.0002  # how long the thread frees before it offers the GIL to the other threads
YIELD_S = 0.00002  # how long each offer lasts: sleep(0) gives the GIL back before a waiting thread wakes


def _free(objects: list[object]) -> None:
    """Free `objects` one by one: a list a slice of items at a time, a large dict's values and set's
    items moved into a list first, an object's attributes one by one (PendingRows' lists and
    dicts); the GIL offered to the other threads every TURN_S. `objects.clear()` freed everything
    in one C call, which keeps the GIL to the end: the caller, back from `Thread.start` (or from
    the COMMIT) and waiting for the GIL, waited for all of it (doccano-1k: ~4 ms before its COMMIT)."""
    turn = time.perf_counter() + TURN_S
    while objects:
        piece = objects.pop()
        if isinstance(piece, list):
            while piece:
                del piece[-SLICE:]
                if time.perf_counter() > turn:
                    time.sleep(YIELD_S)  # (a thread waiting for the GIL takes it meanwhile)
                    turn = time.perf_counter() + TURN_S
        elif isinstance(piece, dict | set) and len(piece) > SLICE:
            objects.append(list(piece.values() if isinstance(piece, dict) else piece))
            piece.clear()  # (a dict's keys go here: ids, tuples of a few atoms)
        elif not isinstance(piece, dict | set) and hasattr(piece, "__dict__"):
            objects += vars(piece).values()
        del piece
        if time.perf_counter() > turn:
            time.sleep(YIELD_S)
            turn = time.perf_counter() + TURN_S
