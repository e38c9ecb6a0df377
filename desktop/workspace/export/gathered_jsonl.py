"""`jsonl --tokens` lines of a worker's chunk of stored documents, built from arrays (issue 17).

The per-document path makes Python objects for every span of every line: a `SpanRecord`
(`document_record`), a `TokenSpan` (`prepare_item`: `align_spans`, `unique`, `verify`),
its JSON (`NativeWriter`), and the text is escaped a second time for the line's `"text"`.
For a chunk of ordinary documents this module makes none. Token boundaries come from the
stored blobs as numpy (one cumsum, gathered.py's `_boundaries`); spans are de-duplicated
with one `lexsort` for the chunk and fitted to the tokens with one `searchsorted`; and
every line, whole, is UTF-8 from one `pyarrow.compute.take` (desktop/formats/token_json.py)
over string arrays of:

- the token lists' elements (token_json's pieces and tables, `Lists`);
- each document's escaped text, cut zero-copy from the chunk's escaped text, and each
  span's, gathered from it (spans may overlap: a cut must not go back);
- cached tables of `{"start":n,"end":`, `n,"label":`, `n,"token_end":` and `n}` / `n},`;
- the chunk's own strings: each document's head `{"id":I,"text":"` and middle
  `","meta":M,"tokens":`, each label's `"L","text":"`, each (annotator, origin)'s
  `","annotator":"A","origin":"O","token_start":`, `,"spans":[` and `]}\\n`.

Only the common case takes it: a stored document with stored boundaries (in order, none
empty, inside the text), no relations, rejections, links nor attributes, no tokens of
its own, a text of at most token_json.MAX_CHARS; every span in the text, on token
boundaries, of a known annotator and not gold (provenance). Anything else is None: written
the per-document way, so the bytes are the same (tests/workspace/test_export_gathered_jsonl.py).
"""

from __future__ import annotations

import sys
from json.encoder import encode_basestring as _json_string
from typing import Any

import numpy as np

from desktop.formats import token_json
from desktop.formats.jsonio import dumps
from desktop.storage.export_document import StoredDocument
from desktop.workspace.export.gathered import _boundaries, _ranges
from desktop.workspace.export.records import OutputLabels, export_meta
from desktop.workspace.export.written import Batch, Written

type Array = np.ndarray
_SPAN = 7  # elements a span's JSON is made of


def takes(batch: Batch) -> bool:
    """Whether the batch's options are ones this module writes (its documents are checked apart)."""
    shape = batch.shape
    return (
        batch.format == "jsonl"
        and batch.options.tokens
        and batch.recipe is not None
        and shape.token_based
        and shape.overlaps
        and not shape.overlaps_grouped
        and shape.keep_annotator
        and shape.units is None
        and sys.byteorder == "little"
        and token_json.available()
    )


def gathered_written(batch: Batch) -> list[Written | None]:
    """Each document's `Written`, or None for one to write the per-document way."""
    docs = batch.documents
    out: list[Written | None] = [None] * len(docs)
    fast = [i for i, d in enumerate(docs) if isinstance(d, StoredDocument) and _plain(d)]
    texts = [docs[i].text for i in fast]
    for run in token_json._runs(list(range(len(fast))), texts):
        chosen = [fast[i] for i in run]
        try:
            done = _Lines([docs[i] for i in chosen], batch).written()  # type: ignore[misc]
        except UnicodeEncodeError:  # a lone surrogate: left to the per-document way
            continue
        for i, written in zip(chosen, done):
            out[i] = written
    return out


def _plain(doc: StoredDocument) -> bool:
    return (
        doc.token_bounds is not None
        and 0 < len(doc.text) <= token_json.MAX_CHARS
        and not doc.relations
        and not doc.relation_rejections
        and not doc.links
        and not doc.attributes
        and "tokens" not in doc.meta  # a CoNLL file's own tokens (document_record reads them)
    )


class _Spans:
    """A chunk's spans as written, by document then key (start, end, label, annotator): of the
    same key the first row (`document_record`). Each one's document, offsets in its text,
    label (index into `names`, the output labels in order), annotator (its name's rank in
    `people`) and origin (index into `origins`)."""

    def __init__(self, docs: list[StoredDocument], batch: Batch, bad: Array) -> None:
        rows = [row for doc in docs for row in doc.spans]
        per_doc = np.fromiter(map(len, (doc.spans for doc in docs)), dtype=np.int64, count=len(docs))
        self.names: list[str] = []
        self.people: list[str] = []
        self.origins: list[str] = []
        if not rows:
            self.doc = self.start = self.end = self.label = self.person = self.origin = np.zeros(0, dtype=np.int64)
            return
        columns = list(zip(*rows))
        labels = OutputLabels(batch.recipe.selection)  # type: ignore[union-attr]
        mapped = {raw: labels[raw] for raw in set(columns[3])}
        self.names = sorted({name for name in mapped.values() if name is not None})
        label_of = {raw: -1 if name is None else self.names.index(name) for raw, name in mapped.items()}
        annotators = batch.recipe.annotators  # type: ignore[union-attr]
        self.people = sorted({annotators[i] for i in set(columns[4]) if i in annotators})
        person_of = {i: self.people.index(annotators[i]) if i in annotators else -1 for i in set(columns[4])}
        self.origins = sorted({origin or "imported" for origin in set(columns[5])})
        origin_of = {origin: self.origins.index(origin or "imported") for origin in set(columns[5])}
        count = len(rows)
        label = np.fromiter(map(label_of.__getitem__, columns[3]), dtype=np.int64, count=count)
        person = np.fromiter(map(person_of.__getitem__, columns[4]), dtype=np.int64, count=count)
        origin = np.fromiter(map(origin_of.__getitem__, columns[5]), dtype=np.int64, count=count)
        owner = np.repeat(np.arange(len(docs)), per_doc)
        start, end = np.array(columns[1], dtype=np.int64), np.array(columns[2], dtype=np.int64)
        taken = np.flatnonzero(label >= 0)
        bad[owner[taken[person[taken] < 0]]] = True  # an annotator unknown: document_record says so
        if max(map(len, rows)) > 7 and any(len(row) > 7 and row[7] is not None for row in rows):  # gold: provenance
            gold = np.fromiter((len(row) > 7 and row[7] is not None for row in rows), dtype=bool, count=count)
            bad[owner[gold]] = True
        row = taken[np.lexsort((taken, person[taken], label[taken], end[taken], start[taken], owner[taken]))]
        same = (owner[row[1:]] == owner[row[:-1]]) & (start[row[1:]] == start[row[:-1]])
        same &= (end[row[1:]] == end[row[:-1]]) & (label[row[1:]] == label[row[:-1]])
        same &= person[row[1:]] == person[row[:-1]]
        first = np.ones(len(row), dtype=bool)
        first[1:] = ~same
        row = row[first]
        self.doc, self.start, self.end = owner[row], start[row], end[row]
        self.label, self.person, self.origin = label[row], person[row], origin[row]

    def keep(self, kept: Array) -> None:
        """Only the spans where `kept` (one flag a span) is set."""
        for name in ("doc", "start", "end", "label", "person", "origin"):
            setattr(self, name, getattr(self, name)[kept])


class _Lines:
    def __init__(self, docs: list[StoredDocument], batch: Batch) -> None:
        self.docs = docs
        self.bad = np.zeros(len(docs), dtype=bool)
        self.lengths = np.fromiter((len(d.text) for d in docs), dtype=np.int64, count=len(docs))
        blobs = [d.token_bounds[0] for d in docs]  # type: ignore[index]  # `_plain`
        flat, counts = _boundaries(blobs, np.zeros(len(docs), dtype=np.int64))
        self.odd = bool((counts % 2).any())  # not pairs: nothing here can be trusted
        self.counts = counts // 2
        self.starts, self.ends = flat[0::2], flat[1::2]
        owner = np.repeat(np.arange(len(docs)), self.counts)
        if not self.odd:
            wrong = (self.ends <= self.starts) | (self.ends > self.lengths[owner])
            wrong[1:] |= (self.starts[1:] < self.ends[:-1]) & (owner[1:] == owner[:-1])
            self.bad[owner[wrong]] = True
            self.bad[self.counts == 0] = True  # no tokens stored: prepare_item tokenises again
        self.owner = owner
        self.spans = _Spans(docs, batch, self.bad)

    def written(self) -> list[Written | None]:
        if self.odd:
            return [None] * len(self.docs)
        spans = self.spans
        size = self.lengths[spans.doc]
        self.bad[spans.doc[~((spans.start >= 0) & (spans.start < spans.end) & (spans.end <= size))]] = True
        first, last = self._aligned()
        good = np.flatnonzero(~self.bad)
        if not len(good):
            return [None] * len(self.docs)
        tokens = ~self.bad[self.owner]
        kept = ~self.bad[spans.doc]
        spans.keep(kept)
        first, last = first[kept], last[kept]
        renumber = np.full(len(self.docs), -1, dtype=np.int64)
        renumber[good] = np.arange(len(good))
        spans.doc = renumber[spans.doc]
        chunk = token_json._Chunk(
            [self.docs[k].text for k in good.tolist()], self.starts[tokens], self.ends[tokens], self.counts[good]
        )
        per_doc = np.bincount(spans.doc, minlength=len(good))
        # Around each token list: the head, the text and the middle before; `,"spans":[`, the spans and `]}\n` after.
        lists = chunk.lists((np.full(len(good), 3), 2 + _SPAN * per_doc))
        pieces = lists.pieces
        piece_of = pieces.token_piece - pieces.first[:-1][chunk.doc_of_token]  # each token's piece in its list
        at = chunk.first_token[spans.doc]
        made = _made(self.docs, good, chunk, lists, spans, per_doc, piece_of[at + first], piece_of[at + last])
        out: list[Written | None] = [None] * len(self.docs)
        labels = np.array(spans.names, dtype=object)[spans.label].tolist() if len(spans.names) else []
        labels_at = np.concatenate(([0], np.cumsum(per_doc))).tolist()
        for n, (k, data) in enumerate(zip(good.tolist(), made)):
            out[k] = Written(data, 1, 0, 0, 0, labels[labels_at[n] : labels_at[n + 1]], 0, [])
        return out

    def _aligned(self) -> tuple[Array, Array]:
        """Each span's first and last token in its document; a document with a span off the
        token boundaries goes the per-document way (policy, problems)."""
        spans = self.spans
        taken = ~self.bad
        tokens = taken[self.owner]  # of documents still taken: in order within each, and bands apart
        band = np.int64(token_json.MAX_CHARS + 2)
        starts = (self.starts + self.owner * band)[tokens]
        ends = (self.ends + self.owner * band)[tokens]
        s, e = spans.start + spans.doc * band, spans.end + spans.doc * band
        first, last = np.searchsorted(starts, s), np.searchsorted(ends, e)
        total = len(starts)
        inside = np.minimum(first, max(total - 1, 0)), np.minimum(last, max(total - 1, 0))
        exact = (first <= last) & (last < total)
        if total:
            exact &= (starts[inside[0]] == s) & (ends[inside[1]] == e)
        self.bad[spans.doc[~exact]] = True
        before = np.concatenate(
            ([0], np.cumsum(np.where(taken, self.counts, 0)))
        )  # searched tokens before each document
        begin = before[spans.doc]
        return first - begin, last - begin


def _made(
    docs: list[StoredDocument],
    good: Array,
    chunk: Any,
    lists: token_json.Lists,
    spans: _Spans,
    per_doc: Array,
    token_start: Array,
    token_end: Array,
) -> list[bytes]:
    """Each taken document's line, UTF-8, from one take: the elements around the token lists
    (`lists.index` has their slots free) filled in."""
    count = len(good)
    index = lists.index
    line = np.append(lists.first, len(index))  # where each line's elements begin, then the end
    sources: list[Any] = lists.chunks()
    offset = lists.elements
    # texts: each document's escaped text, cut from the chunk's
    sources.append(token_json.cut_strings(lists.data, lists.offsets[chunk.bases].astype(np.int32)))
    index[line[:-1] + 1] = offset + np.arange(count)
    offset += count
    # each span's escaped text, gathered (spans may overlap)
    base = chunk.bases[:-1][spans.doc]
    byte_start, byte_end = lists.offsets[spans.start + base], lists.offsets[spans.end + base]
    gathered = np.frombuffer(lists.data, dtype=np.uint8)[_ranges(byte_start, byte_end - byte_start)]
    cut = np.concatenate(([0], np.cumsum(byte_end - byte_start))).astype(np.int32)
    sources.append(token_json.cut_strings(gathered.tobytes(), cut))
    span_text = offset + np.arange(len(spans.doc))
    offset += len(spans.doc)
    # the numbers' table
    most = int(lists.pieces.per_doc.max(initial=0))  # pieces in a list
    table, (start_at, label_at, token_end_at, last_at, more_at) = _tables(int(chunk.lengths.max()) + 1, most + 1)
    sources.append(table)
    numbers = offset
    offset += len(table)
    # the chunk's own strings
    strings = _Strings(docs, good, spans)
    sources.append(token_json.utf8_strings(strings.parts))
    mine = offset
    index[line[:-1]] = mine + strings.heads
    index[line[:-1] + 2] = mine + strings.middles
    opens = line[1:] - 2 - _SPAN * per_doc
    index[opens] = mine + strings.open
    index[line[1:] - 1] = mine + strings.close
    rank = np.arange(len(spans.doc)) - np.repeat(np.cumsum(per_doc) - per_doc, per_doc)
    at = opens[spans.doc] + 1 + _SPAN * rank
    last = rank == per_doc[spans.doc] - 1
    index[at] = numbers + start_at + spans.start
    index[at + 1] = numbers + label_at + spans.end
    index[at + 2] = mine + strings.labels + spans.label
    index[at + 3] = span_text
    index[at + 4] = mine + strings.people + spans.person * len(strings.origins) + spans.origin
    index[at + 5] = numbers + token_end_at + token_start
    index[at + 6] = numbers + np.where(last, last_at, more_at) + token_end
    taken = token_json.take(sources, index)
    offsets = taken.offsets[line].tolist()
    return [taken[a:b] for a, b in zip(offsets, offsets[1:])]


class _Strings:
    """The chunk's own strings (`parts`) and where each kind begins: each taken document's
    head and middle, the labels, the (annotator, origin) pairs, the spans' opening and the close."""

    def __init__(self, docs: list[StoredDocument], good: Array, spans: _Spans) -> None:
        chosen = [docs[k] for k in good.tolist()]
        heads = [f'{{"id":{d.id if type(d.id) is int else dumps(d.id)},"text":"' for d in chosen]
        middles = [f'","meta":{_meta(export_meta(d.name, d.meta))},"tokens":' for d in chosen]
        labels = [f'{_json_string(name)},"text":"' for name in spans.names]
        self.origins = spans.origins
        people = [
            f'","annotator":{_json_string(person)},"origin":{_json_string(origin)},"token_start":'
            for person in spans.people
            for origin in spans.origins
        ]
        self.parts = [*heads, *middles, *labels, *people, ',"spans":[', "]}\n"]
        count = len(chosen)
        self.heads = np.arange(count)
        self.middles = count + np.arange(count)
        self.labels = 2 * count
        self.people = self.labels + len(labels)
        self.open = self.people + len(people)
        self.close = self.open + 1


def _meta(meta: dict[str, Any]) -> str:
    """`dumps(meta)`; a document's usual `{"name": name}` put together directly (dumps' encoder costs ~3 µs)."""
    name = meta.get("name")
    if len(meta) == 1 and type(name) is str:
        return f'{{"name":{_json_string(name)}}}'
    return dumps(meta)


_TABLES: list[Any] = []  # [the table as a pyarrow string array, its sizes (offsets, piece ids)]


def _tables(numbers: int, ids: int) -> tuple[Any, tuple[int, int, int, int, int]]:
    """The cached table (grown when too small): `{"start":n,"end":` and `n,"label":` for every
    offset n below `numbers`, then `n,"token_end":`, `n}` (a list's last span) and `n},` for
    every piece id n below `ids`; and where each kind begins."""
    have = _TABLES[1] if _TABLES else (0, 0)
    if have[0] < numbers or have[1] < ids:
        numbers, ids = max(numbers, 2 * have[0], 1 << 13), max(ids, 2 * have[1], 1 << 11)
        parts = [f'{{"start":{n},"end":' for n in range(numbers)]
        parts += [f'{n},"label":' for n in range(numbers)]
        parts += [f'{n},"token_end":' for n in range(ids)]
        parts += [f"{n}}}" for n in range(ids)]
        parts += [f"{n}}}," for n in range(ids)]
        _TABLES[:] = [token_json.utf8_strings(parts), (numbers, ids)]
    numbers, ids = _TABLES[1]
    return _TABLES[0], (0, numbers, 2 * numbers, 2 * numbers + ids, 2 * numbers + 2 * ids)
