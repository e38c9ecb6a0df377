"""The layout of the msgpack `DocBin.to_bytes()` compresses, made from a DocBin's arrays.

Its own module because it is spaCy's format, not our documents: which column of a token row
holds what (`COLUMNS`, spacy_lexicon.py), the ENT_IOB and ENT_TYPE codes `Doc.set_ents` sets
(`entity_columns`), how `SpanGroup.to_bytes` packs a span (`span_groups`), and the map around
the token rows, written by hand so that the rows are handed to the compressor uncopied
(`framing`, `message_parts`). spacy_bytes.py gathers the documents and calls these;
tests/formats/test_spacy_bytes.py compares the result with spaCy's own.
"""

from __future__ import annotations

import struct
from collections.abc import Buffer, Callable, Sequence
from typing import Any

import numpy as np

from desktop.formats.records import Range
from desktop.formats.spacy_lexicon import COLUMNS

ORTH, NORM, IOB, TYPE, SENT = (COLUMNS.index(n) for n in ("ORTH", "NORM", "ENT_IOB", "ENT_TYPE", "SENT_START"))
IOB_I, IOB_O, IOB_B = 1, 2, 3  # spaCy's ENT_IOB codes; 0 is missing
# A span as SpanGroup.to_bytes packs it (struct ">QQQllll"): id, kb_id, label, start, end, start_char, end_char
_SPAN_ROW = np.dtype(
    [(n, ">u8") for n in ("id", "kb_id", "label")] + [(n, ">i4") for n in ("start", "end", "start_char", "end_char")]
)
_FIXMAP = 0x80  # msgpack: a map of up to 15 pairs is this byte plus their number

type Label = Callable[[str], int]  # a label's value as spaCy stores it (`Lexicon.label`)
type Dumps = Callable[[Any], bytes]  # srsly.msgpack_dumps


def entity_columns(
    pieces: int, index: np.ndarray, ents: Sequence[tuple[int, int, str]], missing: Sequence[Range], label: Label
) -> tuple[np.ndarray, np.ndarray]:
    """The ENT_IOB and ENT_TYPE columns: what `Doc.set_ents(ents, missing=missing)` sets,
    from where each range starts and stops (running sums: a few numpy calls a shard);
    `index`: each token's piece, `ents` and `missing` first and last token."""
    iob = np.full(pieces, IOB_O, dtype=np.uint64)
    kinds = np.zeros(pieces, dtype=np.uint64)
    size = pieces + 1
    if missing:
        edges = index[np.array(missing, dtype=np.int64)]
        # the overlapping spans' ranges may overlap: a count of those open at each piece
        depth = np.bincount(edges[:, 0], minlength=size) - np.bincount(edges[:, 1] + 1, minlength=size)
        iob[np.cumsum(depth[:-1]) > 0] = 0
    if ents:
        firsts, lasts, names = zip(*ents)
        begins, stops = index[np.array(firsts, dtype=np.int64)], index[np.array(lasts, dtype=np.int64)]
        stops += 1
        values = {name: label(name) for name in set(names)}
        labels = np.fromiter(map(values.__getitem__, names), dtype=np.uint64, count=len(names))
        inside = np.zeros(pieces + 1, dtype=np.int64)
        inside[begins] += 1  # entities never overlap: each start and each stop once
        inside[stops] -= 1
        iob[np.cumsum(inside[:-1]) > 0] = IOB_I
        iob[begins] = IOB_B
        steps = np.zeros(pieces + 1, dtype=np.uint64)
        steps[begins] += labels
        steps[stops] -= labels  # uint64 wraps, and so does the running sum: the label inside, 0 outside
        kinds = np.cumsum(steps[:-1], dtype=np.uint64)
    return iob, kinds


def span_groups(
    groups: dict[int, list[tuple[int, int, str]]],
    sizes: list[int],
    cut: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    label: Label,
    dumps: Dumps,
    empty_group: bytes,
) -> list[bytes]:
    """Each document's span groups as `SpanGroup.to_bytes` packs them, in its own pieces and
    characters: `groups` by document, spans' first and last token; `sizes` each document's
    characters; `cut` the pieces' firsts, lasts, each token's piece and each document's number of
    pieces (`spacy_pieces.pieces`); `empty_group` a document's with no span."""
    out = [empty_group] * len(sizes)
    if not groups:
        return out
    first, last, index, lengths = cut
    docs = np.array([doc for doc, group in groups.items() for _ in group], dtype=np.int64)
    spans = np.array([(a, b, label(name)) for group in groups.values() for a, b, name in group], np.uint64)
    begin, stop = index[spans[:, 0].astype(np.int64)], index[spans[:, 1].astype(np.int64)] + 1
    at, chars = (np.cumsum(lengths) - lengths)[docs], (np.cumsum(sizes) - sizes)[docs]
    rows = np.zeros(len(docs), dtype=_SPAN_ROW)  # id and kb_id 0
    rows["label"] = spans[:, 2]
    rows["start"], rows["end"] = begin - at, stop - at
    rows["start_char"], rows["end_char"] = first[begin] - chars, last[stop - 1] - chars
    packed = rows.tobytes()
    size, taken = _SPAN_ROW.itemsize, 0
    for doc, group in groups.items():
        parts = [packed[size * i : size * (i + 1)] for i in range(taken, taken + len(group))]
        taken += len(group)
        body = dumps({"name": "sc", "attrs": {}, "spans": parts})
        out[doc] = dumps({body: ["sc"]})
    return out


def framing(attrs: list[int], rest: dict[str, Any], dumps: Dumps) -> tuple[bytes, bytes]:
    """The message's bytes before its token rows and after them. msgpack's map of the dict
    {"version", "attrs", "tokens", **rest}: its header, then each key and value in order;
    "tokens" is bytes, msgpack's bin 32 (a length, then the bytes: `message_parts`)."""
    head = [bytes([_FIXMAP | 3 + len(rest)]), *map(dumps, ("version", "0.1", "attrs", attrs, "tokens"))]
    tail = b"".join(dumps(key) + dumps(value) for key, value in rest.items())
    return b"".join(head), tail


def token_rows(
    numbers: np.ndarray, table: np.ndarray, entities: tuple[np.ndarray, np.ndarray] | None, lengths: np.ndarray
) -> np.ndarray:
    """A uint64 row of `COLUMNS` per token: ORTH and NORM hashes from the lexicon's `table` by
    each token's number, ENT_IOB and ENT_TYPE (`entity_columns`), SENT_START at each document's
    first token (`lengths`: each document's tokens); the rest 0."""
    tokens = np.zeros((len(numbers), len(COLUMNS)), dtype=np.uint64)
    tokens[:, ORTH], tokens[:, NORM] = table[:, 0][numbers], table[:, 1][numbers]  # a column each: 2.5x faster
    if entities is not None:
        tokens[:, IOB], tokens[:, TYPE] = entities
        starts = np.cumsum(lengths) - lengths
        tokens[starts[lengths > 0], SENT] = 1  # spaCy marks a Doc's first token a sentence start
    return tokens


def message_parts(head: bytes, tokens: np.ndarray, tail: bytes) -> list[Buffer]:
    """The whole message in parts (`framing`), the token rows a view of their array: no copy."""
    return [head + _bin_header(tokens.nbytes), memoryview(tokens.reshape(-1).view(np.uint8)), tail]


def _bin_header(size: int) -> bytes:
    """msgpack's header of `size` bytes of bin (use_bin_type: bin 8, 16 or 32)."""
    if size < 1 << 8:
        return struct.pack(">BB", 0xC4, size)
    if size < 1 << 16:
        return struct.pack(">BH", 0xC5, size)
    return struct.pack(">BI", 0xC6, size)
