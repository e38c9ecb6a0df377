"""Turning one selected document into what its format's writer needs.

Token formats get the document's tokens (the ones its CoNLL file had, else
our tokenizer's), spans fitted to them by the user's policy, overlaps
resolved where the format cannot express them, and output units (sentences
merged where a span crosses a break). Every span is checked against the
text on the way: one that does not fit is reported, never written.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
from collections.abc import Sequence

from desktop.formats.align import Policy, Problem, align_spans, drop_overlaps, grouped_overlaps, unique, units, verify
from desktop.formats.records import DocumentRecord, Range, RelationRecord, SpanRecord
from desktop.formats.writing import ExportItem
from desktop.text.token_batch import unpack, unpack_flat
from desktop.text.tokens import sentences as split_sentences
from desktop.text.tokens import tokenize

SPLIT_NAMES = {2: ("train", "test"), 3: ("train", "dev", "test")}


@dataclasses.dataclass(frozen=True, slots=True)
class Shape:
    """What the chosen format needs from a document."""

    token_based: bool
    overlaps: bool
    keep_annotator: bool  # the format names each span's annotator
    units: str | None  # sentence, document, or None (no units)
    misaligned: Policy
    overlapping: Policy
    overlaps_grouped: bool = False  # overlapping spans are written apart: reported
    flat: bool = False  # the writer takes stored tokens as `FlatRanges` (jsonl, hf, CoNLL; not spaCy)


def prepare_item(doc: DocumentRecord, shape: Shape) -> tuple[ExportItem, list[Problem], int]:
    """The item to write, the problems met, and how many sentence breaks were dropped."""
    spans, problems = _in_range(doc)
    if not shape.token_based:
        if not shape.keep_annotator:
            spans = _once(spans)
        if spans is not doc.spans:
            doc = dataclasses.replace(doc, spans=spans, relations=_onto(doc, spans, same=3))
        return ExportItem(doc), problems, 0
    tokens = doc.tokens if doc.tokens is not None else _stored(doc, 0, shape.flat) or tokenize(doc.text)
    aligned, more = align_spans(spans, tokens, shape.misaligned)
    problems += more
    aligned = unique(aligned, shape.keep_annotator)
    if not shape.overlaps:
        aligned, more = drop_overlaps(aligned, shape.overlapping, len(tokens))
        problems += more
    elif shape.overlaps_grouped:
        problems += grouped_overlaps(aligned)
    verify(tokens, aligned)
    joined, ranges = 0, None
    if shape.units is not None:
        bounds = None
        if shape.units == "sentence":
            bounds = doc.sentences if doc.sentences is not None else _stored(doc, 1) or split_sentences(doc.text)
        ranges, joined = units(tokens, bounds, aligned)
    written = copy.copy(doc)  # dataclasses.replace(doc, spans=...) looks every field up by name
    written.spans = [t.span for t in aligned]
    if doc.relations:  # re-pointed at the fitted spans; those whose ends were dropped are lost (reported)
        fitted = {id(t.source or t.span): i for i, t in enumerate(aligned)}
        written.relations = _onto(doc, [t.source or t.span for t in aligned], fitted, 3 - shape.keep_annotator)
    return ExportItem(written, tokens, aligned, ranges), problems, joined


def _stored(doc: DocumentRecord, which: int, flat: bool = False) -> Sequence[Range] | None:
    """The document's stored tokens (0) or sentences (1), None when none are stored;
    with `flat`, as `FlatRanges`."""
    if doc.token_bounds is None:
        return None
    return (unpack_flat if flat else unpack)(doc.token_bounds[which])


def _once(spans: list[SpanRecord]) -> list[SpanRecord]:
    """Spans once per (start, end, label), for formats without annotators: the first kept."""
    return list({s.key[:3]: s for s in spans}.values())


def _onto(
    doc: DocumentRecord, kept: list[SpanRecord], where: dict[int, int] | None = None, same: int = 4
) -> list[RelationRecord]:
    """The document's relations pointed at `kept` (a subset of its spans, or spans
    standing for them); an end whose span went to a duplicate (the same first `same`
    fields of its key) follows it, one whose span is gone takes the relation with it.
    Each (head, tail, type) once."""
    if not doc.relations:
        return []
    where = where if where is not None else {id(s): i for i, s in enumerate(kept)}
    by_key = {s.key[:same]: i for i, s in enumerate(kept)}
    found: dict[tuple[int, int, str], RelationRecord] = {}
    for r in doc.relations:
        head, tail = (where.get(id(doc.spans[e]), by_key.get(doc.spans[e].key[:same])) for e in (r.head, r.tail))
        if head is not None and tail is not None and head != tail:
            found.setdefault((head, tail, r.type), dataclasses.replace(r, head=head, tail=tail))
    return list(found.values())


def _in_range(doc: DocumentRecord) -> tuple[list[SpanRecord], list[Problem]]:
    """Spans whose offsets fit the text; the project guarantees it, export checks it."""
    length = len(doc.text)
    if all(0 <= span.start < span.end <= length for span in doc.spans):
        return doc.spans, []  # the usual case, checked in one pass
    good, bad = [], []
    for span in doc.spans:
        if 0 <= span.start < span.end <= len(doc.text):
            good.append(span)
        else:
            bad.append(Problem("out_of_range", span, "skipped", detail=f"the text has {len(doc.text)} characters"))
    return good, bad


def split_of(content_hash: str, seed: int, weights: tuple[float, ...]) -> str:
    """The split a document belongs to: a hash of (seed, content), so the choice
    is stable, independent of the other documents, and the same in any project."""
    if not weights:
        return ""
    digest = hashlib.sha256(f"{seed}:{content_hash}".encode()).digest()
    point = int.from_bytes(digest[:8], "big") / 2**64 * sum(weights)
    names = SPLIT_NAMES[len(weights)]
    total = 0.0
    for name, weight in zip(names, weights):
        total += weight
        if point < total:
            return name
    return names[-1]
