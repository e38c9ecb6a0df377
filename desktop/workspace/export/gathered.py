"""CoNLL and hf of a worker's chunk of stored documents, built from arrays (issue 17).

The per-document path (`prepare_item` + `ConllWriter` / `HfWriter`) makes Python
objects for every token: its boundaries as ints, its word and tag as strings, the
line. For a chunk of ordinary documents this module makes none. Token and sentence
boundaries stay numpy arrays from the stored blobs, spans (~10 a document) are
fitted to them with one `searchsorted` for the chunk, tags are an int per token,
and the text is one gather from [the chunk's code points + a table of pieces:
`\tB-X\n` for CoNLL; `","`, `B-X","`, each unit's `{"id":...,"tokens":["` for
hf], decoded once and cut per document. hf's lines, with pyarrow (the `fast` extra),
are instead UTF-8 from one `pyarrow.compute.take` over [each word cut zero-copy from the
chunk's UTF-8 text + those strings] (`_hf_bytes`, token_json's way): no numpy pass per
output character, no decode nor encode.

Only the common case takes it: a stored document with stored boundaries, no
relations nor tokens of its own, every span on token boundaries, no span across a
sentence break, BIO; for CoNLL no whitespace inside a token (unless kept) and no
-DOCSTART-, for hf no character inside a token or label that JSON escapes.
Spans are de-duplicated with one `lexsort` for the chunk, and overlaps dropped as
`align.drop_overlaps` drops them (most documents of a project have one), in Python
only for the spans of a run of overlapping ones; its problems stay plain data
(report.Overlap). Anything else is None: written the per-document way, so the
bytes are the same (tests/workspace/test_export_gathered.py checks them).
"""

from __future__ import annotations

import re
import sys
import zlib
from dataclasses import dataclass
from typing import Any

import numpy as np

from desktop.formats.align import Policy
from desktop.formats.writing import INNER_SPACES
from desktop.storage.export_document import StoredDocument
from desktop.workspace.export.records import OutputLabels
from desktop.workspace.export.report import Entry, Overlap
from desktop.workspace.export.written import Batch, Written

_TOP = 0x3000  # no code point above is whitespace (U+3000, ideographic space, is the last)
_WHITESPACE = np.zeros(_TOP + 1, dtype=bool)  # what conll.py's `\s` matches
_WHITESPACE[[m.start() for m in re.finditer(r"\s", "".join(map(chr, range(_TOP + 1))))]] = True
_ESCAPED = np.zeros(_TOP + 1, dtype=bool)  # what json.dumps escapes (ensure_ascii=False): hf.py's words
_ESCAPED[[*range(0x20), ord('"'), ord("\\")]] = True
type Array = np.ndarray
# hf's lines come from pyarrow (`_hf_bytes`) from a process's chunk ARROW_AFTER + 1 on, or at once when
# pyarrow is loaded: ~5 ms saved a chunk against ~0.08 s for the import (project-1k, ~9 chunks, lost ~0.1 s).
ARROW_AFTER = 4
_HF_CHUNKS = [0]  # hf chunks this process has gathered


def takes(batch: Batch) -> bool:
    """Whether the batch's options are ones this module writes (its documents are checked apart)."""
    shape, options = batch.shape, batch.options
    return (
        batch.format in ("conll", "hf")
        and batch.recipe is not None
        and options.scheme == "bio"
        and not (batch.format == "conll" and options.docstart)
        and shape.units in ("sentence", "document")
        and not shape.overlaps
        and not shape.keep_annotator
        and sys.byteorder == "little"
    )


def gathered_written(batch: Batch) -> list[Written | None]:
    """Each document's `Written`, or None for one to write the per-document way."""
    assert batch.recipe is not None  # `takes`
    docs = batch.documents
    out: list[Written | None] = [None] * len(docs)
    fast = [i for i, d in enumerate(docs) if isinstance(d, StoredDocument) and _plain(d)]
    if fast:
        chunk = [docs[i] for i in fast]
        assert all(isinstance(d, StoredDocument) for d in chunk)
        done = _Chunk(chunk, batch).written()  # type: ignore[arg-type]
        for i, written in zip(fast, done):
            out[i] = written
    return out


def _plain(doc: StoredDocument) -> bool:
    return (
        doc.token_bounds is not None
        and not doc.relations
        and bool(doc.text)
        and "tokens" not in doc.meta  # a CoNLL file's own tokens (document_record reads them)
        and "sentences" not in doc.meta
    )


@dataclass
class _Tokens:
    """The chunk's tokens: starts and ends in chunk code points, each document's first and count."""

    starts: Array
    ends: Array
    first: Array
    count: Array

    @property
    def total(self) -> int:
        return len(self.starts)


@dataclass
class _Spans:
    """A chunk's spans as written, by document then key: each one's document (in the chunk),
    offsets in its text, label (index into `names`, the output labels in order), annotator (its
    name's rank) and row (index into `rows`, the documents' span rows end to end)."""

    doc: Array
    start: Array
    end: Array
    label: Array
    person: Array
    row: Array
    names: Array
    rows: list[tuple[Any, ...]]

    @staticmethod
    def none() -> _Spans:
        empty = np.zeros(0, dtype=np.int64)
        return _Spans(empty, empty, empty, empty, empty, empty, np.array([], dtype=object), [])


class _Chunk:
    def __init__(self, docs: list[StoredDocument], batch: Batch) -> None:
        self.docs = docs
        self.batch = batch
        self.labels = _labels(batch)
        texts = [d.text for d in docs]
        self.lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        self.bases = np.concatenate(([0], np.cumsum(self.lengths)[:-1]))
        self.joined = "".join(texts)
        self.points = np.frombuffer(self.joined.encode("utf-32-le", "surrogatepass"), dtype="<u4")
        flat, counts = _boundaries([_blobs(d)[0] for d in docs], self.bases)
        self.tokens = _Tokens(flat[0::2], flat[1::2], np.concatenate(([0], np.cumsum(counts // 2)[:-1])), counts // 2)
        self.bad = self.tokens.count == 0  # no tokens stored: prepare_item tokenises again
        self.breaks = np.zeros(self.tokens.total + 1, dtype=bool)  # before token i a new unit starts
        if batch.shape.units == "sentence":
            sentences, counts = _boundaries([_blobs(d)[1] for d in docs], self.bases)
            self.bad |= counts == 0
            self.breaks[np.searchsorted(self.tokens.starts, sentences[0::2])] = True
            self.breaks[self.tokens.first] = False  # a document's start is no break (nor its end)
            self.breaks[-1] = False
        if batch.format == "hf":
            self.bad |= self._inside(_ESCAPED)  # words dumps() would escape
        elif INNER_SPACES[batch.options.inner_space] is not None:
            self.bad |= self._inside(_WHITESPACE)

    def written(self) -> list[Written | None]:
        if not self.tokens.total or self.bad.all():
            return [None] * len(self.docs)
        spans = self._spans()
        first, end = self._aligned(spans)
        dropped, problems = self._overlaps(spans, first, end)
        kept = ~dropped
        self._crossing(first[kept], end[kept], spans.doc[kept])
        written = kept & ~self.bad[spans.doc]  # a span of a document written the other way tags nothing here
        tags, names = self._tags(first[written], end[written], spans.label[written], spans.names)
        tokens = self.tokens
        units = np.concatenate(([0], np.cumsum(self.breaks[:-1])))
        ends = tokens.first + tokens.count
        counts = np.where(tokens.count > 0, units[ends] - units[tokens.first] + 1, 0)
        if self.batch.format == "hf":
            if any(_ESCAPED[min(ord(c), _TOP)] and ord(c) <= _TOP for name in names for c in name):
                return [None] * len(self.docs)  # a label dumps() would escape
            layout = _HfLayout(self, tags, names, counts)
            made = self._hf_bytes(layout)
            text, at = self._hf_text(layout) if made is None else made
        else:
            text, at = self._conll_text(tags, names)
        cut = (lambda a, b: text[a:b].encode("utf-8")) if isinstance(text, str) else (lambda a, b: text[a:b].tobytes())
        starts_at, ends_at = at[:-1].tolist(), at[1:].tolist()
        count = counts.tolist()
        labels = spans.names[spans.label[kept]].tolist()  # each document's, in key order
        labels_at = np.concatenate(([0], np.cumsum(np.bincount(spans.doc[kept], minlength=len(self.docs))))).tolist()
        out: list[Written | None] = []
        for k in range(len(self.docs)):
            if self.bad[k]:
                out.append(None)
                continue
            data = cut(starts_at[k], ends_at[k])
            out.append(
                Written(data, count[k], 0, 0, 0, labels[labels_at[k] : labels_at[k + 1]], 0, problems.get(k, []))
            )
        return out

    def _inside(self, table: Array) -> Array:
        """Documents with a character of `table` inside a token (CoNLL would replace whitespace,
        JSON escape a quote, a backslash or a control character). One clipped take per code point
        (the table padded with False past `_TOP`) and int32 running counts: ~5x less than a
        minimum, a gather, a compare and an int64 cumsum."""
        points, tokens = self.points, self.tokens
        found = np.zeros(len(points) + 1, dtype=np.int32)  # characters of the table before each point
        np.cumsum(_padded(table).take(points, mode="clip"), out=found[1:])
        inner = np.zeros(tokens.total + 1, dtype=np.int32)  # tokens with one, before each token
        np.cumsum(found[tokens.ends] > found[tokens.starts], out=inner[1:])
        return inner[tokens.first + tokens.count] > inner[tokens.first]

    def _spans(self) -> _Spans:
        """The spans `document_record` then `align.unique` keep, by document then key (start,
        end, label, annotator): of the same key the first row, of the same span in two layers
        the first annotator's. A document with a span out of its text goes the per-document way."""
        docs = self.docs
        rows = [row for doc in docs for row in doc.spans]
        per_doc = np.fromiter(map(len, (doc.spans for doc in docs)), dtype=np.int64, count=len(docs))
        if not rows:
            return _Spans.none()
        columns = list(zip(*rows))
        mapped = {raw: self.labels[raw] for raw in set(columns[3])}
        names = sorted({name for name in mapped.values() if name is not None})
        label_of = {raw: -1 if name is None else names.index(name) for raw, name in mapped.items()}
        annotators = self.batch.recipe.annotators  # type: ignore[union-attr]
        people = sorted({annotators[i] for i in set(columns[4]) if i in annotators})
        person_of = {i: people.index(annotators[i]) if i in annotators else -1 for i in set(columns[4])}
        label = np.fromiter(map(label_of.__getitem__, columns[3]), dtype=np.int64, count=len(rows))
        person = np.fromiter(map(person_of.__getitem__, columns[4]), dtype=np.int64, count=len(rows))
        owner = np.repeat(np.arange(len(docs)), per_doc)
        start, end = np.array(columns[1], dtype=np.int64), np.array(columns[2], dtype=np.int64)
        taken = np.flatnonzero(label >= 0)
        self.bad[owner[taken[person[taken] < 0]]] = True  # an annotator unknown: document_record says so
        row = taken[np.lexsort((taken, person[taken], label[taken], end[taken], start[taken], owner[taken]))]
        same = (owner[row[1:]] == owner[row[:-1]]) & (start[row[1:]] == start[row[:-1]])
        same &= (end[row[1:]] == end[row[:-1]]) & (label[row[1:]] == label[row[:-1]])
        first = np.ones(len(row), dtype=bool)
        first[1:] = ~same
        row = row[first]
        spans = _Spans(
            owner[row], start[row], end[row], label[row], person[row], row, np.array(names, dtype=object), rows
        )
        size = self.lengths[spans.doc]
        self.bad[spans.doc[~((spans.start >= 0) & (spans.start < spans.end) & (spans.end <= size))]] = True
        return spans

    def _aligned(self, spans: _Spans) -> tuple[Array, Array]:
        """Each span's first token and end token (chunk indices); a document with a span off
        the token boundaries goes the per-document way (policy, problems)."""
        s, e = spans.start + self.bases[spans.doc], spans.end + self.bases[spans.doc]
        tokens = self.tokens
        first, last = np.searchsorted(tokens.starts, s), np.searchsorted(tokens.ends, e)
        inside = np.minimum(first, tokens.total - 1), np.minimum(last, tokens.total - 1)
        exact = (first <= last) & (last < tokens.total)
        exact &= (tokens.starts[inside[0]] == s) & (tokens.ends[inside[1]] == e)
        self.bad[spans.doc[~exact]] = True
        return np.where(exact, first, 0), np.where(exact, last + 1, 1)

    def _overlaps(self, spans: _Spans, first: Array, end: Array) -> tuple[Array, dict[int, list[Entry]]]:
        """Spans dropped for overlapping a longer one, and each document's problems, as
        `align.drop_overlaps` drops and reports them: longest first (then by key), each dropped
        span naming the kept span it overlaps that starts earliest. Only spans in a run of
        overlapping spans can be dropped: runs are found for the chunk at once, and the drop
        runs in Python over their spans alone (a third of project-10k's)."""
        dropped = np.zeros(len(first), dtype=bool)
        band = spans.doc * (self.tokens.total + 2)  # each document's spans apart from the others'
        lo, hi = first + band, end + band
        alone = np.ones(len(first), dtype=bool)  # starts a run: after every earlier span's end
        alone[1:] = lo[1:] >= np.maximum.accumulate(hi)[:-1]
        run = np.cumsum(alone) - 1
        contested = np.flatnonzero((np.bincount(run)[run] > 1) & ~self.bad[spans.doc])
        if not len(contested):
            return dropped, {}
        c = contested
        order = c[
            np.lexsort((spans.person[c], spans.label[c], spans.end[c], spans.start[c], first[c] - end[c], spans.doc[c]))
        ]
        action = "unresolved" if self.batch.shape.overlapping is Policy.ASK else "skipped"
        owner, a_at, b_at = spans.doc.tolist(), first.tolist(), end.tolist()
        problems: dict[int, list[Entry]] = {}
        kept: list[tuple[int, int, int]] = []  # first, end, index: disjoint, of the document at hand
        current = -1
        for i in order.tolist():
            if owner[i] != current:
                current, kept = owner[i], []
            a, b = a_at[i], b_at[i]
            clash = min((k for k in kept if k[0] < b and a < k[1]), default=None)
            if clash is None:
                kept.append((a, b, i))
                continue
            dropped[i] = True
            problems.setdefault(current, []).append(self._overlap(spans, i, clash[2], action))
        return dropped, problems

    def _overlap(self, spans: _Spans, i: int, other: int, action: str) -> Overlap:
        doc = self.docs[int(spans.doc[i])]
        span = self._fields(spans, i)
        return doc.id, doc.name, doc.text[span[0] : span[1]], action, span, self._fields(spans, other)

    def _fields(self, spans: _Spans, i: int) -> tuple[Any, ...]:
        """The span's `span_record` fields as `document_record` makes them (a portable document:
        no attributes, no link): start, end, label, annotator, origin, provenance."""
        row = spans.rows[int(spans.row[i])]
        label, annotator = str(spans.names[spans.label[i]]), self.batch.recipe.annotators[row[4]]  # type: ignore[union-attr]
        return row[1], row[2], label, annotator, row[5], StoredDocument.provenance(row) if len(row) > 7 else None

    def _crossing(self, first: Array, end: Array, owner: Array) -> None:
        """Documents with a span across a sentence break go the per-document way (units merged)."""
        breaks = np.cumsum(self.breaks)
        self.bad[owner[breaks[end - 1] > breaks[first]]] = True

    def _tags(self, first: Array, end: Array, label: Array, names: Array) -> tuple[Array, list[str]]:
        """Each token's tag (an index into the names returned) for the spans kept (`label`: indices into `names`)."""
        used, label_ids = np.unique(label, return_inverse=True)
        tags = np.zeros(self.tokens.total, dtype=np.int64)  # 0 O, 2i+1 B-label i, 2i+2 I-label i
        inside = end - first - 1
        tags[_ranges(first + 1, inside)] = np.repeat(2 * label_ids + 2, inside)
        tags[first] = 2 * label_ids + 1
        return tags, ["O", *(f"{p}-{names[rank]}" for rank in used.tolist() for p in "BI")]

    def _unit_ends(self) -> Array:
        """Whether each token is the last of its unit."""
        tokens = self.tokens
        unit_end = self.breaks[1:].copy()
        unit_end[(tokens.first + tokens.count - 1)[tokens.count > 0]] = True
        return unit_end

    def _conll_text(self, tags: Array, names: list[str]) -> tuple[str, Array]:
        """The chunk's CoNLL text, and where each document starts in it (one past the last)."""
        tokens = self.tokens
        unit_end = self._unit_ends()
        suffixes = [f"\t{name}\n{blank}" for name in names for blank in ("", "\n")]
        suffix = tags * 2 + unit_end
        lengths = np.array([len(s) for s in suffixes], dtype=np.int64)
        table = np.frombuffer("".join(suffixes).encode("utf-32-le"), dtype="<u4")
        pieces = np.empty(2 * tokens.total, dtype=np.int64)  # where each piece starts in `source`
        sizes = np.empty(2 * tokens.total, dtype=np.int64)
        pieces[0::2], sizes[0::2] = tokens.starts, tokens.ends - tokens.starts
        pieces[1::2] = len(self.points) + np.concatenate(([0], np.cumsum(lengths)[:-1]))[suffix]
        sizes[1::2] = lengths[suffix]
        source = np.concatenate((self.points, table))
        text = source[_gathered(pieces, sizes)].tobytes().decode("utf-32-le", "surrogatepass")
        at = np.concatenate(([0], np.cumsum(sizes)[1::2]))
        return text, np.append(at[tokens.first], at[-1])

    def _hf_text(self, layout: _HfLayout) -> tuple[str, Array]:
        """The chunk's hf lines (hf.py's, ids as ints), and where each document starts in them:
        one gather of code points from [the chunk's text + the table + the heads]."""
        points = len(self.points)
        lengths = np.fromiter(map(len, layout.strings), dtype=np.int64, count=len(layout.strings))
        string_at = points + np.cumsum(lengths) - lengths
        tokens = self.tokens
        pieces = np.empty(layout.size, dtype=np.int64)
        sizes = np.empty(layout.size, dtype=np.int64)
        pieces[layout.word], sizes[layout.word] = tokens.starts, tokens.ends - tokens.starts
        rest = layout.rest
        pieces[rest], sizes[rest] = string_at[layout.strings_of], lengths[layout.strings_of]
        source = np.concatenate((self.points, np.frombuffer("".join(layout.strings).encode("utf-32-le"), dtype="<u4")))
        text = source[_gathered(pieces, sizes)].tobytes().decode("utf-32-le", "surrogatepass")
        at = np.concatenate(([0], np.cumsum(sizes)))
        return text, at[layout.documents]

    def _hf_bytes(self, layout: _HfLayout) -> tuple[memoryview, Array] | None:
        """`_hf_text` as UTF-8 bytes, from one `pyarrow.compute.take` (desktop/formats/token_json.py)
        over [each word, cut zero-copy from the chunk's UTF-8 text + the table + the heads]: no
        pass per output character in numpy, no decode nor encode. None without pyarrow, for a
        text with a lone surrogate (the per-document way raises there), or output near 2 GB."""
        from desktop.formats import token_json  # pyarrow, when it is installed

        _HF_CHUNKS[0] += 1
        if (_HF_CHUNKS[0] <= ARROW_AFTER and "pyarrow.compute" not in sys.modules) or not token_json.available():
            return None  # a process's first chunks: importing pyarrow (~0.08 s) is not earned back
        try:
            data = self.joined.encode("utf-8")
        except UnicodeEncodeError:
            return None
        tokens, points = self.tokens, self.points
        longest = max(map(len, layout.strings), default=0)
        if len(data) + layout.size * 4 * longest >= 2**31:  # pyarrow's string offsets are int32
            return None
        extra = (points >= 0x80).astype(np.int32)  # UTF-8 bytes beyond the first of each code point
        extra += points >= 0x800
        extra += points >= 0x10000
        before = np.zeros(len(points) + 1, dtype=np.int32)
        np.cumsum(extra, out=before[1:])
        cut = np.empty(2 * tokens.total, dtype=np.int32)  # element 2j: word j; 2j+1: what follows it
        cut[0::2], cut[1::2] = tokens.starts + before[tokens.starts], tokens.ends + before[tokens.ends]
        words = 2 * tokens.total - 1
        index = np.empty(layout.size, dtype=np.int64)
        index[layout.word] = 2 * np.arange(tokens.total)
        index[layout.rest] = words + layout.strings_of
        strings = [
            token_json.utf8_strings(layout.strings[: layout.heads]),
            token_json.utf8_strings(layout.strings[layout.heads :]),
        ]
        made = token_json.take([token_json.cut_strings(data, cut), *strings], index)  # the heads apart: ASCII
        return made.data, made.offsets[layout.documents]


class _HfLayout:
    """The chunk's hf lines as pieces: a unit is [head, word, separator, ..., word, separator,
    tag, ..., tag]; the head names the unit, a word's separator is `","` but after the last, a
    tag carries its own. A piece is a word (`word`: each token's piece) or a string of `strings`
    (the table, then each unit's head; `rest`: those pieces, `strings_of`: which string)."""

    def __init__(self, chunk: _Chunk, tags: Array, names: list[str], counts: Array) -> None:
        tokens, total = chunk.tokens, chunk.tokens.total
        unit_end = chunk._unit_ends()
        unit_start = np.concatenate(([True], unit_end[:-1]))
        unit = np.cumsum(unit_start) - 1  # each token's unit, in the chunk
        first_token = np.flatnonzero(unit_start)
        size = np.diff(np.append(first_token, total))
        owners = np.repeat(np.arange(len(chunk.docs)), counts)  # each unit's document
        index = np.arange(len(first_token)) - np.repeat(np.cumsum(counts) - counts, counts)
        ids = [chunk.docs[k].id for k in owners.tolist()]
        heads = [f'{{"id":"{i}-{n}","document_id":{i},"sentence":{n},"tokens":["' for i, n in zip(ids, index.tolist())]
        table = ['","', '"],"ner_tags":["', *(f"{name}{end}" for name in names for end in ('","', '"]}\n'))]
        self.strings = table + heads
        self.heads = len(table)  # where the heads begin in `strings`
        self.size = len(heads) + 3 * total
        head = np.arange(len(heads)) + 3 * first_token  # each unit's head, in pieces
        within = np.arange(total) - first_token[unit]
        self.word = head[unit] + 1 + 2 * within
        tag = head[unit] + 1 + 2 * size[unit] + within
        self.rest = np.concatenate((head, self.word + 1, tag))
        self.strings_of = np.concatenate(
            (len(table) + np.arange(len(heads)), unit_end.astype(np.int64), 2 + 2 * tags + unit_end)
        )
        units_before = np.concatenate(([0], np.cumsum(counts)))
        self.documents = units_before + 3 * np.append(tokens.first, total)  # each document's first piece, then the end


def _padded(table: Array) -> Array:
    """`table` (of code points up to `_TOP`) with one False after it: a take clipped to it says
    False for every code point above `_TOP`."""
    return _PADDED[0] if table is _WHITESPACE else _PADDED[1] if table is _ESCAPED else np.append(table, False)


_PADDED = (np.append(_WHITESPACE, False), np.append(_ESCAPED, False))


def _blobs(doc: StoredDocument) -> tuple[bytes, bytes]:
    assert doc.token_bounds is not None  # `_plain`
    return doc.token_bounds


def _labels(batch: Batch) -> OutputLabels:
    assert batch.recipe is not None
    return OutputLabels(batch.recipe.selection)


def _boundaries(blobs: list[bytes], bases: Array) -> tuple[Array, Array]:
    """The packed boundaries (token_batch.pack) of each document, in chunk code points, and
    how many each has: one cumsum over the chunk, each document's running total taken away."""
    raw = [zlib.decompress(blob) for blob in blobs]
    counts = np.fromiter(map(len, raw), dtype=np.int64, count=len(raw)) // 4
    flat = np.cumsum(np.frombuffer(b"".join(raw), dtype="<u4").astype(np.int64))
    ends = np.cumsum(counts)
    before = np.where(ends > 0, flat[np.maximum(ends - 1, 0)] if len(flat) else 0, 0)
    before = np.concatenate(([0], before[:-1]))
    return flat + np.repeat(bases - before, counts), counts


def _ranges(starts: Array, sizes: Array) -> Array:
    """The indices start, start+1, ..., start+size-1 of every (start, size), end to end."""
    total = int(sizes.sum())
    small = total < 2**31 and (not len(starts) or int(starts.max()) + int(sizes.max()) < 2**31)
    step = np.ones(total, dtype=np.int32 if small else np.int64)  # half the memory to write
    heads = np.cumsum(sizes) - sizes
    if len(sizes) and int(sizes.min()) > 0:  # no empty piece (CoNLL's: a word, then its tag): no masks
        before = np.zeros(len(starts), dtype=np.int64)  # the index read just before each piece's first
        np.add(starts[:-1], sizes[:-1] - 1, out=before[1:])
        step[heads] = starts - before
        return np.cumsum(step, dtype=step.dtype)
    used = sizes > 0
    step[heads[used]] = starts[used] - np.concatenate(([0], (starts + sizes - 1)[used][:-1]))
    return np.cumsum(step, dtype=step.dtype)


def _gathered(pieces: Array, sizes: Array) -> Array:
    """Indices reading each piece (start, size) of the source in turn."""
    return _ranges(pieces, sizes)
