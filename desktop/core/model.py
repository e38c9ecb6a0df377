"""Value objects of the domain: labels, annotators, documents and spans.

They validate themselves on construction, so a bad value never travels far.
Offsets are Unicode code points, end-exclusive, into the stored text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_KEY = re.compile(r"^[A-Za-z0-9_\-.]{1,64}$")


class Origin(StrEnum):
    """How a span came to exist."""

    MANUAL = "manual"
    IMPORTED = "imported"
    SUGGESTED = "suggested"


class Status(StrEnum):
    """An annotator's progress on one document."""

    NEW = "new"
    IN_PROGRESS = "in_progress"
    DONE = "done"


def check_label_key(key: str) -> str:
    if type(key) is str and key in _GOOD_KEYS:  # (a str subclass could compare equal, yet not match)
        return key
    if not isinstance(key, str) or not _KEY.fullmatch(key):
        raise ValueError(f"label key {key!r} must be 1-64 letters, digits or _-.")
    if len(_GOOD_KEYS) < 4096:  # a scheme has a few dozen; a hostile file cannot grow it for ever
        _GOOD_KEYS.add(key)
    return key


# Keys that passed: every span checks its label, and an import makes thousands of spans of a
# few labels (the pattern cost a fifth of storing doccano-1k's spans).
_GOOD_KEYS: set[str] = set()


@dataclass(frozen=True, slots=True)
class Label:
    """One entry of the label scheme."""

    key: str
    name_fa: str
    name_en: str
    color: str
    hotkey: str = ""
    description: str = ""
    order: int = 0

    def __post_init__(self) -> None:
        check_label_key(self.key)
        if not _COLOR.fullmatch(self.color):
            raise ValueError(f"label {self.key}: colour {self.color!r} is not #rrggbb")
        if len(self.hotkey) > 1:
            raise ValueError(f"label {self.key}: hotkey {self.hotkey!r} must be one key")
        if not self.name_fa or not self.name_en:
            raise ValueError(f"label {self.key}: both Persian and English names are needed")


@dataclass(frozen=True, slots=True)
class Annotator:
    id: int
    name: str
    kind: str = "human"


@dataclass(frozen=True, slots=True)
class Span:
    """A labelled range of a document in one annotator's layer."""

    document_id: int
    start: int
    end: int
    label: str
    annotator_id: int
    origin: Origin = Origin.MANUAL
    note: str = ""
    id: int | None = None
    created_at: str = ""
    updated_at: str = ""

    def __post_init__(self) -> None:
        check_span_range(self.start, self.end)
        check_label_key(self.label)
        if type(self.origin) is not Origin:  # given as text (a row, a file): made an Origin
            object.__setattr__(self, "origin", Origin(self.origin))

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


def checked_span(document_id: int, start: int, end: int, label: str, annotator_id: int, origin: Origin) -> Span:
    """A new span (no id, note or stamps yet) of values checked already: an import's reader
    checked the offsets against the text and the import each label key. Set through its slots:
    a frozen dataclass's `__init__` sets each field by `object.__setattr__`, ~6x the time (a tenth
    of storing doccano-1k's 5,000 spans); equal to `Span(...)` of the same values."""
    span: Span = _new_span(Span)
    _set_document(span, document_id)
    _set_start(span, start)
    _set_end(span, end)
    _set_label(span, label)
    _set_annotator(span, annotator_id)
    _set_origin(span, origin)
    _set_note(span, "")
    _set_id(span, None)
    _set_created(span, "")
    _set_updated(span, "")
    return span


_new_span = object.__new__
_set_document, _set_start, _set_end, _set_label, _set_annotator = (
    Span.__dict__[name].__set__ for name in ("document_id", "start", "end", "label", "annotator_id")
)
_set_origin, _set_note, _set_id, _set_created, _set_updated = (
    Span.__dict__[name].__set__ for name in ("origin", "note", "id", "created_at", "updated_at")
)


def check_span_range(start: int, end: int, length: int | None = None) -> None:
    """Raise ValueError unless 0 <= start < end (<= length when given)."""
    if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool):
        raise ValueError(f"span offsets must be integers, got {start!r}, {end!r}")
    if start < 0 or end <= start:
        raise ValueError(f"span [{start}, {end}) is empty, reversed or negative")
    if length is not None and end > length:
        raise ValueError(f"span [{start}, {end}) ends past the text ({length} characters)")


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """A document without its text: what lists and stats need."""

    id: int
    name: str
    content_hash: str
    length: int
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Document:
    id: int
    name: str
    content_hash: str
    text: str
    raw: str
    meta: dict[str, Any] = field(default_factory=dict)
