"""Format-neutral records: what readers produce and writers consume.

A `DocumentRecord` is one document with its spans as a file carries them:
offsets are Unicode code points, end-exclusive, into `text`. Readers check
every span against its text before a record leaves them, so the import side
never stores a span that does not fit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from desktop.core.errors import InputError

Range = tuple[int, int]
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]+")
MAX_NAME = 200


@dataclass(frozen=True, slots=True)
class SpanRecord:
    """A labelled range; `annotator` and `origin` only where the format names them."""

    start: int
    end: int
    label: str
    annotator: str | None = None
    origin: str | None = None
    provenance: dict[str, Any] | None = field(default=None, compare=False)  # gold spans
    # The layer above spans (issue 15), empty unless the format carries it: typed values
    # by field name, the id of an `EntityRecord` of the same document record, a free note.
    attributes: dict[str, Any] = field(default_factory=dict, compare=False)
    entity: int | None = field(default=None, compare=False)
    note: str = field(default="", compare=False)

    @property
    def key(self) -> tuple[int, int, str, str]:
        """Sort key and identity: offsets, label, annotator."""
        return self.start, self.end, self.label, self.annotator or ""

    def __reduce__(self) -> tuple[type[SpanRecord], tuple[Any, ...]]:
        # Pickled by its fields in order: an export sends every span to its workers, and the
        # dataclass default (a state dict built through `fields()`) cost 2.5x as much.
        fields = (self.provenance, self.attributes, self.entity, self.note)
        return SpanRecord, (self.start, self.end, self.label, self.annotator, self.origin, *fields)


def span_record(
    start: int,
    end: int,
    label: str,
    annotator: str | None,
    origin: str | None,
    provenance: dict[str, Any] | None,
    attributes: dict[str, Any],
    entity: int | None,
) -> SpanRecord:
    """`SpanRecord(start, end, label, annotator, origin, provenance, attributes, entity)`,
    set through its slots: a frozen dataclass's `__init__` sets each field by
    `object.__setattr__`, ~3x the time (export makes one per stored span)."""
    span: SpanRecord = _new_span(SpanRecord)
    _set_start(span, start)
    _set_end(span, end)
    _set_label(span, label)
    _set_annotator(span, annotator)
    _set_origin(span, origin)
    _set_provenance(span, provenance)
    _set_attributes(span, attributes)
    _set_entity(span, entity)
    _set_note(span, "")
    return span


_new_span = object.__new__
_set_start, _set_end, _set_label, _set_annotator, _set_origin = (
    SpanRecord.__dict__[name].__set__ for name in ("start", "end", "label", "annotator", "origin")
)
_set_provenance, _set_attributes, _set_entity, _set_note = (
    SpanRecord.__dict__[name].__set__ for name in ("provenance", "attributes", "entity", "note")
)


@dataclass(frozen=True, slots=True)
class RelationRecord:
    """A typed link between two spans of one layer: `head` and `tail` index the
    document record's `spans` list (not span ids: a file has none)."""

    head: int
    tail: int
    type: str
    annotator: str | None = None
    origin: str | None = None
    note: str = ""
    provenance: dict[str, Any] | None = field(default=None, compare=False)  # gold relations


@dataclass(frozen=True, slots=True)
class EntityRecord:
    """An entity mentions link to; `id` is the file's own number for it (the same
    entity in every record of one file), a project's entity id on export."""

    id: int
    name: str
    type: str  # a label key
    aliases: tuple[str, ...] = ()
    external_id: str = ""


@dataclass(frozen=True, slots=True)
class PredictionRecord:
    """A span a model proposed (Label Studio's `predictions`): imported, when asked,
    as a pending suggestion from `model` with its `score` (0-1)."""

    start: int
    end: int
    label: str
    model: str
    score: float = 1.0


@dataclass(slots=True)
class DocumentRecord:
    """One document of a file (import) or of a project (export)."""

    text: str
    spans: list[SpanRecord] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)  # the user-facing metadata a format carries
    name: str = ""
    id: int | None = None
    tokens: list[Range] | None = None  # a fixed tokenisation (CoNLL), else None
    sentences: list[Range] | None = None  # fixed sentence boundaries, else None
    line: int = 1  # where the record starts in its file
    content_hash: str = ""
    # Layers that finished the document: export writes an empty annotation for those
    # without spans (Label Studio); import marks them done (None: the importing user).
    done: list[str | None] = field(default_factory=list)
    relations: list[RelationRecord] = field(default_factory=list)  # between `spans`, by index
    entities: list[EntityRecord] = field(default_factory=list)  # those the spans link to
    # The review's relation rejections (gold's decisions, travelling with gold): ends as [start, end, label].
    relation_rejections: list[dict[str, Any]] = field(default_factory=list)
    predictions: list[PredictionRecord] = field(default_factory=list)  # read only when asked
    # Export: the project's stored boundaries of `tokenize` and `sentences` for the text, packed
    # (desktop/text/token_batch.py), used where `tokens`/`sentences` are None; None: not stored.
    token_bounds: tuple[bytes, bytes] | None = None

    def __reduce__(self) -> tuple[type[DocumentRecord], tuple[Any, ...]]:
        # Pickled by its fields in order (a large token export sends every record to a worker):
        # the slots dataclass default builds its state through `fields()` for each one.
        return DocumentRecord, tuple([getattr(self, name) for name in _DOCUMENT_FIELDS])


_DOCUMENT_FIELDS = DocumentRecord.__slots__


def check_label(start: object, end: object, label: object, *, path: str, line: int) -> tuple[int, int, str]:
    """Raise `InputError` unless the offsets are integers and `label` a one-line key: checked before
    anything else names the label in a message (an error is one line). Returns them, checked."""
    if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool) or isinstance(end, bool):
        raise InputError("span.offsets_not_integers", path=path, line=line, start=start, end=end)
    if not isinstance(label, str) or not label:
        raise InputError("span.no_label", path=path, line=line, start=start, end=end)
    if _CONTROLS.search(label):  # e.g. "place\n", which a `$` in a pattern lets through
        raise InputError("span.label_controls", path=path, line=line, start=start, end=end, label=label)
    return start, end, label


def check_span(
    text: str, start: object, end: object, label: object, stated: object, *, path: str, line: int
) -> tuple[int, int, str]:
    """Raise `InputError` (with file and line) unless the span fits `text`; returns (start, end, label), checked."""
    start, end, label = check_label(start, end, label, path=path, line=line)
    if start < 0 or end <= start:
        raise InputError("span.empty", path=path, line=line, start=start, end=end, label=label)
    if end > len(text):
        raise InputError("span.past_text", path=path, line=line, start=start, end=end, label=label, length=len(text))
    if stated is not None and stated != text[start:end]:
        raise InputError(
            "span.text_mismatch",
            path=path,
            line=line,
            start=start,
            end=end,
            label=label,
            stated=stated,
            actual=text[start:end],
        )
    return start, end, label


def check_ranges(text: str, ranges: list[Range], *, path: str, line: int) -> None:
    """Tokens must be non-empty, in order, non-overlapping, inside the text."""
    previous_end = 0
    for start, end in ranges:
        if not 0 <= previous_end <= start < end <= len(text):
            raise InputError("token.out_of_order", path=path, line=line, start=start, end=end)
        previous_end = end


def display_name(value: object) -> str:
    """A document name fit for one line of a list or a terminal: control
    characters (a newline, an escape sequence) become a space. The file's own
    metadata keeps the name as it was."""
    return _CONTROLS.sub(" ", value).strip() if isinstance(value, str) else ""


def annotator_name(value: object, *, path: str, line: int) -> str | None:
    """The annotator a file names, None when it names none; a name that could not
    be shown on one line (control characters) or is absurdly long is refused,
    not changed: it says who did the work."""
    if not isinstance(value, str) or not value.strip():
        return None
    if _CONTROLS.search(value) or len(value) > MAX_NAME:
        shown = value if len(value) <= 40 else value[:40] + "..."
        raise InputError("annotator.bad_name", path=path, line=line, name=shown, limit=MAX_NAME)
    return value
