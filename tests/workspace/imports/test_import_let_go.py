"""An import's records are freed on a thread of their own while the transaction commits (issue 17),
a piece at a time: the importing thread gets the GIL back at once instead of waiting for all of it.
`list.clear()` in one C call held the GIL to the end, so `let_go` itself (the new thread's start)
returned only once everything was freed: doccano-1k's ~4 ms stayed on the import's path."""

from __future__ import annotations

import threading
import weakref

from desktop.workspace.imports.collector import SLICE, let_go


class _Leaf:
    """A weak-referenceable object that runs no Python code when freed."""

    __slots__ = ("__weakref__",)


class _Holder:
    """An object whose attributes hold the large containers (as PendingRows does)."""

    def __init__(self, first: _Leaf) -> None:
        self.rows = [[float(n) + k for k in range(100)] for n in range(5_000)]
        self.ids = {n: [float(n)] for n in range(2 * SLICE)}
        self.keys = {(n, "label") for n in range(2 * SLICE)}
        self.first = first


def _join_let_go() -> None:
    for thread in threading.enumerate():
        if thread.name == "let-go":
            thread.join(30)


def test_let_go_returns_before_the_objects_are_freed():
    first = _Leaf()
    alive = weakref.ref(first)
    # 10,000 lists of 100 floats (~50 ms to free), the leaf freed last (popped from the end)
    garbage: list[object] = [first] + [[float(n) + k for k in range(100)] for n in range(10_000)]
    del first
    let_go(garbage)
    assert alive() is not None  # before: let_go returned once all of it was freed
    _join_let_go()
    assert alive() is None


def test_what_is_let_go_is_all_freed_on_its_thread():
    freed_on: list[str] = []
    leaves = [_Leaf() for _ in range(4)]
    for leaf in leaves:
        weakref.finalize(leaf, lambda: freed_on.append(threading.current_thread().name))
    holder = _Holder(leaves[0])
    holder.ids[0].append(leaves[1])  # in a large dict's value
    holder.rows[7].append(leaves[2])  # in a large list's item
    alive = [weakref.ref(leaf) for leaf in leaves]
    garbage: list[object] = [holder, [leaves[3]]]
    del holder, leaves, leaf
    let_go(garbage)
    _join_let_go()
    assert [ref() for ref in alive] == [None] * 4
    assert freed_on == ["let-go"] * 4 and garbage == []
