"""Token and sentence boundaries of many texts at once, for worker processes.

`serve()` is the loop of an export's tokenising worker
(desktop/workspace/export/token_workers.py): it reads jobs pickled on stdin, a
list of (text, tokens wanted, sentences wanted), and writes for each text its
boundaries as flat `array('l')`s (start, end, start, end, ...): a few bytes per
token through the pipe, where tuples would cost an object each to pickle.
`pack` and `unpack` are the same boundaries as a project file keeps them
(storage's `_document_token_bounds`): compressed steps, the same on every machine.
"""

from __future__ import annotations

import os
import pickle
import sys
import traceback
import zlib
from array import array
from collections.abc import Callable, Iterator, Sequence
from itertools import accumulate, chain
from operator import sub
from typing import Any, overload

from desktop.text.tokens import sentences, tokenize

Job = list[tuple[str, bool, bool]]
QUIET = object()  # what `serve`'s work returns for a job that has no answer (the parent waits for none)
Boundaries = list[tuple["array[int] | None", "array[int] | None"]]


def boundaries(job: Job) -> Boundaries:
    """Each text's tokens (and sentences) as flat arrays, None where not wanted."""
    return [
        (_flat(tokenize(text)) if want_tokens else None, _flat(sentences(text)) if want_sentences else None)
        for text, want_tokens, want_sentences in job
    ]


def _flat(ranges: list[tuple[int, int]]) -> array[int]:
    return array("l", [x for pair in ranges for x in pair])


def pack(ranges: list[tuple[int, int]]) -> bytes:
    """Ranges as stored: start, end, start, end, ... as the differences from one to the next
    (little-endian uint32, zlib level 1): ~12% of the plain array, a tenth of the text."""
    return pack_flat(array("I", chain.from_iterable(ranges)))


def pack_flat(flat: array[int]) -> bytes:
    """A flat array of boundaries (as `boundaries` returns them) as `pack` stores them."""
    steps = array("I", flat[:1])
    steps.extend(map(sub, flat[1:], flat))  # boundaries ascend: every step is >= 0
    if sys.byteorder == "big":
        steps.byteswap()
    return zlib.compress(steps.tobytes(), 1)


def unpack(blob: bytes) -> list[tuple[int, int]]:
    """The ranges `pack` stored."""
    flat = _boundaries(blob)
    return list(zip(flat[0::2], flat[1::2]))


def _boundaries(blob: bytes) -> list[int]:
    """The flat boundaries (start, end, start, ...) `pack` stored."""
    steps = array("I")
    steps.frombytes(zlib.decompress(blob))
    if sys.byteorder == "big":
        steps.byteswap()
    return list(accumulate(steps))


class FlatRanges(Sequence[tuple[int, int]]):
    """Ranges kept as two lists, their starts and their ends: a stored document's
    tokens as `unpack_flat` reads them. Making a tuple per token was most of reading
    them back; the export's token formats bisect the two lists and cut the text
    with them, and anything else sees the (start, end) pairs of a sequence."""

    __slots__ = ("starts", "ends")

    def __init__(self, starts: list[int], ends: list[int]) -> None:
        self.starts = starts
        self.ends = ends

    def __len__(self) -> int:
        return len(self.starts)

    @overload
    def __getitem__(self, index: int) -> tuple[int, int]: ...
    @overload
    def __getitem__(self, index: slice) -> list[tuple[int, int]]: ...
    def __getitem__(self, index: int | slice) -> tuple[int, int] | list[tuple[int, int]]:
        if isinstance(index, slice):
            return list(zip(self.starts[index], self.ends[index]))
        return self.starts[index], self.ends[index]

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return zip(self.starts, self.ends)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]  # a sequence that compares by content, as a list


def unpack_flat(blob: bytes) -> FlatRanges:
    """The ranges `pack` stored, as `FlatRanges` (no tuple made)."""
    flat = _boundaries(blob)
    return FlatRanges(flat[0::2], flat[1::2])


def serve(work: Callable[[Any], object] = boundaries) -> None:
    """A worker's loop: jobs in, `work(job)` out (boundaries by default), in order, until stdin closes;
    a job whose work is `QUIET` is not answered."""
    jobs = sys.stdin.buffer
    results = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # stray output must not corrupt the stream
    sys.stdout = sys.stderr
    while True:
        try:
            job = pickle.load(jobs)
        except EOFError:
            return
        try:
            value = work(job)
            if value is QUIET:
                continue
            answer: tuple[str, object] = ("ok", value)
        except Exception:  # a bug: the parent raises it with this traceback
            answer = ("error", traceback.format_exc())
        pickle.dump(answer, results, protocol=pickle.HIGHEST_PROTOCOL)
        results.flush()
