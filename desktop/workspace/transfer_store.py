"""Storing one imported record: its document (or the one already there) and its spans.

A document already in the project (same content hash) is reused and only
gains the spans it lacks, so importing a file twice adds nothing. Spans get
origin `imported`; the native JSONL keeps the origin it states, unless
`--annotator` re-attributes the spans: it is Barchasb's own lossless format,
and a round trip through it must not rewrite the file's history.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from pathlib import Path

from desktop.core.clock import now
from desktop.core.errors import InputError
from desktop.core.model import Annotator, Origin, Span
from desktop.formats.records import DocumentRecord, Range
from desktop.storage.repository import NewDocument, Repository
from desktop.text.normalize import normalize


@dataclass(frozen=True, slots=True)
class Prepared:
    """A record ready to store: its (maybe normalised) text, the raw original, the map."""

    record: DocumentRecord
    raw: str
    offsets: str | None   # JSON map stored -> raw; None when the text is verbatim


@dataclass(frozen=True, slots=True)
class Stored:
    document_id: int
    added: bool
    spans_added: int
    spans_duplicate: int


def prepare(record: DocumentRecord, path: str, normalise: bool) -> Prepared:
    """Verbatim by default; with `normalise`, map spans and tokens onto the new text."""
    if not normalise:
        return Prepared(record, record.text, None)
    result = normalize(record.text, persian=True, reflow=False)
    if result.text == record.text:
        return Prepared(record, record.text, None)
    spans = []
    for span in record.spans:
        start, end = result.offsets.stored_span(span.start, span.end)
        if start >= end:
            raise InputError(f"span [{span.start}, {span.end}) {span.label} vanishes when the "
                             "text is normalised", path=path, line=record.line)
        spans.append(dataclasses.replace(span, start=start, end=end))
    mapped = dataclasses.replace(
        record, text=result.text, spans=spans,
        tokens=_map_ranges(result.offsets, record.tokens),
        sentences=_map_ranges(result.offsets, record.sentences))
    return Prepared(mapped, record.text, result.offsets.to_json())


def _map_ranges(offsets, ranges: list[Range] | None) -> list[Range] | None:
    """Map tokens or sentences; ones merged by normalisation become one."""
    if ranges is None:
        return None
    out: list[Range] = []
    for start, end in ranges:
        start, end = offsets.stored_span(start, end)
        if start >= end:
            continue
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


def store_record(repo: Repository, item: Prepared, fmt: str, path: Path, actor: str,
                 annotator: str | None) -> Stored:
    """Store one record inside the caller's action."""
    record = item.record
    content_hash = sha256(record.text)
    doc_id = repo.scalar("SELECT id FROM documents WHERE content_hash = ?", [content_hash])
    added = doc_id is None
    if added:
        doc_id = repo.insert_document(NewDocument(
            record.name, record.text, item.raw, content_hash, sha256(item.raw), item.offsets,
            _meta(record, fmt, path, item.offsets is not None)))
    existing = {(s.annotator_id, s.start, s.end, s.label) for s in repo.spans(doc_id)}
    people: dict[str, Annotator] = {}
    new = duplicate = 0
    for span in record.spans:
        who = annotator or span.annotator or actor
        if who not in people:
            people[who] = repo.ensure_annotator(who)
        key = (people[who].id, span.start, span.end, span.label)
        if key in existing:
            duplicate += 1
            continue
        keep = fmt == "jsonl" and annotator is None and span.origin in set(Origin)
        origin = Origin(span.origin) if keep else Origin.IMPORTED
        repo.insert_span(Span(doc_id, span.start, span.end, span.label, people[who].id, origin),
                         action="span.import")
        existing.add(key)
        new += 1
    return Stored(doc_id, added, new, duplicate)


def _meta(record: DocumentRecord, fmt: str, path: Path, normalised: bool) -> dict:
    """Import bookkeeping, plus the file's own metadata under `fields` (what export writes)."""
    meta = {"source": str(path), "format": fmt, "line": record.line, "imported_at": now(),
            "normalized": normalised, "fields": record.meta}
    if record.tokens is not None:
        meta["tokens"] = [list(t) for t in record.tokens]
    if record.sentences is not None:
        meta["sentences"] = [list(s) for s in record.sentences]
    return meta


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
