"""`let_go` hands an import's objects to a thread that frees them after a moment, not at once
(issue 17): `list.clear()` keeps the GIL until its last object is freed, so begun at once it held
the import back from its COMMIT for all of it (doccano-1k: `let_go` took 3.1 ms of wall for 0.2 ms
of CPU, the caller waiting for the GIL); the moment lets the caller reach its COMMIT, where SQLite
waits for the disk with the GIL released, and the freeing runs in that wait."""

from __future__ import annotations

import threading
import time
import weakref

from desktop.workspace.imports import collector


class _Leaf:
    __slots__ = ("__weakref__",)


def test_the_caller_goes_on_before_the_objects_are_freed_and_they_are_freed_after(monkeypatch):
    monkeypatch.setattr(collector, "LET_GO_DELAY_S", 0.3)
    leaf = _Leaf()
    gone = weakref.ref(leaf)
    objects: list[object] = [[[float(n)] for n in range(200_000)], leaf]
    del leaf
    start = time.perf_counter()
    collector.let_go(objects)
    back = time.perf_counter() - start
    assert gone() is not None  # before: freed by the time `let_go` returned (the caller waited)
    assert back < 0.3
    for thread in threading.enumerate():
        if thread.name == "let-go":
            thread.join(30)
    assert gone() is None and objects == []
