"""CoNLL and hf of a worker's chunk of stored documents, built from arrays (issue 17).

The per-document path (`prepare_item` + `ConllWriter` / `HfWriter`) makes Python
objects for every token: its boundaries as ints, its word and tag as strings, the
line. For a chunk of ordinary documents this module makes none. Token and sentence
boundaries stay numpy arrays from the stored blobs, spans (~10 a document) are
fitted to them with one `searchsorted` for the chunk, tags are an int per token,
and the text is one gather from [the chunk's code points + a table of pieces:
`\tB-X\n` for CoNLL; `","`, `B-X","`, each unit's `{"id":...,"tokens":["` for
hf], decoded once and cut per document.

Only the common case takes it: a stored document with stored boundaries, no
relations nor tokens of its own, every span on token boundaries, no span across a
sentence break, BIO; for CoNLL no whitespace inside a token (unless kept) and no
-DOCSTART-, for hf no character inside a token or label that JSON escapes.
Overlaps are dropped here as `align.drop_overlaps` drops them (most documents of a
project have one). Anything else is None: written the per-document way, so the
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
from desktop.storage.export_source import StoredDocument
from desktop.workspace.export.records import OutputLabels
from desktop.workspace.export.report import Overlap
from desktop.workspace.export.written import Batch, Written

_TOP = 0x3000  # no code point above is whitespace (U+3000, ideographic space, is the last)
_WHITESPACE = np.zeros(_TOP + 1, dtype=bool)  # what conll.py's `\s` matches
_WHITESPACE[[m.start() for m in re.finditer(r"\s", "".join(map(chr, range(_TOP + 1))))]] = True
_ESCAPED = np.zeros(_TOP + 1, dtype=bool)  # what json.dumps escapes (ensure_ascii=False): hf.py's words
_ESCAPED[[*range(0x20), ord('"'), ord("\\")]] = True
type Item = tuple[tuple[int, int, str, str], tuple]  # a span's key (SpanRecord.key) and its row
type Array = np.ndarray


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


class _Chunk:
    def __init__(self, docs: list[StoredDocument], batch: Batch) -> None:
        self.docs = docs
        self.batch = batch
        self.labels = _labels(batch)
        texts = [d.text for d in docs]
        self.lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        self.bases = np.concatenate(([0], np.cumsum(self.lengths)[:-1]))
        self.points = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype="<u4")
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
        items = [self._items(k, doc) for k, doc in enumerate(self.docs)]
        first, end, owner = self._aligned(items)
        dropped, problems = self._overlaps(items, first.tolist(), end.tolist())
        kept = np.ones(len(first), dtype=bool)
        kept[dropped] = False
        self._crossing(first[kept], end[kept], owner[kept])
        kept &= ~self.bad[owner]  # a span of a document written the other way tags nothing here
        labels = [key[2] for doc_items in items for key, _ in doc_items]
        tags, names = self._tags(first[kept], end[kept], [labels[i] for i in np.flatnonzero(kept).tolist()])
        tokens = self.tokens
        units = np.concatenate(([0], np.cumsum(self.breaks[:-1])))
        ends = tokens.first + tokens.count
        counts = np.where(tokens.count > 0, units[ends] - units[tokens.first] + 1, 0)
        if self.batch.format == "hf":
            if any(_ESCAPED[min(ord(c), _TOP)] and ord(c) <= _TOP for name in names for c in name):
                return [None] * len(self.docs)  # a label dumps() would escape
            text, at = self._hf_text(tags, names, counts)
        else:
            text, at = self._conll_text(tags, names)
        starts_at, ends_at = at[:-1].tolist(), at[1:].tolist()
        count = counts.tolist()
        out: list[Written | None] = []
        gone = set(dropped)
        index = 0
        for k, doc_items in enumerate(items):
            labels_kept = [key[2] for i, (key, _) in enumerate(doc_items, index) if i not in gone]
            index += len(doc_items)
            if self.bad[k]:
                out.append(None)
                continue
            data = text[starts_at[k] : ends_at[k]].encode("utf-8")
            out.append(Written(data, count[k], 0, 0, 0, labels_kept, 0, problems.get(k, [])))
        return out

    def _inside(self, table: Array) -> Array:
        """Documents with a character of `table` inside a token (CoNLL would replace whitespace,
        JSON escape a quote, a backslash or a control character)."""
        points = self.points
        found = np.concatenate(([0], np.cumsum(table[np.minimum(points, _TOP)] & (points <= _TOP))))
        tokens = self.tokens
        inner = np.concatenate(([0], np.cumsum(found[tokens.ends] > found[tokens.starts])))
        return inner[tokens.first + tokens.count] > inner[tokens.first]

    def _items(self, k: int, doc: StoredDocument) -> list[Item]:
        """The spans `document_record` then `align.unique` keep (by key; not yet fitted)."""
        labels, annotators = self.labels, self.batch.recipe.annotators  # type: ignore[union-attr]
        spans: dict[tuple[int, int, str, str], tuple] = {}
        for row in doc.spans:
            mapped = labels[row[3]]
            if mapped is not None:
                spans.setdefault((row[1], row[2], mapped, annotators[row[4]]), row)
        items = []
        last = None
        size = len(doc.text)
        for key in sorted(spans):
            if not 0 <= key[0] < key[1] <= size:
                self.bad[k] = True  # reported as out of range by prepare_item
            if key[:3] != last:  # the same span in two layers: written once
                last = key[:3]
                items.append((key, spans[key]))
        return items

    def _aligned(self, items: list[list[Item]]) -> tuple[Array, Array, Array]:
        """Each span's first token and end token (chunk indices) and its document; a document
        with a span off the token boundaries goes the per-document way (policy, problems)."""
        starts, ends, owner = [], [], []
        for k, doc_items in enumerate(items):
            base = int(self.bases[k])
            starts += [key[0] + base for key, _ in doc_items]
            ends += [key[1] + base for key, _ in doc_items]
            owner += [k] * len(doc_items)
        s, e, d = (np.array(a, dtype=np.int64) for a in (starts, ends, owner))
        tokens = self.tokens
        first, last = np.searchsorted(tokens.starts, s), np.searchsorted(tokens.ends, e)
        inside = np.minimum(first, tokens.total - 1), np.minimum(last, tokens.total - 1)
        exact = (first <= last) & (last < tokens.total)
        exact &= (tokens.starts[inside[0]] == s) & (tokens.ends[inside[1]] == e)
        self.bad[d[~exact]] = True
        return np.where(exact, first, 0), np.where(exact, last + 1, 1), d

    def _overlaps(self, items: list[list[Item]], first: list[int], end: list[int]) -> tuple[list[int], dict]:
        """Spans dropped for overlapping a longer one (chunk indices), and each document's problems."""
        action = "unresolved" if self.batch.shape.overlapping is Policy.ASK else "skipped"
        dropped: list[int] = []
        problems: dict[int, list[Overlap]] = {}
        at = 0
        for k, doc_items in enumerate(items):
            n = len(doc_items)
            if n > 1 and not self.bad[k] and _overlapping(first[at : at + n], end[at : at + n]):
                lost, problems[k] = _drop(self.docs[k], doc_items, first[at : at + n], end[at : at + n], action)
                dropped += [at + j for j in lost]
            at += n
        return dropped, problems

    def _crossing(self, first: Array, end: Array, owner: Array) -> None:
        """Documents with a span across a sentence break go the per-document way (units merged)."""
        breaks = np.cumsum(self.breaks)
        self.bad[owner[breaks[end - 1] > breaks[first]]] = True

    def _tags(self, first: Array, end: Array, labels: list[str]) -> tuple[Array, list[str]]:
        """Each token's tag (an index into the names returned) for the spans kept."""
        ids: dict[str, int] = {}
        label_ids = np.array([ids.setdefault(label, len(ids)) for label in labels], dtype=np.int64)
        tags = np.zeros(self.tokens.total, dtype=np.int64)  # 0 O, 2i+1 B-label i, 2i+2 I-label i
        inside = end - first - 1
        tags[_ranges(first + 1, inside)] = np.repeat(2 * label_ids + 2, inside)
        tags[first] = 2 * label_ids + 1
        return tags, ["O", *(f"{p}-{label}" for label in ids for p in "BI")]

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

    def _hf_text(self, tags: Array, names: list[str], counts: Array) -> tuple[str, Array]:
        """The chunk's hf lines (hf.py's, ids as ints), and where each document starts in them.
        A unit is [head, word, separator, ..., word, separator, tag, ..., tag] in pieces: the
        head names the unit, a word's separator is `","` but after the last, a tag carries its own."""
        tokens, total = self.tokens, self.tokens.total
        unit_end = self._unit_ends()
        unit_start = np.concatenate(([True], unit_end[:-1]))
        unit = np.cumsum(unit_start) - 1  # each token's unit, in the chunk
        first_token = np.flatnonzero(unit_start)
        size = np.diff(np.append(first_token, total))
        owners = np.repeat(np.arange(len(self.docs)), counts)  # each unit's document
        index = np.arange(len(first_token)) - np.repeat(np.cumsum(counts) - counts, counts)
        ids = [self.docs[k].id for k in owners.tolist()]
        heads = [f'{{"id":"{i}-{n}","document_id":{i},"sentence":{n},"tokens":["' for i, n in zip(ids, index.tolist())]
        table = ['","', '"],"ner_tags":["', *(f"{name}{end}" for name in names for end in ('","', '"]}\n'))]
        lengths = np.array([len(t) for t in table], dtype=np.int64)
        head_lengths = np.fromiter(map(len, heads), dtype=np.int64, count=len(heads))
        table_at = len(self.points) + np.concatenate(([0], np.cumsum(lengths)[:-1]))
        heads_at = len(self.points) + int(lengths.sum()) + np.cumsum(head_lengths) - head_lengths
        pieces = np.empty(len(heads) + 3 * total, dtype=np.int64)
        sizes = np.empty(len(heads) + 3 * total, dtype=np.int64)
        head = np.arange(len(heads)) + 3 * first_token  # each unit's head, in pieces
        pieces[head], sizes[head] = heads_at, head_lengths
        within = np.arange(total) - first_token[unit]
        word = head[unit] + 1 + 2 * within
        pieces[word], sizes[word] = tokens.starts, tokens.ends - tokens.starts
        pieces[word + 1], sizes[word + 1] = table_at[unit_end.astype(np.int64)], lengths[unit_end.astype(np.int64)]
        tag = head[unit] + 1 + 2 * size[unit] + within
        entry = 2 + 2 * tags + unit_end
        pieces[tag], sizes[tag] = table_at[entry], lengths[entry]
        source = np.concatenate((self.points, np.frombuffer("".join(table + heads).encode("utf-32-le"), dtype="<u4")))
        text = source[_gathered(pieces, sizes)].tobytes().decode("utf-32-le", "surrogatepass")
        at = np.concatenate(([0], np.cumsum(sizes)))
        units_before = np.concatenate(([0], np.cumsum(counts)))
        return text, at[units_before + 3 * np.append(tokens.first, total)]


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
    used = sizes > 0
    step[heads[used]] = starts[used] - np.concatenate(([0], (starts + sizes - 1)[used][:-1]))
    return np.cumsum(step, dtype=step.dtype)


def _gathered(pieces: Array, sizes: Array) -> Array:
    """Indices reading each piece (start, size) of the source in turn."""
    return _ranges(pieces, sizes)


def _overlapping(first: list[int], end: list[int]) -> bool:
    """Whether spans in key order (by start) overlap: one starts before an earlier one ends."""
    reach = -1
    for a, b in zip(first, end):
        if a < reach:
            return True
        reach = max(reach, b)
    return False


def _drop(
    doc: StoredDocument, items: list[Item], first: list[int], end: list[int], action: str
) -> tuple[list[int], list[Overlap]]:
    """`align.drop_overlaps` on one document's spans: the ones dropped (indices), their problems
    as plain data (report.Problems makes each `ExportProblem` when it is read)."""
    order = sorted([(a - b, item[0], j) for j, (a, b, item) in enumerate(zip(first, end, items))])
    kept: list[tuple[int, int, int]] = []  # first, end, index: disjoint
    dropped: list[int] = []
    problems: list[Overlap] = []
    for _, _, j in order:
        a, b = first[j], end[j]
        # drop_overlaps names the owner of the first token taken: the kept span starting earliest
        clash = min((k for k in kept if k[0] < b and a < k[1]), default=None)
        if clash is None:
            kept.append((a, b, j))
            continue
        dropped.append(j)
        (start, stop, *_), _ = items[j]
        problems.append(
            (doc.id, doc.name, doc.text[start:stop], action, _fields(doc, items[j]), _fields(doc, items[clash[2]]))
        )
    return dropped, problems


def _fields(doc: StoredDocument, item: Item) -> tuple[Any, ...]:
    """The span's `span_record` fields as `document_record` makes them (a portable document: no
    attributes, no link): start, end, label, annotator, origin, provenance."""
    (start, end, label, annotator), row = item
    return start, end, label, annotator, row[5], doc.provenance(row) if len(row) > 7 else None
