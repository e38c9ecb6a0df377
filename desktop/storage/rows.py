"""Conversions between SQLite rows and domain value objects."""

from __future__ import annotations

import json
from typing import Any

from desktop.core.model import Document, DocumentInfo, Label, Span

SPAN_COLUMNS = 'id, document_id, start, "end", label, annotator_id, origin, note, created_at, updated_at'
LABEL_COLUMNS = "key, name_fa, name_en, color, hotkey, description, sort_order"


def span_from_row(row: tuple) -> Span:
    sid, doc, start, end, label, annotator, origin, note, created, updated = row
    return Span(doc, start, end, label, annotator, origin, note, sid, created, updated)


def span_to_dict(span: Span) -> dict[str, Any]:
    return {
        "id": span.id, "document_id": span.document_id, "start": span.start, "end": span.end,
        "label": span.label, "annotator_id": span.annotator_id, "origin": str(span.origin),
        "note": span.note, "created_at": span.created_at, "updated_at": span.updated_at,
    }


def span_from_dict(data: dict[str, Any]) -> Span:
    return Span(
        data["document_id"], data["start"], data["end"], data["label"], data["annotator_id"],
        data["origin"], data.get("note", ""), data.get("id"), data.get("created_at", ""),
        data.get("updated_at", ""),
    )


def label_from_row(row: tuple) -> Label:
    key, name_fa, name_en, color, hotkey, description, order = row
    return Label(key, name_fa, name_en, color, hotkey, description, order)


def label_to_dict(label: Label) -> dict[str, Any]:
    return {
        "key": label.key, "name_fa": label.name_fa, "name_en": label.name_en,
        "color": label.color, "hotkey": label.hotkey, "description": label.description,
        "sort_order": label.order,
    }


def document_from_row(row: tuple) -> Document:
    did, name, content_hash, text, raw, meta = row
    return Document(did, name, content_hash, text, raw, json.loads(meta))


def info_from_row(row: tuple) -> DocumentInfo:
    did, name, content_hash, length, meta = row
    return DocumentInfo(did, name, content_hash, length, json.loads(meta))


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
