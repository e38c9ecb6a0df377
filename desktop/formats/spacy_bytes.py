"""A DocBin's bytes written directly from tokens and spans, without building `Doc`s.

`DocBin.to_bytes()` is zlib-compressed msgpack of a dict of columns
(spacy/tokens/_serialize.py): a uint64 row of attribute values per token (ORTH,
NORM, ENT_IOB, ENT_TYPE, SENT_START set, the rest 0 in our Docs), each token's
trailing space, each document's length, every string the values hash, and per
document its span groups and user data. Building a `Doc` per document, then an
array from it, cost ~2.5 ms a document (10,000 documents: 26 s); here the
pieces of a whole DocBin's documents are made by a few numpy operations, their
strings cut by one `str.split` and looked up in a dict, each distinct string made
once (NORM by the vocab's own norm getter, as a new lexeme gets it), and the
message handed to the compressor in parts, the token rows uncopied. The message is the one
`DocBin(store_user_data=True)` writes for the Docs `spacy_docbin` describes
(tests/formats/test_spacy_bytes.py compares both), deflated at level `LEVEL` (2) by ISA-L
(`isal`, the spacy extra), not by zlib at DocBin's default (6): the 20 messages of a
10,000-document export (383 MB) take 0.24 s of CPU, not 1.9 s (zlib level 2: 0.76 s), for
files of 33 MB, not 22 (zlib 2: 24), which any zlib reads (`DocBin.from_bytes`, `Corpus`,
`spacy train`) into the same docs. Where isal is not installed (the extra is optional, or a
platform without its wheels) zlib compresses at the same level (`deflate`).

The compressed bytes were never fixed by the message alone: they are the deflate library's,
and CPython's zlib differs from one install to another (Fedora 40+ links zlib-ng-compat, other
distros other zlib versions). With isal they are those of its version (pinned `isal>=1.7,<2`)
wherever it is installed, as far as ISA-L's kernels, chosen by the CPU's features, agree.
"""

from __future__ import annotations

import struct
import sys
import zlib
from array import array
from collections.abc import Buffer, Callable, Iterable, Iterator, Sequence
from importlib import import_module
from itertools import chain
from types import ModuleType
from typing import TYPE_CHECKING, Any

import numpy as np

from desktop.formats.records import Range

if TYPE_CHECKING:
    from spacy.vocab import Vocab

# Columns of DocBin's default attributes (DOCBIN_ALL_ATTRS sorted by id, ORTH first): checked against
# spaCy's own list when a writer is made (`check_columns`).
COLUMNS: tuple[str, ...] = ("ORTH", "NORM", "LEMMA", "POS", "TAG", "DEP", "ENT_IOB", "ENT_TYPE", "HEAD")
COLUMNS += ("SENT_START", "ENT_KB_ID", "MORPH", "ENT_ID")
ORTH, NORM, IOB, TYPE, SENT = (COLUMNS.index(n) for n in ("ORTH", "NORM", "ENT_IOB", "ENT_TYPE", "SENT_START"))
IOB_I, IOB_O, IOB_B = 1, 2, 3  # spaCy's ENT_IOB codes; 0 is missing
# A span as SpanGroup.to_bytes packs it (struct ">QQQllll"): id, kb_id, label, start, end, start_char, end_char
_SPAN_ROW = np.dtype(
    [(n, ">u8") for n in ("id", "kb_id", "label")] + [(n, ">i4") for n in ("start", "end", "start_char", "end_char")]
)
_FIXMAP = 0x80  # msgpack: a map of up to 15 pairs is this byte plus their number
LEVEL = 2  # isal's (or zlib's, `deflate`); isal's level 3 took 0.86 s for 6% smaller files, its 1 the same CPU
_BLOCK = 1 << 20  # bytes handed to the compressor at a time (`compressed`): 4 MiB were 2-4% faster
_SEPARATOR = 0  # between the pieces of a shard's text when they are cut (NUL: in no text, as a rule)


def check_columns(attrs: list[Any]) -> None:
    """Refuse to write when spaCy's DocBin columns are not the ones this module fills."""
    if attrs != _attrs():  # a spaCy this module does not know: a bug, not the user's
        raise AssertionError(f"DocBin attributes changed: {attrs}")


class Lexicon(dict[str, int]):
    """Each distinct string's number, with its ORTH and NORM hashes and NORM string, as the
    vocab answers them (`_answers`); the strings of a shard are asked about at once (`learn`).
    Without a vocab, a subclass answers (spacy_vocab.py: spaCy's answers kept, no spaCy import)."""

    def __init__(self, vocab: Vocab | None) -> None:
        super().__init__()
        self.vocab = vocab
        self.words: list[str] = []
        self.norms: list[str] = []
        self._hashes: list[np.ndarray] = []  # (ORTH, NORM) rows of each `learn`
        self._table = np.zeros((0, 2), dtype=np.uint64)
        self._labels: dict[str, int] = {}
        if vocab is not None:
            getters: dict[int, Callable[[str], Any]] = vocab.lex_attr_getters  # type: ignore[attr-defined]  # not in vocab.pyi
            self._norm: Callable[[str], str] | None = getters.get(_norm_id())
            self._add: Callable[[str], int] = vocab.strings.add

    def __missing__(self, word: str) -> int:
        self.learn([word])
        return self[word]

    def learn(self, words: Iterable[str]) -> None:
        """Number the strings not numbered yet, each once, asking about them all at once."""
        new = [word for word in dict.fromkeys(words) if word not in self]
        if not new:
            return
        norms, hashes = self._answers(new)
        self.update(zip(new, range(len(self.words), len(self.words) + len(new)), strict=True))
        self.words += new
        self.norms += norms
        self._hashes.append(hashes)

    def _answers(self, words: list[str]) -> tuple[list[str], np.ndarray]:
        """Each word's NORM string and its (ORTH, NORM) hashes, from the vocab."""
        assert self.vocab is not None  # a subclass answers without one
        norms: list[str] = []
        rows: list[tuple[int, int]] = []
        for word in words:
            if self._norm is None or word in self.vocab:  # a lexeme the language made: its own norm
                lexeme = self.vocab[word]
                norm, orth = lexeme.norm_, lexeme.orth
            else:  # what the vocab would make a new lexeme's (Vocab._new_lexeme), without its other attributes
                norm, orth = self._norm(word), self._add(word)
            norms.append(norm)
            rows.append((orth, self._add(norm)))
        return norms, np.array(rows, dtype=np.uint64).reshape(-1, 2)

    def label(self, label: str) -> int:
        """The label's value as spaCy stores it: its hash, or its symbol's number (`ORG`: 383)."""
        found = self._labels.get(label)
        if found is None:
            found = self._labels[label] = self._label(label)
        return found

    def _label(self, label: str) -> int:
        assert self.vocab is not None
        return int(self.vocab.strings.add(label))

    def attrs(self) -> list[int]:
        """The attribute ids of `COLUMNS`, as DocBin lists them."""
        return _attrs()

    def table(self) -> np.ndarray:
        """(ORTH, NORM) hash rows by number."""
        if len(self._table) < len(self.words):
            self._table = np.concatenate([self._table, *self._hashes])
            self._hashes = []
        return self._table


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


def _rebuilds(first: np.ndarray, last: np.ndarray, space: np.ndarray, lengths: np.ndarray, sizes: np.ndarray) -> bool:
    """Whether each document's pieces, each followed by its space, are non-empty and spell its
    whole text (what `Doc(words, spaces).text == text` checked): together they spell the texts
    joined, and none reaches past its document's end."""
    if not len(first):
        return not sizes.any()
    ends = last + space
    limits = np.repeat(np.cumsum(sizes), lengths)
    tiled = first[0] == 0 and ends[-1] == sizes.sum() and (first[1:] == ends[:-1]).all()
    return bool(tiled and (last > first).all() and (ends <= limits).all())


def _edges(tokens: Sequence[Range], count: int) -> tuple[np.ndarray, np.ndarray, int]:
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


def _ranges(
    ents: Sequence[tuple[int, int, str]], group: Sequence[tuple[int, int, str]], missing: Sequence[Range]
) -> tuple[SpanView, SpanView] | None:
    """The entities' and the group's views when a chunk's arrays made them (the missing ranges are
    then the group's own), else None."""
    if not (isinstance(ents, SpanView) and isinstance(group, SpanView) and isinstance(missing, SpanView)):
        return None
    if missing.table is group.table and (missing.lo, missing.hi) == (group.lo, group.hi):
        return ents, group
    return None


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
            starts, ends, shift = _edges(tokens, len(tokens))
            self.starts.append(starts)
            self.ends.append(ends)
            self.shifts.append(self.chars - shift)
        at = self.tokens
        views = _ranges(ents, group, missing)
        if views is not None:  # a chunk's arrays: noted as a run, no tuple made here
            _run(self.ent_runs, views[0], at, len(self.sizes))
            _run(self.group_runs, views[1], at, len(self.sizes))
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
            parts = [_run_columns(run, names) for run in runs]
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
        if not _rebuilds(first, last, space, lengths, sizes):  # a bug, never a user's problem: refuse a wrong file
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

    def _span_groups(self, first: np.ndarray, last: np.ndarray, index: np.ndarray, lengths: np.ndarray) -> list[bytes]:
        """Each document's span groups as `SpanGroup.to_bytes` packs them, in its own pieces and characters."""
        out = [self.empty_group] * len(self.sizes)
        if not self.groups:
            return out
        docs = np.array([doc for doc, group in self.groups.items() for _ in group], dtype=np.int64)
        label = self._lexicon().label
        spans = np.array([(a, b, label(name)) for group in self.groups.values() for a, b, name in group], np.uint64)
        begin, stop = index[spans[:, 0].astype(np.int64)], index[spans[:, 1].astype(np.int64)] + 1
        at, chars = (np.cumsum(lengths) - lengths)[docs], (np.cumsum(self.sizes) - self.sizes)[docs]
        rows = np.zeros(len(docs), dtype=_SPAN_ROW)  # id and kb_id 0
        rows["label"] = spans[:, 2]
        rows["start"], rows["end"] = begin - at, stop - at
        rows["start_char"], rows["end_char"] = first[begin] - chars, last[stop - 1] - chars
        packed = rows.tobytes()
        size, taken = _SPAN_ROW.itemsize, 0
        for doc, group in self.groups.items():
            parts = [packed[size * i : size * (i + 1)] for i in range(taken, taken + len(group))]
            taken += len(group)
            body = self.dumps({"name": "sc", "attrs": {}, "spans": parts})
            out[doc] = self.dumps({body: ["sc"]})
        return out

    def _entities(self, index: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The ENT_IOB and ENT_TYPE columns: what `Doc.set_ents(ents, missing=missing)` sets,
        from where each range starts and stops (running sums: a few numpy calls a shard);
        `index`: each token's piece."""
        iob = np.full(self.pieces, IOB_O, dtype=np.uint64)
        kinds = np.zeros(self.pieces, dtype=np.uint64)
        size = self.pieces + 1
        if self.missing:
            edges = index[np.array(self.missing, dtype=np.int64)]
            # the overlapping spans' ranges may overlap: a count of those open at each piece
            depth = np.bincount(edges[:, 0], minlength=size) - np.bincount(edges[:, 1] + 1, minlength=size)
            iob[np.cumsum(depth[:-1]) > 0] = 0
        if self.ents:
            firsts, lasts, names = zip(*self.ents)
            begins, stops = index[np.array(firsts, dtype=np.int64)], index[np.array(lasts, dtype=np.int64)]
            stops += 1
            label = self._lexicon().label
            values = {name: label(name) for name in set(names)}
            labels = np.fromiter(map(values.__getitem__, names), dtype=np.uint64, count=len(names))
            inside = np.zeros(self.pieces + 1, dtype=np.int64)
            inside[begins] += 1  # entities never overlap: each start and each stop once
            inside[stops] -= 1
            iob[np.cumsum(inside[:-1]) > 0] = IOB_I
            iob[begins] = IOB_B
            steps = np.zeros(self.pieces + 1, dtype=np.uint64)
            steps[begins] += labels
            steps[stops] -= labels  # uint64 wraps, and so does the running sum: the label inside, 0 outside
            kinds = np.cumsum(steps[:-1], dtype=np.uint64)
        return iob, kinds

    def to_bytes(self) -> bytes:
        """What `DocBin.to_bytes()` returns for these documents, compressed at `LEVEL`."""
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
        entities = self._entities(index) if len(numbers) else None
        used = np.flatnonzero(np.bincount(numbers, minlength=len(lexicon.words))).tolist()  # np.unique sorts
        words, norms = lexicon.words, lexicon.norms
        strings = {words[n] for n in used} | {norms[n] for n in used} | self.labels
        if used:
            strings.add("")  # the tag, lemma, dependency, ... of every token
        rest = {
            "spaces": space.tobytes("C"),
            "lengths": lengths.tobytes("C"),
            "strings": sorted(strings),
            "cats": [{} for _ in self.sizes],
            "flags": [{"has_unknown_spaces": False} for _ in self.sizes],
            "span_groups": self._span_groups(first, last, index, counts),
            "user_data": self.user_data,
        }
        del first, last, space, index
        # The map msgpack makes of the dict {"version", "attrs", "tokens", **rest}: its header, then
        # each key and value in order; "tokens" is bytes, msgpack's bin 32 (a length, then the bytes).
        head = [
            bytes([_FIXMAP | 3 + len(rest)]),
            *map(self.dumps, ("version", "0.1", "attrs", lexicon.attrs(), "tokens")),
        ]
        tail = b"".join(self.dumps(key) + self.dumps(value) for key, value in rest.items())
        del rest

        def rows() -> list[Buffer]:
            tokens = np.zeros((len(numbers), len(COLUMNS)), dtype=np.uint64)
            tokens[:, ORTH], tokens[:, NORM] = table[:, 0][numbers], table[:, 1][numbers]  # a column each: 2.5x faster
            if entities is not None:
                tokens[:, IOB], tokens[:, TYPE] = entities
                starts = np.cumsum(lengths) - lengths
                tokens[starts[lengths > 0], SENT] = 1  # spaCy marks a Doc's first token a sentence start
            return [b"".join(head) + _bin_header(tokens.nbytes), memoryview(tokens.reshape(-1).view(np.uint8)), tail]

        return rows


def _run(runs: list[list[Any]], view: SpanView, tokens: int, docs: int) -> None:
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


def _run_columns(run: list[Any], names: list[str]) -> tuple[np.ndarray, ...]:
    """A run's spans' first and end tokens and documents in its DocBin's, their labels in `names`."""
    spans, lo, hi, tokens, docs = run
    where = np.searchsorted(names, spans.names).astype(np.int64)
    part = slice(lo, hi)
    return spans.first[part] + tokens, spans.end[part] + tokens, where[spans.label[part]], spans.doc[part] + docs


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


def _bin_header(size: int) -> bytes:
    """msgpack's header of `size` bytes of bin (use_bin_type: bin 8, 16 or 32)."""
    if size < 1 << 8:
        return struct.pack(">BB", 0xC4, size)
    if size < 1 << 16:
        return struct.pack(">BH", 0xC5, size)
    return struct.pack(">BI", 0xC6, size)


def _norm_id() -> int:
    return int(import_module("spacy.attrs").NORM)


def _attrs() -> list[int]:
    """The attribute ids of `COLUMNS` (spacy.attrs is compiled, without type stubs)."""
    ids = import_module("spacy.attrs").IDS
    return [int(ids[name]) for name in COLUMNS]
