"""spaCy's columns of a chunk of ordinary stored documents, made from arrays (issue 17).

The per-document way makes, for each document, a record of Python objects (a `SpanRecord` per
span: `document_record`), unpacks its stored tokens, fits each span to them (`align_spans`),
de-duplicates and sorts them (`unique`), finds the overlapping ones twice (`grouped_overlaps`,
`split_overlaps`) and checks the fit (`verify`): ~0.1 ms a document, most of the exporting
process's time on a 10,000-document export. Here a chunk's token edges come from the stored
blobs by one cumsum (gathered._boundaries), its spans are de-duplicated by one lexsort and
fitted by one searchsorted, and the spans that overlap another are found from the running
maximum of span ends: what `DocBinWriter.write` would hand `DocBinBytes.add`, with the report's
counts and problems (`grouped_overlaps`' own, made in Python for the overlapping spans alone).

Only the common case takes it: a stored document with stored boundaries and tokens, no
relations, links, attributes nor tokens of its own, every span on token boundaries. Anything
else is left to the per-document way (None), so the bytes and the report are the same
(tests/workspace/test_export_spacy_raw.py checks them).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

import numpy as np

from desktop.formats.records import DocumentRecord
from desktop.formats.spacy_chunks import ChunkSpans
from desktop.storage.export_document import Row, StoredDocument
from desktop.storage.export_unread import SpansColumns
from desktop.workspace.export.gathered import _boundaries
from desktop.workspace.export.records import OutputLabels
from desktop.workspace.export.report import GROUPED, Entry
from desktop.workspace.export.written import Recipe

CHUNK = 250  # stored documents read before a chunk is made
type Array = np.ndarray


class Edges:
    """A document's token starts and ends as arrays (what `spacy_chunks.token_edges` reads): slices of
    its chunk's, in the chunk's characters, never changed once made; `shift` is where the document
    starts there (its own offsets: starts - shift). The writer adds its own shift once a shard."""

    __slots__ = ("ends", "shift", "starts")

    def __init__(self, starts: Array, ends: Array, shift: int) -> None:
        self.starts, self.ends, self.shift = starts, ends, shift

    def __len__(self) -> int:
        return len(self.starts)


@dataclass(slots=True)
class RawDocument(DocumentRecord):
    """A document whose spaCy columns were made with its chunk's: `DocBinWriter.add`'s arguments
    (tokens, entities, the `sc` group, the missing ranges) and what the report counts of it."""

    edges: Edges | None = None
    ents: Sequence[tuple[int, int, str]] = ()  # SpanViews of the chunk's arrays
    group: Sequence[tuple[int, int, str]] = ()
    missing: Sequence[tuple[int, int]] = ()
    labels: list[str] = field(default_factory=list)  # of the spans written, in order
    problems: list[Entry] = field(default_factory=list)  # grouped overlaps, as plain data


Record = Callable[[StoredDocument], DocumentRecord]  # the per-document way's record of a stored document


def documents(stored: Iterator[StoredDocument], recipe: Recipe, record: Record) -> Iterator[DocumentRecord]:
    """`stored`, in order, each as a `RawDocument` where its chunk's arrays make it, else as
    `record(doc)` makes it (the per-document way)."""
    labels = OutputLabels(recipe.selection)
    chunk: list[StoredDocument] = []
    for doc in stored:
        chunk.append(doc)
        if len(chunk) == CHUNK:
            yield from _made(chunk, recipe, labels, record)
            chunk = []
    yield from _made(chunk, recipe, labels, record)


def until_unstored(
    made: Iterator[DocumentRecord], tokenised: Callable[[Iterator[DocumentRecord]], Iterator[DocumentRecord]]
) -> Iterator[DocumentRecord]:
    """`made`, in order, straight while every document has stored boundaries; from the first that
    has none, the rest through `tokenised` (token_workers: tokenised on every core, the boundaries
    kept). Through it from the start, its first ~1M characters of documents were held before any
    was written (~7 MB of `RawDocument`s), and every document passed its chunk's job check."""
    for doc in made:
        if doc.token_bounds is None:
            yield from tokenised(chain([doc], made))
            return
        yield doc


def _made(
    chunk: list[StoredDocument], recipe: Recipe, labels: OutputLabels, record: Record
) -> Iterator[DocumentRecord]:
    if not chunk:
        return
    fast = [i for i, d in enumerate(chunk) if _plain(d)]
    made: list[RawDocument | None] = [None] * len(chunk)
    if fast:
        for i, raw in zip(fast, raw_documents([chunk[i] for i in fast], recipe.annotators, labels), strict=True):
            made[i] = raw
    for doc, raw in zip(chunk, made, strict=True):
        yield record(doc) if raw is None else raw


def _plain(doc: StoredDocument) -> bool:
    return (
        doc.token_bounds is not None
        and not doc.relations
        and not doc.links
        and not doc.attributes
        and bool(doc.text)
        and "tokens" not in doc.meta  # a CoNLL file's own tokens (document_record reads them)
        and "sentences" not in doc.meta
    )


def raw_documents(
    docs: list[StoredDocument], annotators: dict[int, str], labels: OutputLabels
) -> list[RawDocument | None]:
    """Each document's `RawDocument`, or None for one to write the per-document way."""
    texts = [d.text for d in docs]
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    bases = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    flat, counts = _boundaries([d.token_bounds[0] for d in docs if d.token_bounds is not None], bases)  # all: _plain
    starts, ends, count = flat[0::2], flat[1::2], counts // 2
    first_token = np.concatenate(([0], np.cumsum(count)[:-1]))
    bad = count == 0  # no tokens stored: prepare_item tokenises again
    spans = _Spans(docs, annotators, labels, lengths, bad)
    doc, first, end = spans.aligned(bases, starts, ends, first_token, count, bad)
    keep = ~bad[doc]
    doc, first, end = doc[keep], first[keep], end[keep]
    start, stop, label, row = spans.start[keep], spans.end[keep], spans.label[keep], spans.row[keep]
    # A span overlaps another when it is in a run of spans each starting before the furthest end so far
    # (documents apart: each in its own characters of the chunk), as split_overlaps finds them.
    lo, hi = start + bases[doc], stop + bases[doc]
    alone = np.ones(len(lo), dtype=bool)
    alone[1:] = lo[1:] >= np.maximum.accumulate(hi)[:-1]
    run = np.cumsum(alone) - 1
    grouped = np.bincount(run)[run] > 1
    # Each document's entities and overlapping spans are views of its chunk's arrays (spacy_chunks.ChunkSpans):
    # DocBinBytes.add notes them as runs, no tuple is made of them here.
    chunk_names = spans.names.tolist()
    lone = ~grouped
    ents = ChunkSpans(first[lone], end[lone], label[lone], chunk_names, doc[lone], len(docs))
    group = ChunkSpans(first[grouped], end[grouped], label[grouped], chunk_names, doc[grouped], len(docs))
    name_list = spans.names[label].tolist()
    problems = spans.problems(
        docs, doc[grouped], row[grouped], start[grouped], stop[grouped], spans.names[label[grouped]]
    )
    at, group_at = _offsets(np.bincount(doc, minlength=len(docs))), group.at
    base, begin, size, skip = bases.tolist(), first_token.tolist(), count.tolist(), bad.tolist()
    out: list[RawDocument | None] = []
    for k, stored in enumerate(docs):
        if skip[k]:
            out.append(None)
            continue
        s, e, g, h = begin[k], begin[k] + size[k], group_at[k], group_at[k + 1]
        raw = RawDocument(
            stored.text,
            name=stored.name,
            id=stored.id,
            content_hash=stored.content_hash,
            token_bounds=stored.token_bounds,
            edges=Edges(starts[s:e], ends[s:e], base[k]),
            ents=ents.view(k, s),
            group=group.view(k, s),
            missing=group.view(k, s, pairs=True),
            labels=name_list[at[k] : at[k + 1]],
        )
        if g < h:
            raw.problems = problems[g:h]
        out.append(raw)
    return out


def _offsets(counts: Array) -> list[int]:
    """Where each document's items start in its chunk's, and where the last one's end."""
    return np.concatenate(([0], np.cumsum(counts))).tolist()


class _Spans:
    """A chunk's spans as `document_record` then `align.unique` keep them, by document then
    (start, end, label), of the same (start, end, label) the first annotator's (by name), of the
    same key the first row. A document with a span out of its text or of an unknown annotator is
    marked `bad` (the per-document way says so)."""

    def __init__(
        self, docs: list[StoredDocument], annotators: dict[int, str], labels: OutputLabels, lengths: Array, bad: Array
    ) -> None:
        self.annotators = annotators
        empty = np.zeros(0, dtype=np.int64)
        self.doc, self.start, self.end, self.label, self.row = empty, empty, empty, empty, empty
        self.names = np.array([], dtype=object)
        read = _read_columns(docs)
        if read is None:  # rows: read by streams, or already made
            self.rows: list[Row] | None = [row for doc in docs for row in doc.spans]
            per_doc = np.fromiter(map(len, (doc.spans for doc in docs)), dtype=np.int64, count=len(docs))
            if not self.rows:
                return
            columns = list(zip(*self.rows))
            raw_labels: Sequence[str] = columns[3]
            ids: Sequence[int] = columns[4]
            start, end = np.array(columns[1], dtype=np.int64), np.array(columns[2], dtype=np.int64)
        else:  # the chunk's columns, no tuple a span
            self.rows = None
            per_doc, numbers, raw_labels, self.origins = read
            if not raw_labels:
                return
            start, end, self.people = numbers[:, 0], numbers[:, 1], numbers[:, 2]
            ids = self.people.tolist()
        mapped = {raw: labels[raw] for raw in set(raw_labels)}
        names = sorted({name for name in mapped.values() if name is not None})
        label_of = {raw: -1 if name is None else names.index(name) for raw, name in mapped.items()}
        people = sorted({annotators[i] for i in set(ids) if i in annotators})
        person_of = {i: people.index(annotators[i]) if i in annotators else -1 for i in set(ids)}
        count = len(raw_labels)
        label = np.fromiter(map(label_of.__getitem__, raw_labels), dtype=np.int64, count=count)
        person = np.fromiter(map(person_of.__getitem__, ids), dtype=np.int64, count=count)
        owner = np.repeat(np.arange(len(docs)), per_doc)
        taken = np.flatnonzero(label >= 0)
        bad[owner[taken[person[taken] < 0]]] = True
        row = taken[np.lexsort((taken, person[taken], label[taken], end[taken], start[taken], owner[taken]))]
        same = (owner[row[1:]] == owner[row[:-1]]) & (start[row[1:]] == start[row[:-1]])
        same &= (end[row[1:]] == end[row[:-1]]) & (label[row[1:]] == label[row[:-1]])
        firsts = np.ones(len(row), dtype=bool)
        firsts[1:] = ~same
        row = row[firsts]
        self.doc, self.start, self.end, self.label, self.row = owner[row], start[row], end[row], label[row], row
        self.names = np.array(names, dtype=object)
        size = lengths[self.doc]
        bad[self.doc[~((self.start >= 0) & (self.start < self.end) & (self.end <= size))]] = True

    def aligned(
        self, bases: Array, starts: Array, ends: Array, first_token: Array, count: Array, bad: Array
    ) -> tuple[Array, Array, Array]:
        """Each span's document, first token and end token (chunk indices); a document with a
        span off its own tokens' boundaries is marked `bad` (misaligned: the policy's problems)."""
        total = len(starts)
        s, e = self.start + bases[self.doc], self.end + bases[self.doc]
        first, last = np.searchsorted(starts, s), np.searchsorted(ends, e)
        inside = np.minimum(first, max(total - 1, 0)), np.minimum(last, max(total - 1, 0))
        exact = (first <= last) & (last < total) & (first >= first_token[self.doc])
        exact &= last < first_token[self.doc] + count[self.doc]
        if total:
            exact &= (starts[inside[0]] == s) & (ends[inside[1]] == e)
        bad[self.doc[~exact]] = True
        return self.doc, np.where(exact, first, 0), np.where(exact, last + 1, 1)

    def problems(
        self, docs: list[StoredDocument], doc: Array, rows: Array, start: Array, end: Array, names: Array
    ) -> list[Entry]:
        """`grouped_overlaps`' problems for the chunk's overlapping spans (by document, in key order),
        as `_count` reports them, as plain data (report.Overlap: ~21,600 on project-10k; made as
        objects they cost the exporting process ~0.1 s). Each span's other is the one reaching
        furthest of those before it in its document (the first to reach that far) when it reaches
        past the span's start, else the next span: found for the chunk at once by running maxima."""
        count = len(rows)
        if not count:
            return []
        fields: list[tuple[int, int, str, str, str, dict[str, Any] | None]] = []
        if self.rows is None:  # columns: no gold provenance (export_source reads those as rows)
            who, origins = self.people[rows].tolist(), self.origins
            for at, s, e, name, i in zip(rows.tolist(), start.tolist(), end.tolist(), names.tolist(), who, strict=True):
                fields.append((s, e, name, self.annotators[i], origins[at], None))
        else:
            for at, name in zip(rows.tolist(), names.tolist(), strict=True):
                row = self.rows[at]
                gold = StoredDocument.provenance(row) if len(row) > 7 else None
                fields.append((row[1], row[2], name, self.annotators[row[4]], row[5], gold))
        index = np.arange(count)
        key = doc * (int(end.max()) + 1) + end  # a document's first span reaches further than any before
        reach = np.maximum.accumulate(key)
        furthest = np.ones(count, dtype=bool)
        furthest[1:] = key[1:] > reach[:-1]
        widest = np.maximum.accumulate(np.where(furthest, index, 0))  # of the spans up to each
        before = np.concatenate(([0], widest[:-1]))
        first = np.ones(count, dtype=bool)
        first[1:] = doc[1:] != doc[:-1]
        other = np.where(~first & (end[before] > start), before, index + 1).tolist()
        owners = [docs[k] for k in doc.tolist()]
        return [
            (d.id, d.name, d.text[f[0] : f[1]], GROUPED, f, fields[o])
            for d, f, o in zip(owners, fields, other, strict=True)
        ]


def _read_columns(docs: list[StoredDocument]) -> tuple[Array, Array, list[str], list[str]] | None:
    """The chunk's spans from its documents' column texts (export_unread.SpansColumns), in their
    rows' order: spans a document, (start, end, annotator id, span id) a span, labels and origins.
    None when some document's spans are rows (read by streams, or already made)."""
    numbers: list[str] = []
    origins: list[str] = []
    labels: list[str] = []
    per_doc = np.zeros(len(docs), dtype=np.int64)
    for k, doc in enumerate(docs):
        text = doc.columns if isinstance(doc, SpansColumns) else None
        if text is None:
            if isinstance(doc, SpansColumns) and not doc.spans:  # `spans` reads no text here: it has none
                continue  # no spans
            return None  # rows: read by streams, or already made
        *columns, origin, label = text.split("\x1f")
        numbers += [column[1:-1] for column in columns]
        origins.append(origin)
        labels.append(label)
        per_doc[k] = columns[0].count(",") + 1
    if not labels:
        return per_doc, np.zeros((0, 4), dtype=np.int64), [], []
    flat = np.fromstring(",".join(numbers), dtype=np.int64, sep=",")
    # Each document's four columns one after another: its span i's are at 4 * first + i + (0, n, 2n, 3n).
    count = per_doc[per_doc > 0]
    first = np.concatenate(([0], np.cumsum(count)[:-1]))
    owner = np.repeat(np.arange(len(count)), count)
    at = 4 * first[owner] + np.arange(len(owner)) - first[owner]
    table = flat[at[:, None] + count[owner][:, None] * np.arange(4)]
    return per_doc, table, _joined(labels), _joined(origins)


def _joined(arrays: Sequence[str]) -> list[str]:
    """JSON arrays of strings (none empty), as one list."""
    joined: list[str] = json.loads("[" + ",".join(text[1:-1] for text in arrays) + "]")
    return joined
