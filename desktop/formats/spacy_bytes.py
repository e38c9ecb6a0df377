"""A DocBin's bytes written directly from tokens and spans, without building `Doc`s.

`DocBin.to_bytes()` is zlib-compressed msgpack of a dict of columns
(spacy/tokens/_serialize.py): a uint64 row of attribute values per token (ORTH,
NORM, ENT_IOB, ENT_TYPE, SENT_START set, the rest 0 in our Docs), each token's
trailing space, each document's length, every string the values hash, and per
document its span groups and user data. Building a `Doc` per document, then an
array from it, cost ~2.5 ms a document (10,000 documents: 26 s); here `DocBinBytes` gathers
a whole DocBin's documents, and their pieces are made by a few numpy operations
(spacy_pieces.py), their strings looked up in a dict, each distinct string made once (NORM by
the vocab's own norm getter, as a new lexeme gets it: spacy_lexicon.py), and the message
(spacy_message.py) handed to the compressor in parts, the token rows uncopied
(spacy_deflate.py). The message is the one `DocBin(store_user_data=True)` writes for the Docs
`spacy_docbin` describes (tests/formats/test_spacy_bytes.py compares both). A chunk's spans
come as views of its arrays (spacy_chunks.py).
"""

from __future__ import annotations

from collections.abc import Buffer, Callable, Sequence
from itertools import chain
from typing import Any

import numpy as np

from desktop.formats.records import Range
from desktop.formats.spacy_chunks import add_run, chunk_views, run_columns, token_edges
from desktop.formats.spacy_deflate import compressed
from desktop.formats.spacy_lexicon import Lexicon
from desktop.formats.spacy_message import entity_columns, framing, message_parts, span_groups, token_rows
from desktop.formats.spacy_pieces import code_points, cut, distinct, pieces, rebuilds

_OWN = ("lexicon", "dumps", "empty_group")  # a DocBinBytes' attributes that are not its documents'


class DocBinBytes:
    """The columns of a DocBin being filled, a document at a time; the pieces of all its
    documents are made (`pieces`), and their strings cut and looked up (`cut`), at once
    when it is written: a few numpy calls per document cost more than the work."""

    def __init__(self, lexicon: Lexicon | None, empty_group: bytes, dumps: Callable[[Any], bytes]) -> None:
        self.lexicon = lexicon  # None where only the columns are filled (the bytes are built by a shard process)
        self.dumps: Callable[[Any], bytes] = dumps  # srsly.msgpack_dumps
        self.empty_group = empty_group  # the span groups of a Doc whose `sc` group is empty
        self.codes: list[np.ndarray] = []  # the code points of the texts joined, once made (`columns`)
        self.texts: list[str] = []  # each document's text, until then: one encode for them all
        self.sizes: list[int] = []  # each document's characters
        self.chars = 0  # of all documents so far
        self.starts: list[np.ndarray] = []  # each document's tokens (its arrays as handed, no copy) ...
        self.ends: list[np.ndarray] = []
        self.shifts: list[int] = []  # ... and what to add to them: in all the texts joined (`_edges_joined`)
        self.counts: list[int] = []  # each document's tokens
        self.tokens = 0  # of all documents so far
        self.ents: list[tuple[int, int, str]] = []  # first and last token of all documents, label
        self.missing: list[Range] = []  # first and last token neither entity nor outside
        self.groups: dict[int, list[tuple[int, int, str]]] = {}  # by document: spans as `ents`
        self.labels: set[str] = set()
        self.user_data: list[bytes] = []
        self.pieces = 0  # of all documents, once made
        # Runs of documents whose entities or group came as `SpanView`s of one chunk, one after the
        # other: [spans, lo, hi, tokens to add, documents to add], made into lists with the message
        # (`_runs_taken`), in the shard process; handed to it as arrays (`_run_arrays`).
        self.ent_runs: list[list[Any]] = []
        self.group_runs: list[list[Any]] = []
        self.run_arrays: dict[str, Any] = {}

    def __len__(self) -> int:
        return len(self.sizes)

    def columns(self) -> dict[str, Any]:
        """What `add` gathered (numpy arrays, numbers, lists, bytes), to build the bytes elsewhere
        (`with_columns`): the lexicon stays with the writer."""
        columns = {name: value for name, value in vars(self).items() if name not in _OWN}
        columns["run_arrays"], columns["ent_runs"], columns["group_runs"] = self._run_arrays(), [], []
        # one array each, not one a document: one buffer to hand over, in half the bytes where they fit
        # (UTF-16 without surrogates, int32): the shard process widens them (`_codes`, `_edges_joined`)
        columns["codes"], columns["texts"] = [self._narrow_codes()] if self.sizes else [], []
        if self.starts:
            starts, ends = self._edges_joined()
            if self.chars < 2**31:
                starts, ends = starts.astype(np.int32), ends.astype(np.int32)
            columns["starts"], columns["ends"], columns["shifts"] = [starts], [ends], [0]
        return columns

    def _narrow_codes(self) -> np.ndarray:
        """The code points of the texts joined as UTF-16 when none is outside the BMP (a copy of the
        string's own UCS-2: half of UTF-32's bytes, and faster to make), else as `_codes`."""
        if not self.texts:
            return self._codes()
        text = "".join(self.texts)
        data = text.encode("utf-16-le")
        if len(data) == 2 * len(text):  # no surrogate pair: a unit per code point
            return np.frombuffer(data, dtype="<u2")
        return code_points(text)

    def with_columns(self, columns: dict[str, Any]) -> DocBinBytes:
        """A DocBin with this one's lexicon and packer and `columns`' documents."""
        made = DocBinBytes(self.lexicon, self.empty_group, self.dumps)
        vars(made).update(columns)
        return made

    def add(
        self,
        text: str,
        tokens: Sequence[Range],
        ents: Sequence[tuple[int, int, str]],
        group: Sequence[tuple[int, int, str]],
        missing: Sequence[Range],
        user_data: dict[Any, Any],
    ) -> None:
        """A document: `ents`, `group` and `missing` in token indices [first, end), as
        `spacy_docbin` would hand them to `Doc.set_ents` and `doc.spans["sc"]`."""
        self.texts.append(text)
        if tokens:
            starts, ends, shift = token_edges(tokens, len(tokens))
            self.starts.append(starts)
            self.ends.append(ends)
            self.shifts.append(self.chars - shift)
        at = self.tokens
        views = chunk_views(ents, group, missing)
        if views is not None:  # a chunk's arrays: noted as a run, no tuple made here
            add_run(self.ent_runs, views[0], at, len(self.sizes))
            add_run(self.group_runs, views[1], at, len(self.sizes))
        else:
            self.missing += [(at + start, at + end - 1) for start, end in missing]
            self.ents += [(at + start, at + end - 1, name) for start, end, name in ents]
            if group:
                self.groups[len(self.sizes)] = [(at + start, at + end - 1, name) for start, end, name in group]
            self.labels.update(name for _, _, name in chain(ents, group))
        self.sizes.append(len(text))
        self.counts.append(len(tokens))
        self.chars += len(text)
        self.tokens += len(tokens)
        self.user_data.append(self.dumps(user_data))

    def _run_arrays(self) -> dict[str, Any]:
        """The runs' spans in this DocBin's tokens and documents, as arrays (a few numpy calls a run),
        labels as indices into `names`; what was made already (`columns`) when no run is left."""
        if not (self.ent_runs or self.group_runs):
            return self.run_arrays
        names = sorted({name for run in chain(self.ent_runs, self.group_runs) for name in run[0].names})
        out: dict[str, Any] = {"names": names}
        for kind, runs in (("ent", self.ent_runs), ("group", self.group_runs)):
            parts = [run_columns(run, names) for run in runs]
            empty = np.zeros(0, np.int64)
            out[kind] = [np.concatenate(column) for column in zip(*parts, strict=True)] if parts else [empty] * 4
        return out

    def _runs_taken(self) -> None:
        """The runs' spans put with the others' (`ents`, `missing`, `groups`, `labels`): in the process
        that builds the message."""
        found = self._run_arrays()
        self.ent_runs, self.group_runs, self.run_arrays = [], [], {}
        if not found:
            return
        names = found["names"]
        first, end, label, _ = (column.tolist() for column in found["ent"])
        labels = [names[i] for i in label]
        self.ents += zip(first, [e - 1 for e in end], labels, strict=True)
        used = set(labels)
        first, end, label, doc = (column.tolist() for column in found["group"])
        last = [e - 1 for e in end]
        self.missing += zip(first, last, strict=True)
        glabels = [names[i] for i in label]
        used.update(glabels)
        for d, a, b, name in zip(doc, first, last, glabels, strict=True):
            group = self.groups.get(d)
            if group is None:
                group = self.groups[d] = []
            group.append((a, b, name))
        self.labels |= used

    def _codes(self) -> np.ndarray:
        """The code points of all the texts joined: one encode of their join, or what `columns` made."""
        if self.texts:
            return code_points("".join(self.texts))
        if not self.codes:
            return np.zeros(0, dtype="<u4")
        codes = np.concatenate(self.codes)
        return codes if codes.dtype == np.dtype("<u4") else codes.astype("<u4")  # UTF-16 (`_narrow_codes`)

    def _edges_joined(self) -> tuple[np.ndarray, np.ndarray]:
        """Every token's start and end in all the texts joined: each document's arrays plus its
        shift, added once for them all (two numpy calls per shard, not a few per document)."""
        if not self.starts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        if not any(self.shifts):  # as `columns` hands them over (the shard process): joined already, maybe int32
            starts, ends = np.concatenate(self.starts), np.concatenate(self.ends)
            return starts.astype(np.int64, copy=False), ends.astype(np.int64, copy=False)
        lengths = np.fromiter(map(len, self.starts), dtype=np.int64, count=len(self.starts))
        shift = np.repeat(np.array(self.shifts, dtype=np.int64), lengths)
        return np.concatenate(self.starts) + shift, np.concatenate(self.ends) + shift

    def _pieces(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The code points of all the texts joined, their pieces (`pieces`), checked."""
        codes = self._codes()
        starts, ends = self._edges_joined()
        sizes = np.array(self.sizes, dtype=np.int64)
        first, last, space, index, lengths = pieces(codes, starts, ends, np.array(self.counts, dtype=np.int64), sizes)
        if not rebuilds(first, last, space, lengths, sizes):  # a bug, never a user's problem: refuse a wrong file
            raise AssertionError(f"the spaCy pieces do not rebuild the text ({self.tokens} tokens)")
        self.pieces = len(first)
        return codes, first, last, space, index, lengths

    def _numbers(self, codes: np.ndarray, first: np.ndarray, last: np.ndarray, space: np.ndarray) -> np.ndarray:
        """Every piece's lexicon number, in order: each distinct piece looked up once when pyarrow
        is loaded (`distinct`), else every piece's string cut (`cut`) and looked up."""
        lexicon = self._lexicon()
        lookup = lexicon.__getitem__
        found = distinct(codes, first, last)
        if found is not None:
            strings, index = found
            lexicon.learn(strings)
            numbers: np.ndarray = np.fromiter(map(lookup, strings), dtype=np.int64, count=len(strings))
            return numbers[index]  # type: ignore[no-any-return]  # numpy's stubs: Any
        words = cut(codes, first, last, space)
        lexicon.learn(words)
        return np.fromiter(map(lookup, words), dtype=np.int64, count=len(words))

    def _lexicon(self) -> Lexicon:
        assert self.lexicon is not None  # where the bytes are built, the lexicon is
        return self.lexicon

    def to_bytes(self) -> bytes:
        """What `DocBin.to_bytes()` returns for these documents, compressed at `spacy_deflate.LEVEL`."""
        return compressed(self.parts())

    def message(self) -> bytes:
        """The msgpack `DocBin.to_bytes()` compresses."""
        return b"".join(self.parts())

    def parts(self) -> list[Buffer]:
        """The message in parts, the token rows a view of their array: no copy of them is made
        (`tobytes`, then msgpack's buffer, then its bytes were three of ~19 MB a shard); they are
        compressed in blocks of the whole (`compressed`)."""
        return self.prepared()()

    def prepared(self) -> Callable[[], list[Buffer]]:
        """All of the message's work but its token rows, and a function making those and
        returning the message's parts (`parts`). The rows are most of a shard's memory (~18 MB
        of ~25) and a few milliseconds of its work: a shard's are made once the shard before is
        compressed and its rows freed, so that two shards' rows are never held at once."""
        self._runs_taken()
        codes, first, last, space, index, counts = self._pieces()
        lengths = counts.astype(np.int32)
        numbers = self._numbers(codes, first, last, space)
        del codes
        lexicon = self._lexicon()
        table = lexicon.table()  # this shard's words are all in it
        entities = entity_columns(self.pieces, index, self.ents, self.missing, lexicon.label) if len(numbers) else None
        used = np.flatnonzero(np.bincount(numbers, minlength=len(lexicon.words))).tolist()  # np.unique sorts
        words, norms = lexicon.words, lexicon.norms
        strings = {words[n] for n in used} | {norms[n] for n in used} | self.labels
        if used:
            strings.add("")  # the tag, lemma, dependency, ... of every token
        groups = span_groups(
            self.groups, self.sizes, (first, last, index, counts), lexicon.label, self.dumps, self.empty_group
        )
        rest = {
            "spaces": space.tobytes("C"),
            "lengths": lengths.tobytes("C"),
            "strings": sorted(strings),
            "cats": [{} for _ in self.sizes],
            "flags": [{"has_unknown_spaces": False} for _ in self.sizes],
            "span_groups": groups,
            "user_data": self.user_data,
        }
        del first, last, space, index, groups
        head, tail = framing(lexicon.attrs(), rest, self.dumps)
        del rest

        def rows() -> list[Buffer]:
            return message_parts(head, token_rows(numbers, table, entities, lengths), tail)

        return rows
