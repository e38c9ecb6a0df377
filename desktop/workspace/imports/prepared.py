"""An imported record made ready to store: its text normalised (or kept verbatim), its spans, tokens
and predictions mapped onto that text, its content hash computed once (the UTF-8 hashed is what its
row binds), and what storing it did (`Stored`). desktop/workspace/imports/store.py stores it."""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field

from desktop.core.errors import InputError
from desktop.formats.records import DocumentRecord, Range
from desktop.text.normalize import normalize


@dataclass(frozen=True, slots=True)
class Prepared:
    """A record ready to store: its (maybe normalised) text, the raw original, the map."""

    record: DocumentRecord
    raw: str
    offsets: str | None  # JSON map stored -> raw; None when the text is verbatim
    _hash: list[str] = field(default_factory=list, compare=False, repr=False)  # computed once
    _utf8: list[bytes] = field(default_factory=list, compare=False, repr=False)  # what was hashed
    # (document id, added) once `PendingRows.stage` placed its document while the file was read
    placed: list[tuple[int, bool]] = field(default_factory=list, compare=False, repr=False)
    # what `store_record` did, once `PendingRows` stored it (and streamed its span rows) while the file was read
    stored: list[Stored] = field(default_factory=list, compare=False, repr=False)

    def content_hash(self) -> str:
        """sha256 of the text to store (asked by the look-up and by the store)."""
        if not self._hash:
            self._utf8.append(self.record.text.encode("utf-8"))
            self._hash.append(hashlib.sha256(self._utf8[0]).hexdigest())
        return self._hash[0]

    def take_utf8(self) -> bytes | None:
        """The text to store in UTF-8, as hashed (`content_hash`), handed over once (its row binds
        these bytes; the str is not encoded again): None once taken."""
        self.content_hash()
        return self._utf8.pop() if self._utf8 else None


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
            raise InputError(
                "span.vanishes", path=path, line=record.line, start=span.start, end=span.end, label=span.label
            )
        spans.append(dataclasses.replace(span, start=start, end=end))
    # A prediction normalisation leaves empty has nothing to suggest: it is dropped, not an error.
    predictions = [
        dataclasses.replace(p, start=a, end=b)
        for p in record.predictions
        for a, b in [result.offsets.stored_span(p.start, p.end)]
        if a < b
    ]
    mapped = dataclasses.replace(
        record,
        text=result.text,
        spans=spans,
        predictions=predictions,
        tokens=_map_ranges(result.offsets, record.tokens),
        sentences=_map_ranges(result.offsets, record.sentences),
    )
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


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
