"""A stored document as export writes it: labels mapped, spans once each, in key order."""

from __future__ import annotations

from desktop.formats.records import DocumentRecord, SpanRecord
from desktop.storage.export_source import Selection, StoredDocument


class OutputLabels(dict):
    """label -> the label it is exported as (None: left out), worked out once per label."""

    def __init__(self, selection: Selection) -> None:
        super().__init__()
        self.selection = selection

    def __missing__(self, label: str) -> str | None:
        self[label] = mapped = self.selection.output_label(label)
        return mapped


def document_record(doc: StoredDocument, labels: OutputLabels, annotators: dict[int, str]) -> DocumentRecord:
    """The record export writes for a stored document."""
    spans: dict[tuple, SpanRecord] = {}
    for row in doc.spans:
        mapped = labels[row[3]]
        if mapped is None:
            continue
        key = (row[1], row[2], mapped, annotators[row[4]])  # SpanRecord.key
        if key in spans:
            continue  # a merge can make two spans one: keep it once
        spans[key] = SpanRecord(row[1], row[2], mapped, key[3], row[5], doc.provenance(row))
    return DocumentRecord(
        doc.text,
        [spans[k] for k in sorted(spans)],
        export_meta(doc.name, doc.meta),
        name=doc.name,
        id=doc.id,
        tokens=_ranges(doc.meta.get("tokens")),
        sentences=_ranges(doc.meta.get("sentences")),
        content_hash=doc.content_hash,
        done=list(doc.done),
    )


def export_meta(name: str, meta: dict) -> dict:
    """The metadata a document is exported with: the metadata its own file carried
    (annotated imports keep it under `fields`), else just its name. Import
    bookkeeping (paths, dates) stays out, so exports are reproducible."""
    fields = meta.get("fields")
    return fields if isinstance(fields, dict) else {"name": name}


def _ranges(value: object) -> list[tuple[int, int]] | None:
    if not isinstance(value, list):
        return None
    return [(int(a), int(b)) for a, b in value]
