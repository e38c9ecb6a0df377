"""A DocBin's message compressed as `DocBin.to_bytes()` compresses it, but faster.

Its own module because it is the one part of the spaCy export whose bytes are not ours alone:
the message (spacy_message.py) is fixed by the documents, the compressed bytes by the library.
The message is deflated at level `LEVEL` (2) by ISA-L (`isal`, the spacy extra), not by zlib at
DocBin's default (6): the 20 messages of a 10,000-document export (383 MB) take 0.24 s of CPU,
not 1.9 s (zlib level 2: 0.76 s), for files of 33 MB, not 22 (zlib 2: 24), which any zlib reads
(`DocBin.from_bytes`, `Corpus`, `spacy train`) into the same docs. Where isal is not installed
(the extra is optional, or a platform without its wheels) zlib compresses at the same level
(`deflate`).

The compressed bytes were never fixed by the message alone: they are the deflate library's,
and CPython's zlib differs from one install to another (Fedora 40+ links zlib-ng-compat, other
distros other zlib versions). With isal they are those of its version (pinned `isal>=1.7,<2`)
wherever it is installed, as far as ISA-L's kernels, chosen by the CPU's features, agree.
"""

from __future__ import annotations

import zlib
from collections.abc import Buffer, Iterator
from types import ModuleType

LEVEL = 2  # isal's (or zlib's, `deflate`); isal's level 3 took 0.86 s for 6% smaller files, its 1 the same CPU
_BLOCK = 1 << 20  # bytes handed to the compressor at a time (`compressed`): 4 MiB were 2-4% faster


def compressed(parts: list[Buffer], level: int = LEVEL) -> bytes:
    """The parts joined, deflated at `level` (`deflate`), without joining them: handed to the
    compressor in blocks of `_BLOCK` bytes of the whole, so that the bytes depend on the message
    only. isal's depend on how its input is cut (zlib's do not: `zlib.compress` of the join)."""
    compressor = deflate().compressobj(level)
    return b"".join([*map(compressor.compress, _blocks(parts)), compressor.flush()])


def _blocks(parts: list[Buffer]) -> Iterator[Buffer]:
    """The parts' bytes in blocks of `_BLOCK` (the last one shorter): views of a part, or a join
    of the ends of two where a block straddles them (a copy of at most `_BLOCK` bytes)."""
    pending: list[memoryview] = []  # the start of a block, from the parts before
    size = 0
    for part in parts:
        view = memoryview(part).cast("B")
        at = 0
        if pending:
            at = min(_BLOCK - size, len(view))
            pending.append(view[:at])
            size += at
            if size < _BLOCK:
                continue
            yield b"".join(pending)
            pending, size = [], 0
        while len(view) - at >= _BLOCK:
            yield view[at : at + _BLOCK]
            at += _BLOCK
        if at < len(view):
            pending, size = [view[at:]], len(view) - at
    if pending:
        yield b"".join(pending)


def deflate() -> ModuleType:
    """The library the DocBins are compressed by: `isal.isal_zlib` (zlib's interface and
    format, ~3x faster at level 2), else `zlib`. Both let go of the GIL while they compress."""
    try:
        from isal import isal_zlib
    except ImportError:
        return zlib
    return isal_zlib
