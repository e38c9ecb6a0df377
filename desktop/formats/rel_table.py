"""A relation-extraction table: one JSONL record per candidate pair of spans.

    {"id": "1-0", "document_id": 1, "annotator": "sara", "text": "...", "offset": 0,
     "head_start": 11, "head_end": 25, "head_label": "official", "head_text": "...",
     "tail_start": 27, "tail_end": 47, "tail_label": "title", "tail_text": "...",
     "label": "holds"}

Flat columns of plain types, so `datasets.load_dataset("json", data_files=...)`
reads it as it is. `text` is the document, or with a sentence window the
sentences from the first span's to the last span's, and `offset` says where
it starts in the document: `head_start` etc. are code points into `text`.
A pair of spans of one layer is a candidate when it is within the window and,
when `pairs` lists label pairs, its labels are one of them. Every relation is
a positive record (one per type); with `negatives`, every other ordered
candidate pair is one record labelled `no_relation` (the reverse of a symmetric
relation is not: it is the same fact). Without a window that is every ordered
pair of a document's spans, quadratic in their number: use a window.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from typing import Any

from desktop.formats.jsonio import dumps
from desktop.formats.records import DocumentRecord, Range, SpanRecord
from desktop.formats.writing import ExportItem, Writer
from desktop.text.tokens import sentences

NO_RELATION = "no_relation"


class RelTableWriter(Writer):
    """Candidate pairs of each document; `outside` counts relations the window left out."""

    outside = 0

    def write(self, item: ExportItem) -> None:
        doc = item.document
        window = self.options.window
        bounds = (doc.sentences or sentences(doc.text)) if window is not None else [(0, len(doc.text))]
        starts = [start for start, _ in bounds]
        where = [_sentence(starts, s.start) for s in doc.spans]
        labels: dict[tuple[int, int], set[str]] = {}
        for relation in doc.relations:
            if window is not None and abs(where[relation.head] - where[relation.tail]) > window:
                self.outside += 1
                continue
            labels.setdefault((relation.head, relation.tail), set()).add(relation.type)
        if self.options.negatives:
            symmetric = set(self.options.symmetric)
            related = {(t, h) for (h, t), types in labels.items() if types & symmetric} | labels.keys()
            for pair in self._candidates(doc, where, window):
                if pair not in related:
                    labels[pair] = {NO_RELATION}
        rows = sorted(
            ((h, t, label) for (h, t), types in labels.items() for label in types),
            key=lambda row: (doc.spans[row[0]].key, doc.spans[row[1]].key, row[2]),
        )
        for n, (head, tail, label) in enumerate(rows):
            self._line(dumps(_row(doc, n, doc.spans[head], doc.spans[tail], label, bounds, where, head, tail)))

    def _candidates(self, doc: DocumentRecord, where: list[int], window: int | None) -> Iterator[tuple[int, int]]:
        allowed = set(self.options.pairs)
        by_sentence: dict[int, list[int]] = {}
        for i, sentence in enumerate(where):
            by_sentence.setdefault(sentence, []).append(i)
        for i, head in enumerate(doc.spans):
            near = range(where[i] - window, where[i] + window + 1) if window is not None else by_sentence
            for sentence in near:
                for j in by_sentence.get(sentence, ()):
                    tail = doc.spans[j]
                    if j == i or tail.annotator != head.annotator:
                        continue
                    if not allowed or (head.label, tail.label) in allowed:
                        yield i, j


def _sentence(starts: list[int], offset: int) -> int:
    return max(0, bisect_right(starts, offset) - 1)


def _row(
    doc: DocumentRecord,
    n: int,
    head: SpanRecord,
    tail: SpanRecord,
    label: str,
    bounds: list[Range],
    where: list[int],
    h: int,
    t: int,
) -> dict[str, Any]:
    first, last = min(where[h], where[t]), max(where[h], where[t])
    start = min(bounds[first][0], head.start, tail.start)
    end = max(bounds[last][1], head.end, tail.end)
    row: dict[str, Any] = {
        "id": f"{doc.id}-{n}",
        "document_id": doc.id,
        "annotator": head.annotator or "",
        "text": doc.text[start:end],
        "offset": start,
    }
    for role, span in (("head", head), ("tail", tail)):
        row[f"{role}_start"] = span.start - start
        row[f"{role}_end"] = span.end - start
        row[f"{role}_label"] = span.label
        row[f"{role}_text"] = doc.text[span.start : span.end]
    row["label"] = label
    return row


def relation_names(types: list[str], negatives: bool) -> list[str]:
    """The labels the table can hold, `no_relation` first when negatives are
    written: the order of a `datasets.ClassLabel`."""
    return ([NO_RELATION] if negatives else []) + sorted(set(types) - {NO_RELATION})
