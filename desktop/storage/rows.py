"""Conversions between SQLite rows and domain value objects."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from desktop.core.model import Document, DocumentInfo, Label, Origin, Span

SPAN_COLUMNS = 'id, document_id, start, "end", label, annotator_id, origin, note, created_at, updated_at'
LABEL_COLUMNS = "key, name_fa, name_en, color, hotkey, description, sort_order"

# A row as sqlite3 returns it: the column types are the schema's, which a type checker cannot see.
type Row = tuple[Any, ...]


def inserted_id(cursor: sqlite3.Cursor) -> int:
    """The rowid an INSERT through `cursor` just made (typed Optional by sqlite3: None before any INSERT)."""
    rowid = cursor.lastrowid
    if rowid is None:
        raise RuntimeError("no row was inserted")
    return rowid


def span_from_row(row: Row) -> Span:
    """A span read back from the project (`SPAN_COLUMNS`).

    The schema checked these values when they were written (offsets, origin;
    label keys are checked when the scheme is saved), so the checks of
    `Span.__post_init__` are skipped: they were three quarters of the cost of
    reading a 20,000-span layer. Fields are set through the slots directly.
    """
    sid, doc, start, end, label, annotator, origin, note, created, updated = row
    span = _new_span(Span)
    _SET_DOCUMENT(span, doc)
    _SET_START(span, start)
    _SET_END(span, end)
    _SET_LABEL(span, label)
    _SET_ANNOTATOR(span, annotator)
    _SET_ORIGIN(span, _ORIGINS[origin])
    _SET_NOTE(span, note)
    _SET_ID(span, sid)
    _SET_CREATED(span, created)
    _SET_UPDATED(span, updated)
    return span


_new_span = object.__new__
_ORIGINS = {origin.value: origin for origin in Origin}
(
    _SET_DOCUMENT,
    _SET_START,
    _SET_END,
    _SET_LABEL,
    _SET_ANNOTATOR,
    _SET_ORIGIN,
    _SET_NOTE,
    _SET_ID,
    _SET_CREATED,
    _SET_UPDATED,
) = (
    Span.__dict__[name].__set__
    for name in (
        "document_id",
        "start",
        "end",
        "label",
        "annotator_id",
        "origin",
        "note",
        "id",
        "created_at",
        "updated_at",
    )
)


def span_to_dict(span: Span) -> dict[str, Any]:
    return {
        "id": span.id,
        "document_id": span.document_id,
        "start": span.start,
        "end": span.end,
        "label": span.label,
        "annotator_id": span.annotator_id,
        "origin": str(span.origin),
        "note": span.note,
        "created_at": span.created_at,
        "updated_at": span.updated_at,
    }


def span_from_dict(data: dict[str, Any]) -> Span:
    return Span(
        data["document_id"],
        data["start"],
        data["end"],
        data["label"],
        data["annotator_id"],
        data["origin"],
        data.get("note", ""),
        data.get("id"),
        data.get("created_at", ""),
        data.get("updated_at", ""),
    )


def label_from_row(row: Row) -> Label:
    key, name_fa, name_en, color, hotkey, description, order = row
    return Label(key, name_fa, name_en, color, hotkey, description, order)


def label_to_dict(label: Label) -> dict[str, Any]:
    return {
        "key": label.key,
        "name_fa": label.name_fa,
        "name_en": label.name_en,
        "color": label.color,
        "hotkey": label.hotkey,
        "description": label.description,
        "sort_order": label.order,
    }


def document_from_row(row: Row) -> Document:
    did, name, content_hash, text, raw, meta = row
    # '' in `raw`: the raw original is the stored text (see desktop.storage.documents).
    return Document(did, name, content_hash, text, raw or text, json.loads(meta))


def info_from_row(row: Row) -> DocumentInfo:
    did, name, content_hash, length, meta = row
    return DocumentInfo(did, name, content_hash, length, json.loads(meta))


class RawJson(str):
    """Text that is already what `dumps` would make of a value (passed through as is)."""


# One encoder for every call: json.dumps with options builds a new one each time,
# which is a third of the cost of a span's history row.
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def dumps(value: Any) -> str:
    if isinstance(value, RawJson):
        return value
    return _ENCODER.encode(value)
