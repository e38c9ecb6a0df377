"""`jsonl --tokens`' token lists for many documents at once, with no Python object per piece.

`jsonl.tokens_json_text` writes one document's token list (the pieces of
`desktop.formats.spacing`: {"text","start","end","id","ws"} each) from 9 string
fragments per piece joined by `str.join`: project-10k has 3.65 million pieces, so ~33
million fragments and ~1.7 s of CPU with the encoding, most of `jsonl --tokens`' writing. Here a worker's chunk of
documents is laid out as pieces with numpy, and the UTF-8 bytes of every list are
one `pyarrow.compute.take` over a string array of four kinds of element: each
piece's text (the escaped chunk text, cut at piece boundaries, zero-copy), and
three cached tables, `","start":S,"end":`, `E,"id":` and `I,"ws":false},{"text":"`
(or its last-piece form `...}]`). So a piece is four memcpys in C, and the chunk's
output one buffer, cut per document. Same bytes as `tokens_json_text` (tested);
a document whose tokens are not in order, or a text that is not plain UTF-8 (a lone
surrogate), gets None: the caller writes it the per-document way. pyarrow comes
with `datasets`; without it every document gets None.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from json.encoder import encode_basestring as _json_string
from typing import Any

import numpy as np

from desktop.formats.records import Range
from desktop.text.token_batch import FlatRanges

type Array = np.ndarray
type Made = tuple[bytes, list[int]] | None  # the token list's JSON as bytes, each token's index in it
type Around = tuple[Array, Array] | None  # free slots before and after each document's list

# Longer documents are written the per-document way: the tables hold a string per offset (~3 MB at 65,536),
# and a chunk's output must stay below 2 GB (pyarrow's string offsets are int32).
MAX_CHARS = 1 << 16
RUN_CHARS = 1 << 22  # ~4 million characters a run: a run's output stays far below 2 GB

# How many UTF-8 bytes encode_basestring (ensure_ascii=False) writes for a code point below U+0800;
# 3 at U+0800 (for every code point from there on, plus one from U+10000).
_SIZES = np.full(0x801, 3, dtype=np.uint8)
_SIZES[:0x800] = 2
_SIZES[:0x80] = 1
_SIZES[:0x20] = 6  # \u00XX
_SIZES[[ord(c) for c in '"\\\n\r\t\b\f']] = 2


def available() -> bool:
    """Whether pyarrow can be imported (else every document is written the per-document way)."""
    try:
        import pyarrow._compute  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        return False
    return True


def tokens_json_many(texts: Sequence[str], tokens: Sequence[Sequence[Range]]) -> list[Made]:
    """Each document's `tokens_json_text(text, tokens)`, as UTF-8 bytes, or None for one to make apart."""
    arrays = [_arrays(toks, len(text)) if len(text) <= MAX_CHARS else None for text, toks in zip(texts, tokens)]
    out: list[Made] = [None] * len(texts)
    for run in _runs([i for i, pair in enumerate(arrays) if pair is not None], texts):
        chosen = [arrays[i] for i in run]
        try:
            made = _Chunk([texts[i] for i in run], *_flat(chosen)).made()  # type: ignore[arg-type]
        except UnicodeEncodeError:  # a lone surrogate: left to the per-document way (whose encode raises)
            continue
        for i, one in zip(run, made):
            out[i] = one
    return out


def _runs(chosen: list[int], texts: Sequence[str]) -> list[list[int]]:
    """The chosen documents in runs of at most ~`RUN_CHARS` characters (an export's chunk is one run)."""
    runs: list[list[int]] = [[]]
    size = 0
    for i in chosen:
        if size + len(texts[i]) > RUN_CHARS and runs[-1]:
            runs.append([])
            size = 0
        runs[-1].append(i)
        size += len(texts[i])
    return [run for run in runs if run]


def _flat(arrays: list[tuple[Array, Array]]) -> tuple[Array, Array, Array]:
    """Documents' token starts and ends end to end (each in its own text's offsets), and how many each has."""
    counts = np.fromiter((len(s) for s, _ in arrays), dtype=np.int64, count=len(arrays))
    return _joined([s for s, _ in arrays]), _joined([e for _, e in arrays]), counts


def _arrays(tokens: Sequence[Range], length: int) -> tuple[Array, Array] | None:
    """The tokens' starts and ends as arrays when they are in order, non-empty and inside the text."""
    if isinstance(tokens, FlatRanges):  # stored tokens
        starts = np.fromiter(tokens.starts, dtype=np.int64, count=len(tokens))
        ends = np.fromiter(tokens.ends, dtype=np.int64, count=len(tokens))
    else:
        flat = np.array(tokens, dtype=np.int64).reshape(len(tokens), 2)
        starts, ends = flat[:, 0], flat[:, 1]
    if len(starts) and (starts[0] < 0 or ends[-1] > length or (ends <= starts).any() or (starts[1:] < ends[:-1]).any()):
        return None
    return starts, ends


class _Chunk:
    """The pieces of a run of documents, in chunk code points, and their JSON. The tokens
    come end to end, each document's in its own text's offsets (in order, non-empty, inside
    it), `counts` of them a document; a lone surrogate in a text raises UnicodeEncodeError."""

    def __init__(self, texts: list[str], starts: Array, ends: Array, counts: Array) -> None:
        small = np.int32  # a run's offsets and counts (RUN_CHARS) are far below 2**31: half the memory to go through
        self.lengths = np.fromiter(map(len, texts), dtype=small, count=len(texts))
        self.bases = np.concatenate(([0], np.cumsum(self.lengths, dtype=small))).astype(small)
        self.joined = "".join(texts)
        self.points = np.frombuffer(self.joined.encode("utf-32-le"), dtype="<u4")
        self.counts = counts.astype(small)
        self.first_token = np.concatenate(([0], np.cumsum(self.counts, dtype=small))).astype(small)
        self.doc_of_token = np.repeat(np.arange(len(texts), dtype=small), self.counts)
        shift = self.bases[:-1][self.doc_of_token]
        self.starts = starts.astype(small) + shift
        self.ends = ends.astype(small) + shift

    def lists(self, around: Around = None) -> Lists:
        """The token lists laid out: the pieces, the escaped text and the elements to take (with
        `around`, free slots before and after each list: see `_elements`)."""
        pieces = _Pieces(self)
        data, offsets = _escaped(self.joined, self.points)
        cut = np.empty(2 * pieces.total, dtype=np.int32)  # element 2j: piece j's text; 2j+1: what follows it
        cut[0::2], cut[1::2] = offsets[pieces.starts], offsets[pieces.ends]
        index, first = _elements(self, pieces, around)
        return Lists(pieces, data, offsets, cut, index, first)

    def made(self) -> list[Made]:
        lists = self.lists()
        pieces, index, first = lists.pieces, lists.index, lists.first
        made = take(lists.chunks(), index)
        ends = np.append(first[1:], len(index))
        blobs = [made[a:b] for a, b in zip(made.offsets[first].tolist(), made.offsets[ends].tolist())]
        token_index = (pieces.token_piece - pieces.first[:-1][self.doc_of_token]).tolist()
        bounds = self.first_token.tolist()
        return [(blob, token_index[a:b]) for blob, a, b in zip(blobs, bounds, bounds[1:])]


@dataclass(frozen=True, slots=True)
class Lists:
    """A chunk's token lists laid out (`_Chunk.lists`): its pieces; its text escaped as a JSON
    string's inside (UTF-8) and each code point's byte offset there; `cut`, the piece texts'
    cut of it; `index`, the lists' elements in [those texts (2 * pieces - 1) + the table]; and
    each document's first element."""

    pieces: _Pieces
    data: bytes
    offsets: Array
    cut: Array
    index: Array
    first: Array

    def chunks(self) -> list[Any]:
        """The string arrays `index` points into, end to end."""
        return [cut_strings(self.data, self.cut), _TABLES[0]] if len(self.cut) else [_TABLES[0]]

    @property
    def elements(self) -> int:
        """How many elements `chunks` hold."""
        return max(len(self.cut) - 1, 0) + len(_TABLES[0])


def _joined(arrays: list[Array]) -> Array:
    return np.concatenate(arrays).astype(np.int64) if arrays else np.zeros(0, dtype=np.int64)


class _Pieces:
    """`spacing.pieces` of every document of the chunk, end to end: starts, ends (chunk code
    points), ws flags, each document's first piece, each token's piece."""

    def __init__(self, chunk: _Chunk) -> None:
        starts, ends, points, counts = chunk.starts, chunk.ends, chunk.points, chunk.counts
        has = counts > 0
        last_token = chunk.first_token[1:][has] - 1
        after = np.empty(len(starts), dtype=starts.dtype)  # the next token's start, or the document's end
        after[:-1] = starts[1:]
        after[last_token] = chunk.bases[1:][has]
        size = len(points)
        spaced = (ends < after) & (points[np.minimum(ends, max(size - 1, 0))] == 32) if size else ends < 0
        gap_from = ends + spaced
        gaps = gap_from < after  # the rest, up to the next token, a piece of its own
        opening = chunk.bases[1:].copy()  # where a document's first token starts (its end if none)
        opening[has] = starts[chunk.first_token[:-1][has]]
        lead = opening > chunk.bases[:-1]  # text before the first token: a piece
        gaps_so_far = np.concatenate(([0], np.cumsum(gaps)))
        per_doc = lead + counts + np.diff(gaps_so_far[chunk.first_token])
        self.first = np.concatenate(([0], np.cumsum(per_doc)))
        self.total = int(self.first[-1])
        self.token_piece = np.arange(len(starts)) + np.cumsum(lead)[chunk.doc_of_token] + gaps_so_far[:-1]
        self.starts = np.empty(self.total, dtype=starts.dtype)
        self.ends = np.empty(self.total, dtype=starts.dtype)
        self.spaced = np.zeros(self.total, dtype=starts.dtype)
        at = self.token_piece
        self.starts[at], self.ends[at], self.spaced[at] = starts, ends, spaced
        at = self.token_piece[gaps] + 1
        self.starts[at], self.ends[at] = gap_from[gaps], after[gaps]
        at = self.first[:-1][lead]
        self.starts[at], self.ends[at] = chunk.bases[:-1][lead], opening[lead]
        self.doc = np.repeat(np.arange(len(per_doc)), per_doc)
        self.per_doc = per_doc


def _escaped(joined: str, points: Array) -> tuple[bytes, Array]:
    """The text as a JSON string's inside, UTF-8, and the byte offset of every code point in it."""
    sizes = _SIZES[np.minimum(points, 0x800)].astype(np.int32)
    sizes += points >= 0x10000
    offsets = np.zeros(len(points) + 1, dtype=np.int32)  # a run's output is far below 2 GB (RUN_CHARS)
    np.cumsum(sizes, out=offsets[1:])  # in int32: ~4x faster than into int64 here
    data = _json_string(joined)[1:-1].encode("utf-8")
    assert len(data) == offsets[-1]  # the escapes are per code point, as sized
    return data, offsets


def _elements(chunk: _Chunk, pieces: _Pieces, around: Around = None) -> tuple[Array, Array]:
    """The output as indices into [the text elements + the tables], and each document's first index.
    With `around` (per document: how many), free slots before and after each list, where the
    caller puts the rest of its line (no document may then be empty)."""
    ends = chunk.lengths.max(initial=0) + 1
    _, (start_at, end_at, id_at, last_at, head_at) = _tables(int(ends), int(pieces.per_doc.max(initial=0)))
    texts = max(2 * pieces.total - 1, 0)
    total, doc = pieces.total, pieces.doc
    opens = np.zeros(total, dtype=bool)
    opens[pieces.first[:-1][pieces.per_doc > 0]] = True
    closes = np.zeros(total, dtype=bool)
    closes[pieces.first[1:][pieces.per_doc > 0] - 1] = True
    lead = opens.astype(np.int64)  # the slots before each piece's own: the list's head, the caller's
    slots = 4 + lead
    if around is not None:
        assert pieces.per_doc.all()
        before, after = around
        lead[opens] += before
        slots = 4 + lead
        slots[closes] += after
    slots = np.concatenate(([0], np.cumsum(slots)))
    index = np.empty(int(slots[-1]), dtype=np.int64)
    at = slots[:-1] + lead
    index[at[opens] - 1] = texts + head_at
    local = chunk.bases[:-1][doc]
    count = np.arange(total)
    index[at] = 2 * count
    index[at + 1] = texts + start_at + pieces.starts - local
    index[at + 2] = texts + end_at + pieces.ends - local
    ids = count - pieces.first[:-1][doc]
    index[at + 3] = texts + np.where(closes, last_at, id_at) + 2 * ids + pieces.spaced
    first = slots[pieces.first[:-1]]
    empty = pieces.per_doc == 0  # a document without pieces (an empty text): "[]"
    if empty.any():
        index = np.insert(index, first[empty], texts + head_at + 1)
        first = first + np.cumsum(empty) - empty
    return index, first


_TABLES: list[Any] = []  # [the table as a pyarrow string array, its sizes (numbers, ids)]


def _tables(numbers: int, ids: int) -> tuple[Any, tuple[int, int, int, int, int]]:
    """The cached table (grown when too small): `","start":n,"end":` and `n,"id":` for every
    offset n below `numbers`, `i,"ws":false},{"text":"` / `...true}...` and the last piece's
    `i,"ws":false}]` / `...true}]` for every id i below `ids`, then the head `[{"text":"` and
    `[]`; and where each kind begins."""
    have = _TABLES[1] if _TABLES else (0, 0)
    if have[0] < numbers or have[1] < ids:
        numbers, ids = max(numbers, 2 * have[0], 1 << 13), max(ids, 2 * have[1], 1 << 11)
        parts = [f'","start":{n},"end":' for n in range(numbers)]
        parts += [f'{n},"id":' for n in range(numbers)]
        parts += [f'{n},"ws":{ws}}},{{"text":"' for n in range(ids) for ws in ("false", "true")]
        parts += [f'{n},"ws":{ws}}}]' for n in range(ids) for ws in ("false", "true")]
        _TABLES[:] = [_strings([*parts, '[{"text":"', "[]"]), (numbers, ids)]
    numbers, ids = _TABLES[1]
    return _TABLES[0], (0, numbers, 2 * numbers, 2 * numbers + 2 * ids, 2 * numbers + 4 * ids)


def _strings(parts: list[str]) -> Any:
    """ASCII strings as a pyarrow string array, from its buffers: `pa.array` imports pandas
    when it is installed (0.2 s a worker), which nothing here needs."""
    import pyarrow as pa

    offsets = np.concatenate(([0], np.cumsum(np.fromiter(map(len, parts), dtype=np.int64, count=len(parts)))))
    data = "".join(parts).encode("ascii")
    return pa.StringArray.from_buffers(len(parts), pa.py_buffer(offsets.astype(np.int32)), pa.py_buffer(data))


class _Taken:
    """The taken elements' bytes and their offsets."""

    def __init__(self, data: memoryview, offsets: Array) -> None:
        self.data = data
        self.offsets = offsets

    def __getitem__(self, cut: slice) -> bytes:
        return self.data[cut].tobytes()


def cut_strings(data: bytes, cut: Array) -> Any:
    """UTF-8 `data` cut at the byte offsets `cut` (int32, non-decreasing) as a pyarrow string
    array, zero-copy: element i is data[cut[i]:cut[i + 1]]."""
    import pyarrow as pa

    return pa.StringArray.from_buffers(len(cut) - 1, pa.py_buffer(cut), pa.py_buffer(data))


def utf8_strings(parts: list[str]) -> Any:
    """Any strings as a pyarrow string array, from its buffers (as `_strings`, not only ASCII)."""
    import pyarrow as pa

    joined = "".join(parts)
    data = joined.encode("utf-8")
    ascii = len(data) == len(joined)  # then a string's bytes are its characters
    sizes = map(len, parts) if ascii else (len(part.encode("utf-8")) for part in parts)
    offsets = np.concatenate(([0], np.cumsum(np.fromiter(sizes, dtype=np.int64, count=len(parts)))))
    return pa.StringArray.from_buffers(len(parts), pa.py_buffer(offsets.astype(np.int32)), pa.py_buffer(data))


def take(chunks: list[Any], index: Array) -> _Taken:
    """The elements at `index` (int64) of the string arrays `chunks` end to end, in one buffer."""
    import pyarrow as pa
    from pyarrow._compute import call_function  # pyarrow.compute's own: its import (~0.04 s) makes every wrapper

    indices = pa.Array.from_buffers(pa.int64(), len(index), [None, pa.py_buffer(np.ascontiguousarray(index))])
    # One array first: a take over the chunks finds each element's chunk apart (~1.5x the time).
    taken = call_function("take", [pa.chunked_array(chunks, type=pa.string()).combine_chunks(), indices])
    offsets = np.frombuffer(taken.buffers()[1], dtype=np.int32)[taken.offset : taken.offset + len(taken) + 1]
    return _Taken(memoryview(taken.buffers()[2]), offsets)
