"""The search index's form of a long text: the same in pieces, and folded without freezing
the thread that waits for the GIL (the window's, while a worker builds the index)."""

from __future__ import annotations

import random
import threading
import time

from hypothesis import given
from hypothesis import strategies as st

from desktop.text import fold_table, search_form
from desktop.text.fold_table import FOLD_TABLE
from desktop.text.folding import FoldedText
from desktop.text.search_form import index_form

PIECE = fold_table.PIECE
ALPHABET = "ابپکيك \u200c\u00a0\u064e\t\n" + " " * 6


def whole(text: str) -> str:
    """The index form in one go (what `index_form` did before it folded in pieces)."""
    return search_form._LONG_RUNS.sub("  ", text.translate(FOLD_TABLE))


@given(
    lengths=st.lists(st.sampled_from([1, 2, 3, PIECE - 2, PIECE - 1, PIECE, PIECE + 1, 2 * PIECE]), max_size=4),
    seed=st.integers(0, 10_000),
)
def test_a_long_text_in_pieces_has_the_same_index_form(lengths, seed):
    rng = random.Random(seed)
    text = "".join(rng.choice(["", " " * n, "x" * n, "".join(rng.choices(ALPHABET, k=n))]) for n in lengths)
    assert index_form(text) == whole(text)


def test_space_runs_across_every_piece_boundary_are_cut_once():
    for text in (" " * (3 * PIECE + 5), "a" + " " * (2 * PIECE) + "b   ", "b" * (PIECE - 1) + "    c" * 9000):
        assert index_form(text) == whole(text)


def longest_wait_while(work) -> tuple[float, float]:
    """How long this thread waited at most for the GIL while `work` ran in another, and how
    long `work` took. The clock runs from before the start: a worker that takes the GIL at
    once is seen."""
    spans: list[float] = []

    def run() -> None:
        started = time.perf_counter()
        work()
        spans.append(time.perf_counter() - started)

    worker = threading.Thread(target=run)
    longest, last = 0.0, time.perf_counter()
    worker.start()
    while worker.is_alive():
        now = time.perf_counter()
        longest, last = max(longest, now - last), now
    worker.join()
    return longest, spans[0]


LONG = "".join(random.Random(7).choices("ابپکيك \u200c" + " " * 3, k=2_000_000))


def test_folding_a_long_text_in_a_worker_lets_the_waiting_thread_run():
    """Folding 2 MB in a worker (the index build): this thread keeps getting the GIL (before,
    one `translate` held it throughout, ~0.6 s). Judged against the fold's own duration, not a
    clock budget: the longest wait is a small part of it."""
    longest, took = longest_wait_while(lambda: index_form(LONG))
    assert longest < took / 4, (longest, took)


def test_a_scan_folding_a_long_text_in_a_worker_lets_the_waiting_thread_run():
    """The same for the scan's folded text (the list's search before the index has a document)."""
    longest, took = longest_wait_while(lambda: FoldedText(LONG))
    assert longest < took / 4, (longest, took)
    assert FoldedText(LONG).text == LONG.translate(FOLD_TABLE)
