"""A DocBin's bytes written directly from tokens and spans, without building `Doc`s.

`DocBin.to_bytes()` is zlib-compressed msgpack of a dict of columns
(spacy/tokens/_serialize.py): a uint64 row of attribute values per token (ORTH,
NORM, ENT_IOB, ENT_TYPE, SENT_START set, the rest 0 in our Docs), each token's
trailing space, each document's length, every string the values hash, and per
document its span groups and user data. Building a `Doc` per document, then an
array from it, cost ~2.5 ms a document (10,000 documents: 26 s); here a
document is a few numpy operations, and the pieces' strings of a whole DocBin are
cut by one `str.split` and looked up in a dict, each distinct string made once
(NORM by the vocab's own norm getter, as a new lexeme gets it). The bytes are the ones
`DocBin(store_user_data=True)` writes for the Docs `spacy_docbin` describes
(tests/formats/test_spacy_bytes.py compares both).
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Buffer, Callable, Sequence
from importlib import import_module
from itertools import chain
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
_SPAN = struct.Struct(">QQQllll")  # SpanGroup.to_bytes: id, kb_id, label, start, end, start_char, end_char
_FIXMAP = 0x80  # msgpack: a map of up to 15 pairs is this byte plus their number
_SEPARATOR = 0  # between the pieces of a shard's text when they are cut (NUL: in no text, as a rule)


def check_columns(attrs: list[Any]) -> None:
    """Refuse to write when spaCy's DocBin columns are not the ones this module fills."""
    if attrs != _attrs():  # a spaCy this module does not know: a bug, not the user's
        raise AssertionError(f"DocBin attributes changed: {attrs}")


class Lexicon(dict[str, int]):
    """Each distinct string's number, with its ORTH and NORM hashes and NORM string."""

    def __init__(self, vocab: Vocab) -> None:
        super().__init__()
        self.vocab = vocab
        self.words: list[str] = []
        self.norms: list[str] = []
        self.hashes: list[tuple[int, int]] = []
        self._table = np.zeros((0, 2), dtype=np.uint64)
        self._labels: dict[str, int] = {}
        getters: dict[int, Callable[[str], Any]] = vocab.lex_attr_getters  # type: ignore[attr-defined]  # not in vocab.pyi
        self._norm: Callable[[str], str] | None = getters.get(_norm_id())
        self._add: Callable[[str], int] = vocab.strings.add

    def __missing__(self, word: str) -> int:
        self[word] = number = len(self.words)
        self.words.append(word)
        if self._norm is None or word in self.vocab:  # a lexeme the language made: its own norm
            lexeme = self.vocab[word]
            norm, orth = lexeme.norm_, lexeme.orth
        else:  # what the vocab would make a new lexeme's (Vocab._new_lexeme), without its other attributes
            norm, orth = self._norm(word), self._add(word)
        self.norms.append(norm)
        self.hashes.append((orth, self._add(norm)))
        return number

    def label(self, label: str) -> int:
        """The label's value as spaCy stores it: its hash, or its symbol's number (`ORG`: 383)."""
        found = self._labels.get(label)
        if found is None:
            found = self._labels[label] = self.vocab.strings.add(label)
        return found

    def table(self) -> np.ndarray:
        """(ORTH, NORM) hash rows by number."""
        if len(self._table) < len(self.hashes):
            self._table = np.array(self.hashes, dtype=np.uint64).reshape(-1, 2)
        return self._table


def pieces(
    text: str, tokens: Sequence[Range], codes: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """`spacing.pieces` in arrays: piece starts, ends, trailing spaces, and each token's piece index
    (`codes`: the text's code points, when the caller has them)."""
    length, count = len(text), len(tokens)
    if not count:
        edge = np.array([0, length] if length else [], dtype=np.int64)
        return edge[:1], edge[1:], np.zeros(len(edge) // 2, dtype=bool), np.zeros(0, dtype=np.int64)
    starts, ends = _edges(tokens, count)
    after = np.empty_like(starts)  # where the next token (or the text) starts
    after[:-1], after[-1] = starts[1:], length
    if codes is None:
        codes = code_points(text)
    ws = (ends < after) & (codes[np.minimum(ends, length - 1)] == 32)  # one space is the token's
    gap = ends + ws < after  # the rest of the whitespace: a piece of its own
    lead = int(starts[0] > 0)
    index = np.empty(count, dtype=np.int64)
    index[0] = lead
    np.cumsum(1 + gap[:-1], out=index[1:])
    index[1:] += lead
    total = lead + count + int(gap.sum())
    first, last, space = np.zeros(total, np.int64), np.zeros(total, np.int64), np.zeros(total, bool)
    if lead:
        last[0] = starts[0]
    first[index], last[index], space[index] = starts, ends, ws
    between = index[gap] + 1
    first[between], last[between] = (ends + ws)[gap], after[gap]
    return first, last, space, index


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


def _rebuilds(first: np.ndarray, last: np.ndarray, space: np.ndarray, length: int) -> bool:
    """Whether the pieces, each followed by its space, are non-empty and spell the whole text
    (what `Doc(words, spaces).text == text` checked)."""
    if not len(first):
        return length == 0
    ends = last + space
    return bool(first[0] == 0 and ends[-1] == length and (first[1:] == ends[:-1]).all() and (last > first).all())


def _edges(tokens: Sequence[Range], count: int) -> tuple[np.ndarray, np.ndarray]:
    """The tokens' starts and ends as arrays; from their two lists when the tokens keep them
    apart (stored tokens as the export reads them: no tuple per token)."""
    starts, ends = getattr(tokens, "starts", None), getattr(tokens, "ends", None)
    if isinstance(starts, list) and isinstance(ends, list):
        return np.array(starts, dtype=np.int64), np.array(ends, dtype=np.int64)
    flat = np.fromiter(chain.from_iterable(tokens), dtype=np.int64, count=2 * count)
    return flat[0::2], flat[1::2]


class DocBinBytes:
    """The columns of a DocBin being filled, a document at a time; the pieces' strings are
    cut and looked up once per DocBin (`cut`)."""

    def __init__(self, lexicon: Lexicon, empty_group: bytes, dumps: Callable[[Any], bytes]) -> None:
        self.lexicon = lexicon
        self.dumps: Callable[[Any], bytes] = dumps  # srsly.msgpack_dumps
        self.empty_group = empty_group  # the span groups of a Doc whose `sc` group is empty
        self.lengths: list[int] = []  # each document's number of pieces
        self.pieces = 0  # in all documents so far
        self.chars = 0  # of all documents so far
        self.codes: list[np.ndarray] = []  # each document's code points
        self.firsts: list[np.ndarray] = []  # where each document's pieces start and end, in all the texts
        self.lasts: list[np.ndarray] = []
        self.ents: list[tuple[int, int, int]] = []  # [first, end) of the pieces of all documents, label
        self.missing: list[Range] = []  # [first, end) of pieces neither entity nor outside
        self.spaces: list[np.ndarray] = []
        self.labels: set[str] = set()
        self.span_groups: list[bytes] = []
        self.user_data: list[bytes] = []

    def __len__(self) -> int:
        return len(self.lengths)

    def add(
        self,
        text: str,
        tokens: Sequence[Range],
        ents: list[tuple[int, int, str]],
        group: list[tuple[int, int, str]],
        missing: list[Range],
        user_data: dict[Any, Any],
    ) -> None:
        """A document: `ents`, `group` and `missing` in token indices [first, end), as
        `spacy_docbin` would hand them to `Doc.set_ents` and `doc.spans["sc"]`."""
        codes = code_points(text)
        first, last, space, index = pieces(text, tokens, codes)
        if not _rebuilds(first, last, space, len(text)):  # a bug, never a user's problem: refuse a wrong file
            raise AssertionError(f"the spaCy pieces do not rebuild the text ({len(tokens)} tokens)")
        self.codes.append(codes)
        self.firsts.append(first + self.chars)
        self.lasts.append(last + self.chars)
        self.spaces.append(space)
        self.lengths.append(len(first))
        at = self.pieces
        for start, end in missing:
            self.missing.append((at + int(index[start]), at + int(index[end - 1]) + 1))
        for start, end, label in ents:
            self.ents.append((at + int(index[start]), at + int(index[end - 1]) + 1, self.lexicon.label(label)))
            self.labels.add(label)
        self.pieces += len(first)
        self.chars += len(text)
        self.span_groups.append(self._group(first, last, index, group))
        self.user_data.append(self.dumps(user_data))

    def _numbers(self, spaces: np.ndarray) -> np.ndarray:
        """Every piece's lexicon number, in order (`spaces`: all the pieces' trailing spaces)."""
        if not self.pieces:
            return np.zeros(0, dtype=np.int64)
        codes, first, last = (np.concatenate(c) for c in (self.codes, self.firsts, self.lasts))
        words = cut(codes, first, last, spaces)
        return np.fromiter(map(self.lexicon.__getitem__, words), dtype=np.int64, count=self.pieces)

    def _group(
        self, first: np.ndarray, last: np.ndarray, index: np.ndarray, group: list[tuple[int, int, str]]
    ) -> bytes:
        if not group:
            return self.empty_group
        spans = []
        for start, end, label in group:
            begin, stop = int(index[start]), int(index[end - 1]) + 1
            chars = int(first[begin]), int(last[stop - 1])
            spans.append(_SPAN.pack(0, 0, self.lexicon.label(label), begin, stop, *chars))
            self.labels.add(label)
        body = self.dumps({"name": "sc", "attrs": {}, "spans": spans})
        return self.dumps({body: ["sc"]})

    def _entities(self) -> tuple[np.ndarray, np.ndarray]:
        """The ENT_IOB and ENT_TYPE columns: what `Doc.set_ents(ents, missing=missing)` sets,
        from where each range starts and stops (running sums: a few numpy calls a shard)."""
        iob = np.full(self.pieces, IOB_O, dtype=np.uint64)
        kinds = np.zeros(self.pieces, dtype=np.uint64)
        if self.missing:
            edges = np.array(self.missing, dtype=np.int64)
            depth = np.zeros(self.pieces + 1, dtype=np.int64)
            np.add.at(depth, edges[:, 0], 1)  # the overlapping spans' ranges may overlap
            np.add.at(depth, edges[:, 1], -1)
            iob[np.cumsum(depth[:-1]) > 0] = 0
        if self.ents:
            begins, stops = (np.array([e[i] for e in self.ents], dtype=np.int64) for i in (0, 1))
            labels = np.array([e[2] for e in self.ents], dtype=np.uint64)
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
        """What `DocBin.to_bytes()` returns for these documents."""
        return compressed(self.parts())

    def message(self) -> bytes:
        """The msgpack `DocBin.to_bytes()` compresses."""
        return b"".join(self.parts())

    def parts(self) -> list[Buffer]:
        """The message in parts, the token rows a view of their array: no copy of them is made
        (`tobytes`, then msgpack's buffer, then its bytes were three of ~19 MB a shard); zlib
        compresses the parts one after another into the bytes it makes of the whole."""
        lengths = np.array(self.lengths, dtype=np.int32)
        spaces = np.concatenate(self.spaces) if self.spaces else np.zeros(0, bool)
        numbers = self._numbers(spaces)
        tokens = np.zeros((len(numbers), len(COLUMNS)), dtype=np.uint64)
        tokens[:, [ORTH, NORM]] = self.lexicon.table()[numbers]
        if len(numbers):
            tokens[:, IOB], tokens[:, TYPE] = self._entities()
            starts = np.cumsum(lengths) - lengths
            tokens[starts[lengths > 0], SENT] = 1  # spaCy marks a Doc's first token a sentence start
        used = np.flatnonzero(np.bincount(numbers, minlength=len(self.lexicon.words))).tolist()  # np.unique sorts
        words, norms = self.lexicon.words, self.lexicon.norms
        strings = {words[n] for n in used} | {norms[n] for n in used} | self.labels
        if used:
            strings.add("")  # the tag, lemma, dependency, ... of every token
        rest = {
            "spaces": spaces.tobytes("C"),
            "lengths": lengths.tobytes("C"),
            "strings": sorted(strings),
            "cats": [{} for _ in self.lengths],
            "flags": [{"has_unknown_spaces": False} for _ in self.lengths],
            "span_groups": self.span_groups,
            "user_data": self.user_data,
        }
        # The map msgpack makes of the dict {"version", "attrs", "tokens", **rest}: its header, then
        # each key and value in order; "tokens" is bytes, msgpack's bin 32 (a length, then the bytes).
        head = [bytes([_FIXMAP | 3 + len(rest)]), *map(self.dumps, ("version", "0.1", "attrs", _attrs(), "tokens"))]
        tail = b"".join(self.dumps(key) + self.dumps(value) for key, value in rest.items())
        return [b"".join(head) + _bin_header(tokens.nbytes), memoryview(tokens.reshape(-1).view(np.uint8)), tail]


def compressed(parts: list[Buffer]) -> bytes:
    """`zlib.compress` of the parts joined (the same level and bytes), without joining them."""
    compressor = zlib.compressobj()
    return b"".join([*map(compressor.compress, parts), compressor.flush()])


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
