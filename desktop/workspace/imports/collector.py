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


OPEN_ABOVE = 256  # items of a container freed one by one (a smaller one is a piece of its own)
PIECES_A_TURN = 64  # pieces freed between two offers of the GIL to the other threads (~0.1 ms)
YIELD_S = 0.00002  # how long each offer lasts: sleep(0) gives the GIL back before a waiting thread wakes


def _free(objects: list[object]) -> None:
    """Free `objects`, large containers opened up and their items freed one by one, offering the
    GIL to the other threads every PIECES_A_TURN pieces. `objects.clear()` freed everything in one
    C call, which keeps the GIL to the end: the caller, back from `Thread.start` (or from the
    COMMIT) and waiting for the GIL, waited for all of it (doccano-1k: ~4 ms before its COMMIT)."""
    done = 0
    while objects:
        piece = objects.pop()
        if isinstance(piece, dict) and len(piece) > OPEN_ABOVE:
            objects += piece.values()
        elif isinstance(piece, list | set) and len(piece) > OPEN_ABOVE:
            objects += piece
        elif not isinstance(piece, dict | list | set) and hasattr(piece, "__dict__"):
            objects += vars(piece).values()  # (an object's attributes: PendingRows' lists and dicts)
        del piece  # (freed here unless opened up: then its items are in `objects`)
        done += 1
        if done % PIECES_A_TURN == 0:
            time.sleep(YIELD_S)  # (a thread waiting for the GIL takes it meanwhile)
