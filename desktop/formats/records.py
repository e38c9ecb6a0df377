"""Format-neutral records: what readers produce and writers consume.

A `DocumentRecord` is one document with its spans as a file carries them:
offsets are Unicode code points, end-exclusive, into `text`. Readers check
every span against its text before a record leaves them, so the import side
never stores a span that does not fit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.core.errors import InputError

Range = tuple[int, int]


@dataclass(frozen=True, slots=True)
class SpanRecord:
    """A labelled range; `annotator` and `origin` only where the format names them."""

    start: int
    end: int
    label: str
    annotator: str | None = None
    origin: str | None = None

    @property
    def key(self) -> tuple[int, int, str, str]:
        """Sort key and identity: offsets, label, annotator."""
        return self.start, self.end, self.label, self.annotator or ""


@dataclass(slots=True)
class DocumentRecord:
    """One document of a file (import) or of a project (export)."""

    text: str
    spans: list[SpanRecord] = field(default_factory=list)
    meta: dict = field(default_factory=dict)  # the user-facing metadata a format carries
    name: str = ""
    id: int | None = None
    tokens: list[Range] | None = None      # a fixed tokenisation (CoNLL), else None
    sentences: list[Range] | None = None   # fixed sentence boundaries, else None
    line: int = 1                          # where the record starts in its file
    content_hash: str = ""


def check_span(text: str, start: object, end: object, label: object, stated: object,
               *, path: str, line: int) -> None:
    """Raise `InputError` (with file and line) unless the span fits `text`."""
    where = {"path": path, "line": line}
    if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool) \
            or isinstance(end, bool):
        raise InputError(f"span offsets must be integers, got {start!r}, {end!r}", **where)
    if not isinstance(label, str) or not label:
        raise InputError(f"span [{start}, {end}) has no label", **where)
    if start < 0 or end <= start:
        raise InputError(f"span [{start}, {end}) {label} is empty, reversed or negative", **where)
    if end > len(text):
        raise InputError(f"span [{start}, {end}) {label} ends past the text "
                         f"({len(text)} characters)", **where)
    if stated is not None and stated != text[start:end]:
        raise InputError(f"span [{start}, {end}) {label}: stated text {stated!r} does not match "
                         f"{text[start:end]!r}", **where)


def check_ranges(text: str, ranges: list[Range], what: str, *, path: str, line: int) -> None:
    """Tokens or sentences must be non-empty, in order, non-overlapping, inside the text."""
    previous_end = 0
    for start, end in ranges:
        if not 0 <= previous_end <= start < end <= len(text):
            raise InputError(f"{what} [{start}, {end}) is out of order, empty or past the text",
                             path=path, line=line)
        previous_end = end
