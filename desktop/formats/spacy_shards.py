"""spaCy export in shards: a folder of DocBins of at most `SHARD_DOCS` documents each.

A DocBin is one serialised blob, built in memory until it is written: 10,000
news documents took 1.9 GB in one. An export of more than `SHARD_DOCS`
documents therefore writes OUT as a folder of `0000.spacy`, `0001.spacy`, ...
in document order, each written (and its memory freed) as soon as it is full.
`spacy train --paths.train OUT` and `spacy.training.Corpus(OUT)` read a folder
of `.spacy` files as they read one file; the file names sort in document order.
A full shard's message is built and compressed in a forked process while the next is
filled (spacy_process.py), at most `AHEAD` shards in its hands; that process, not this one,
makes the lexicon (importing spaCy only where its answers are not kept: spacy_vocab.py). Where
a process cannot be forked safely, the lexicon is made here and each message compressed by a
thread of its own instead (isal or zlib lets go of the GIL).
"""

from __future__ import annotations

import threading
from collections.abc import Buffer, Callable, Sequence
from typing import TYPE_CHECKING, Any, BinaryIO

from desktop.formats.records import Range
from desktop.formats.spacy_docbin import DocBinWriter
from desktop.formats.writing import WriterOptions

if TYPE_CHECKING:
    from desktop.formats.spacy_process import ShardProcess

SHARD_DOCS = 500  # documents per DocBin: ~130 MB at its peak for news-sized documents
AHEAD = 2  # shards sent to the shard process and not yet written back: memory stays bounded


def shard_name(index: int) -> str:
    """The file name of shard `index` (0-based): sorts in document order up to 10,000 shards."""
    return f"{index:04d}.spacy"


def sharded(total: int) -> bool:
    """Whether an export of `total` documents is written as a folder of shards."""
    return total > SHARD_DOCS


class ShardedDocBinWriter(DocBinWriter):
    """Writes a DocBin to the next shard file every `SHARD_DOCS` documents."""

    def __init__(self, opener: Callable[[str], BinaryIO], options: WriterOptions, alone: bool = True) -> None:
        """`alone`: the export's only writer. Its shard process makes the lexicon; the writers of
        a split make it here and their processes inherit it (three spaCy imports, where spaCy's
        answers are not kept, cost more than one)."""
        self._opener = opener
        self._shards = 1
        self._in_bin = 0
        self._writing: _Compressed | None = None
        self._waiting: list[BinaryIO] = []  # the files of the shards in the process's hands, oldest first
        from desktop.formats import spacy_process  # multiprocessing: loaded with the writer

        forks = spacy_process.usable()
        # Forked, the process makes the lexicon (or imports spaCy) on the other core while this one reads documents.
        super().__init__(opener(shard_name(0)), options, vocab=not (forks and alone))
        self._process: ShardProcess | None = spacy_process.ShardProcess(self.bin) if forks else None

    def add(
        self,
        text: str,
        tokens: Sequence[Range],
        ents: Sequence[tuple[int, int, str]],
        group: Sequence[tuple[int, int, str]],
        missing: Sequence[Range],
        user_data: dict[Any, Any],
    ) -> None:
        self._next_if_full()
        super().add(text, tokens, ents, group, missing, user_data)
        self._in_bin += 1

    def close(self) -> None:
        self._flush()  # the last shard (an empty DocBin when a split got no documents)
        self._written()
        if self._process is not None:
            while self._waiting:
                self._take()
            self._process.stop()

    def _next_if_full(self) -> None:
        if self._in_bin == SHARD_DOCS:
            self._flush()
            self.out = self._opener(shard_name(self._shards))
            self._shards += 1

    def _flush(self) -> None:
        if self._process is not None:
            while len(self._waiting) >= AHEAD:
                self._take()
            self._process.send(self._shards - 1, self.bin)
            self._waiting.append(self.out)
        else:
            rows = self.bin.prepared()
            self._written()  # one shard in flight: memory stays bounded
            self._writing = _Compressed(rows(), self.out)
        self.bin = self._new_bin()
        self._in_bin = 0

    def _take(self) -> None:
        """Write the oldest shard the process has (waiting for it)."""
        assert self._process is not None
        try:
            self._waiting.pop(0).write(self._process.receive())
        except BaseException:
            self._process.stop()  # at once, not when the failed export lets go of the writer
            raise

    def _written(self) -> None:
        if self._writing is not None:
            writing, self._writing = self._writing, None
            writing.wait()


class _Compressed(threading.Thread):
    """Compresses a DocBin's message (in parts: `DocBinBytes.parts`) and writes it; `wait`
    raises what went wrong."""

    def __init__(self, message: list[Buffer], out: BinaryIO) -> None:
        super().__init__(name="spacy-shard-writer", daemon=True)
        self.message, self.out = message, out
        self.error: BaseException | None = None
        self.start()

    def run(self) -> None:
        from desktop.formats.spacy_deflate import compressed  # looked up when called (a test replaces it)

        try:
            self.out.write(compressed(self.message))
        except BaseException as exc:  # handed to the exporting thread by `wait`
            self.error = exc
        self.message = []

    def wait(self) -> None:
        self.join()
        if self.error is not None:
            raise self.error
