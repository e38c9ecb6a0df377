"""The metadata an imported document is stored with: where it came from, plus the file's own.

`document_meta` is the dict; `MetaJson` writes its JSON (what `storage.rows.dumps` makes of it:
keys sorted, compact) from parts made once a file, instead of encoding the whole dict per
document: the source, format and time are the same for every document of a file, and
`dumps` of six keys was ~3.4 us a document (doccano-1k: 3.8 ms for its 1,000 documents, with
their dicts; 1.3 ms now).
"""

from __future__ import annotations

from json.encoder import encode_basestring
from pathlib import Path
from typing import Any

from desktop.formats.records import DocumentRecord
from desktop.storage.rows import dumps


def document_meta(record: DocumentRecord, fmt: str, path: Path, normalised: bool, stamp: str) -> dict:
    """Import bookkeeping, plus the file's own metadata under `fields` (what export writes)."""
    meta = {
        "source": str(path),
        "format": fmt,
        "line": record.line,
        "imported_at": stamp,
        "normalized": normalised,
        "fields": record.meta,
    }
    if record.tokens is not None:
        meta["tokens"] = [list(t) for t in record.tokens]
    if record.sentences is not None:
        meta["sentences"] = [list(s) for s in record.sentences]
    return meta


class MetaJson:
    """`dumps(document_meta(record, fmt, path, normalised, stamp))`, for one `stamp`."""

    def __init__(self, stamp: str) -> None:
        self.stamp = stamp
        self._parts: dict[tuple[str, Path], tuple[str, str]] = {}  # (format, path) -> its constant parts

    def __call__(self, record: DocumentRecord, fmt: str, path: Path, normalised: bool) -> str:
        parts = self._parts.get((fmt, path))
        if parts is None:
            middle = f',"format":{dumps(fmt)},"imported_at":{dumps(self.stamp)},"line":'
            parts = self._parts[fmt, path] = (middle, f',"source":{dumps(str(path))}')
        middle, source = parts
        fields = record.meta
        line = record.line
        # Keys in sorted order, as dumps writes them: fields format imported_at line normalized
        # sentences source tokens.
        return "".join(
            (
                '{"fields":',
                _object(fields),
                middle,
                str(line) if type(line) is int else dumps(line),
                ',"normalized":true' if normalised else ',"normalized":false',
                "" if record.sentences is None else ',"sentences":' + dumps([list(s) for s in record.sentences]),
                source,
                "" if record.tokens is None else ',"tokens":' + dumps([list(t) for t in record.tokens]),
                "}",
            )
        )


def _object(fields: Any) -> str:
    """`dumps(fields)`: a file's own metadata is most often a few strings by name (doccano's `name`,
    a source id), written here without the encoder's set-up per call (half the time);
    `encode_basestring` is the escaping `dumps` does (ensure_ascii off), keys in the same order."""
    if type(fields) is not dict:
        return dumps(fields)
    parts = []
    for key in sorted(fields):
        value = fields[key]
        if type(key) is not str or type(value) is not str:
            return dumps(fields)
        parts.append(f"{encode_basestring(key)}:{encode_basestring(value)}")
    return "{" + ",".join(parts) + "}"
