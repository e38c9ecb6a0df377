"""A document's tokens and spans as `DocBinBytes.add` reads them: as lists, or as views of a chunk's arrays.

Its own module because the export hands a DocBin its documents two ways: as lists (a tuple per
span, the per-document path and the tests), or as slices of the arrays of a chunk of documents
read at once (desktop/workspace/export/spacy_raw.py). `token_edges` reads either's token
offsets; a chunk's spans are `ChunkSpans`, a document's of them a `SpanView` that reads as the
list would; `add_run` notes consecutive documents' views as one run of the chunk's arrays and
`run_columns` makes a run's spans the DocBin's, so that no tuple is made of them in the
exporting process.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from itertools import chain
from typing import Any

import numpy as np

from desktop.formats.records import Range


def token_edges(tokens: Sequence[Range], count: int) -> tuple[np.ndarray, np.ndarray, int]:
    """The tokens' starts and ends as arrays, and what to take from them for the document's own
    offsets; from their two lists (or arrays) when the tokens keep them apart (stored tokens as the
    export reads them: no tuple per token). spacy_raw's `Edges` are its chunk's arrays and the
    document's start in them (`shift`), kept as they are: never changed once made."""
    starts, ends = getattr(tokens, "starts", None), getattr(tokens, "ends", None)
    if isinstance(starts, list) and isinstance(ends, list):  # through array('q'): half np.array's time
        return np.frombuffer(array("q", starts), dtype=np.int64), np.frombuffer(array("q", ends), dtype=np.int64), 0
    if isinstance(starts, np.ndarray) and isinstance(ends, np.ndarray):  # unpacked straight into arrays
        shift = getattr(tokens, "shift", None)
        if isinstance(shift, int):
            return starts, ends, shift
        return starts.astype(np.int64), ends.astype(np.int64), 0  # a copy: `add` keeps them
    flat = np.fromiter(chain.from_iterable(tokens), dtype=np.int64, count=2 * count)
    return flat[0::2], flat[1::2], 0


class ChunkSpans:
    """Spans of one kind (the entities, or the overlapping spans of the `sc` group) of a chunk of
    documents, as arrays (desktop/workspace/export/spacy_raw.py makes them): each span's first
    and end token (end exclusive) in the chunk's tokens, its label (an index into `names`) and its
    document; `at`, where each document's spans start (and the last one's end). A document's are
    handed to `DocBinBytes.add` as a `SpanView`: no tuple is made of them in the exporting process."""

    __slots__ = ("at", "doc", "end", "first", "label", "names")

    def __init__(
        self, first: np.ndarray, end: np.ndarray, label: np.ndarray, names: list[str], doc: np.ndarray, docs: int
    ) -> None:
        self.first, self.end, self.label, self.names, self.doc = first, end, label, names, doc
        self.at: list[int] = np.searchsorted(doc, np.arange(docs + 1)).tolist()

    def view(self, k: int, shift: int, pairs: bool = False) -> SpanView:
        """Document `k`'s spans in its own tokens (`shift`: its first token in the chunk's)."""
        return SpanView(self, k, self.at[k], self.at[k + 1], shift, pairs)


class SpanView(Sequence[Any]):
    """A document's spans of a `ChunkSpans`, read as the per-document path's list: (first, end,
    label) in its own tokens, or (first, end) with `pairs` (the missing ranges)."""

    __slots__ = ("hi", "k", "lo", "pairs", "shift", "table")

    def __init__(self, table: ChunkSpans, k: int, lo: int, hi: int, shift: int, pairs: bool) -> None:
        self.table, self.k, self.lo, self.hi, self.shift, self.pairs = table, k, lo, hi, shift, pairs

    def __len__(self) -> int:
        return self.hi - self.lo

    def __getitem__(self, index: Any) -> Any:
        return self._items()[index]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._items())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and self._items() == list(other)

    __hash__ = None  # type: ignore[assignment]  # a list's equality, not hashable

    def __repr__(self) -> str:
        return f"SpanView({self._items()!r})"

    def _items(self) -> list[Any]:
        t, part = self.table, slice(self.lo, self.hi)
        first, end = (t.first[part] - self.shift).tolist(), (t.end[part] - self.shift).tolist()
        if self.pairs:
            return list(zip(first, end, strict=True))
        return list(zip(first, end, [t.names[i] for i in t.label[part].tolist()], strict=True))


def chunk_views(
    ents: Sequence[tuple[int, int, str]], group: Sequence[tuple[int, int, str]], missing: Sequence[Range]
) -> tuple[SpanView, SpanView] | None:
    """The entities' and the group's views when a chunk's arrays made them (the missing ranges are
    then the group's own), else None."""
    if not (isinstance(ents, SpanView) and isinstance(group, SpanView) and isinstance(missing, SpanView)):
        return None
    if missing.table is group.table and (missing.lo, missing.hi) == (group.lo, group.hi):
        return ents, group
    return None


def add_run(runs: list[list[Any]], view: SpanView, tokens: int, docs: int) -> None:
    """`view`'s spans to `runs`: the last run grown when they follow it in the same chunk, with the
    same document and token shift (consecutive documents of the chunk), else a run of their own.
    `tokens` and `docs`: the document's first token and its index in this DocBin."""
    if view.lo == view.hi:
        return
    shift, moved = tokens - view.shift, docs - view.k
    if runs:
        last = runs[-1]
        if last[0] is view.table and last[2] == view.lo and last[3] == shift and last[4] == moved:
            last[2] = view.hi
            return
    runs.append([view.table, view.lo, view.hi, shift, moved])


def run_columns(run: list[Any], names: list[str]) -> tuple[np.ndarray, ...]:
    """A run's spans' first and end tokens and documents in its DocBin's, their labels in `names`."""
    spans, lo, hi, tokens, docs = run
    where = np.searchsorted(names, spans.names).astype(np.int64)
    part = slice(lo, hi)
    return spans.first[part] + tokens, spans.end[part] + tokens, where[spans.label[part]], spans.doc[part] + docs
