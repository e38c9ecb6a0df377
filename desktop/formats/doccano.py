"""doccano's sequence-labelling JSONL: `{"text", "label": [[start, end, label], ...]}`.

Metadata travels as extra top-level keys, as doccano writes and reads them.
doccano has no annotator per span, so the same span in two layers is one
entry. Reading also accepts `labels` and the relation-project shape
`entities: [{"start_offset", "end_offset", "label"}]`.
"""

from __future__ import annotations

from typing import Iterator

from desktop.core.errors import InputError
from desktop.formats.jsonio import dumps, each_record, get, require_object
from desktop.formats.records import DocumentRecord, SpanRecord, check_span, display_name
from desktop.formats.writing import ExportItem, Writer

RESERVED = ("id", "text", "label", "labels", "entities", "relations")


class DoccanoWriter(Writer):
    def write(self, item: ExportItem) -> None:
        doc = item.document
        labels = sorted({(s.start, s.end, s.label) for s in doc.spans})
        record = {"id": doc.id, "text": doc.text, "label": [list(entry) for entry in labels]}
        record.update((k, v) for k, v in doc.meta.items() if k not in RESERVED)
        self._line(dumps(record))


def read_doccano(text: str, path: str,
                 problems: list[InputError] | None = None) -> Iterator[DocumentRecord]:
    """Documents of a doccano file; with `problems`, bad records go there."""
    return each_record(text, path, lambda value, line: _record(value, path, line), problems)


def _record(value: object, path: str, line: int) -> DocumentRecord:
    record = require_object(value, path, line)
    body = get(record, "text", str, path, line)
    spans = [_span(body, entry, path, line) for entry in _entries(record, path, line)]
    meta = {k: v for k, v in record.items() if k not in RESERVED}
    name = display_name(meta.get("name"))
    return DocumentRecord(body, spans, meta, name=name, line=line)


def _entries(record: dict, path: str, line: int) -> list:
    for key in ("label", "labels", "entities"):
        if key in record:
            return get(record, key, list, path, line)
    return []


def _span(text: str, entry: object, path: str, line: int) -> SpanRecord:
    if isinstance(entry, list) and len(entry) == 3:
        start, end, label = entry
    elif isinstance(entry, dict):
        start, end, label = entry.get("start_offset"), entry.get("end_offset"), entry.get("label")
    else:
        raise InputError(f"a label entry should be [start, end, label], not {entry!r}",
                         path=path, line=line)
    check_span(text, start, end, label, None, path=path, line=line)
    return SpanRecord(start, end, label)
