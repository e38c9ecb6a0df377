"""The pieces spaCy's tokens are made of, for a whole DocBin's documents at once, and their strings.

Its own module because it is the one step from our tokens to spaCy's: a `Doc`'s words and
spaces must spell its text, so the whitespace a token does not own becomes a piece of its own
(`spacing.pieces`, per document). Made per document that was a few numpy calls each, more than
the work; here the texts are joined and `pieces` finds every document's pieces in arrays,
`rebuilds` checks they spell the texts, and each piece's string is cut (`cut`) or, with pyarrow,
each distinct string made once (`distinct`).
"""

from __future__ import annotations

import sys

import numpy as np

_SEPARATOR = 0  # between the pieces of a shard's text when they are cut (NUL: in no text, as a rule)


def pieces(
    codes: np.ndarray, starts: np.ndarray, ends: np.ndarray, counts: np.ndarray, sizes: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """`spacing.pieces` of many documents at once, in arrays over their texts joined (`codes`):
    the pieces' starts, ends and trailing spaces, each token's piece index, and each document's
    number of pieces. `starts` and `ends` are the tokens of all documents, in the joined text;
    `counts` and `sizes` each document's number of tokens and characters."""
    docs, total = len(sizes), len(starts)
    limits = np.cumsum(sizes)  # where each document ends
    begins = limits - sizes
    heads = np.cumsum(counts) - counts  # each document's first token (if it has one)
    lasts = heads + counts - 1  # and its last
    has = counts > 0
    after = np.empty(total, dtype=np.int64)  # where the next token (or the document) starts
    after[:-1] = starts[1:]
    after[lasts[has]] = limits[has]
    ws = (ends < after) & (codes[np.minimum(ends, max(len(codes) - 1, 0))] == 32)  # one space is the token's
    gap = ends + ws < after  # the rest of the whitespace: a piece of its own
    # A piece before the first token (leading whitespace), or the whole of a document without tokens.
    lead = np.zeros(docs, dtype=bool)
    lead[has] = starts[heads[has]] > begins[has]
    lead[~has] = sizes[~has] > 0
    doc = np.repeat(np.arange(docs), counts)
    leads_to = np.cumsum(lead)  # lead pieces up to each document's, with it
    gaps_before = np.zeros(total, dtype=np.int64)
    np.cumsum(gap[:-1], out=gaps_before[1:])
    index = leads_to[doc] + np.arange(total) + gaps_before  # what comes before a token's piece
    gaps = np.bincount(doc, weights=gap, minlength=docs).astype(np.int64)  # each document's gap pieces
    lengths = lead + counts + gaps
    count = int(lengths.sum())
    first, last, space = np.zeros(count, np.int64), np.zeros(count, np.int64), np.zeros(count, bool)
    first[index], last[index], space[index] = starts, ends, ws
    between = index[gap] + 1
    first[between], last[between] = (ends + ws)[gap], after[gap]
    at = (np.cumsum(lengths) - lengths)[lead]  # the lead pieces
    first[at] = begins[lead]
    opens = starts[np.minimum(heads, total - 1)] if total else limits  # where each document's first token starts
    last[at] = np.where(has, opens, limits)[lead]
    return first, last, space, index, lengths


def code_points(text: str) -> np.ndarray:
    """The text's code points (UTF-32: one number per character, as offsets count)."""
    return np.frombuffer(text.encode("utf-32-le"), dtype="<u4")


def cut(codes: np.ndarray, first: np.ndarray, last: np.ndarray, space: np.ndarray) -> list[str]:
    """The strings of pieces that spell `codes` (each followed by its space, as `pieces`
    makes them), cut by one `str.split`: each trailing space becomes a separator, one is put
    between pieces with no space between them, and the code points become one string. A
    slice per piece was a tenth of the export's time."""
    if not len(first):
        return []
    if (codes == _SEPARATOR).any():  # the text has the separator: cut each piece out of it
        text = codes.tobytes().decode("utf-32-le")
        return list(map(text.__getitem__, map(slice, first.tolist(), last.tolist())))
    marked = codes.copy()
    marked[last[space]] = _SEPARATOR
    marked = np.insert(marked, first[1:][~space[:-1]], _SEPARATOR)
    words = marked.tobytes().decode("utf-32-le").split(chr(_SEPARATOR))
    if space[-1]:
        words.pop()  # the empty string after the last piece's space
    if len(words) != len(first):  # a bug, never a user's problem: refuse a wrong file
        raise AssertionError(f"{len(first)} pieces cut into {len(words)} strings")
    return words


def distinct(codes: np.ndarray, first: np.ndarray, last: np.ndarray) -> tuple[list[str], np.ndarray] | None:
    """The distinct strings of the pieces [first, last) of `codes`, each once, and each piece's
    index into them: one pyarrow `dictionary_encode` over the pieces' UTF-32
    bytes, cut zero-copy from `codes` (each piece, then what lies between it and the next), so a
    shard's ~180,000 pieces make ~10,000 strings, not one each (`cut`, then a dict lookup each:
    ~0.55 s of CPU a 10,000-document export, ~0.16 s this way). None where pyarrow is not loaded
    (the shard process loads it: `preload`), or past int32 offsets."""
    compute = sys.modules.get("pyarrow._compute")  # not pyarrow.compute: its import makes a wrapper of every kernel
    if compute is None or not len(first) or 4 * len(codes) >= 2**31:
        return None
    import pyarrow as pa  # type: ignore[import-untyped]  # loaded: `compute` is

    cuts = np.empty(2 * len(first), dtype=np.int32)  # element 2i: piece i; 2i + 1: what follows it
    cuts[0::2], cuts[1::2] = 4 * first, 4 * last
    pieces = pa.BinaryArray.from_buffers(
        pa.binary(), len(cuts) - 1, [None, pa.py_buffer(cuts), pa.py_buffer(np.ascontiguousarray(codes))]
    )
    encoded = compute.call_function("dictionary_encode", [pieces])
    found = encoded.indices  # int32, no nulls; read from its buffer (to_numpy's first call costs ~0.2 s)
    index = np.frombuffer(found.buffers()[1], dtype=np.int32, count=len(found), offset=4 * found.offset)[0::2]
    words = encoded.dictionary
    used = np.flatnonzero(np.bincount(index, minlength=len(words)))  # not the strings between pieces alone
    renumbered = np.zeros(len(words), dtype=np.int64)
    renumbered[used] = np.arange(len(used))
    strings = words.to_pylist()
    return [strings[i].decode("utf-32-le") for i in used.tolist()], renumbered[index]


def preload() -> None:
    """Load pyarrow (the `fast` extra), when it is installed, for `distinct`: ~0.1 s of CPU,
    for the shard process while it waits for its first shard. Its arrays are then allocated by
    malloc, not mimalloc (pyarrow's default), which keeps the pages it frees: ~10 MB more at the
    shard process's peak. Only in the shard process, which is ours alone."""
    try:
        import pyarrow
        import pyarrow._compute  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        return
    pyarrow.set_memory_pool(pyarrow.system_memory_pool())


def rebuilds(first: np.ndarray, last: np.ndarray, space: np.ndarray, lengths: np.ndarray, sizes: np.ndarray) -> bool:
    """Whether each document's pieces, each followed by its space, are non-empty and spell its
    whole text (what `Doc(words, spaces).text == text` checked): together they spell the texts
    joined, and none reaches past its document's end."""
    if not len(first):
        return not sizes.any()
    ends = last + space
    limits = np.repeat(np.cumsum(sizes), lengths)
    tiled = first[0] == 0 and ends[-1] == sizes.sum() and (first[1:] == ends[:-1]).all()
    return bool(tiled and (last > first).all() and (ends <= limits).all())
