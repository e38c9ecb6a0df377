"""doccano's sequence-labelling JSONL: `{"text", "label": [[start, end, label], ...]}`.

Metadata travels as extra top-level keys, as doccano writes and reads them.
doccano has no annotator per span, so the same span in two layers is one
entry. Reading also accepts `labels` and the relation-project shape
`entities: [{"start_offset", "end_offset", "label"}]`, with its `relations`
(desktop.formats.doccano_relations), which writing gives with `relations` on.

Offsets: doccano's web UI counts UTF-16 units (JavaScript string indices), so
a span drawn after an emoji is one unit further per emoji than in code
points. Both sides take the unit (`utf16`, the default, or `codepoints`) and
convert exactly (see `desktop.formats.offsets`).

doccano 1.8's export adds keys of its own to every line: `id` (its example
id, or the `id` the imported line had), `Comments` (a list, usually empty)
and, because it writes through a pandas table, every metadata key of the
project with `null` where a document has none. Reading drops an empty
`Comments` and null keys, so a round trip through doccano adds no metadata.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from typing import Any

from desktop.core.errors import InputError
from desktop.formats.doccano_relations import read_relations
from desktop.formats.jsonio import each_record, get, require_object
from desktop.formats.links import check_links
from desktop.formats.offsets import CODEPOINTS, UNITS, UTF16, OffsetInsidePair, Utf16Map, json_bmp_only
from desktop.formats.records import DocumentRecord, SpanRecord, check_label, check_span, display_name, span_record

RESERVED = ("id", "text", "label", "labels", "entities", "relations")
COMMENTS = "Comments"  # the key doccano's export adds to every line


def own_meta(record: dict[str, Any]) -> dict[str, Any]:
    """The document's own metadata among a line's keys: not the ones this format
    uses, not the ones doccano's export adds by itself (an empty `Comments`,
    `null` for a key the document does not have)."""
    return {k: v for k, v in record.items() if k not in RESERVED and v is not None and not (k == COMMENTS and v == [])}


def read_doccano(
    text: str, path: str, problems: list[InputError] | None = None, offsets: str = UTF16
) -> Iterator[DocumentRecord]:
    """Documents of a doccano file whose offsets count `offsets` units (utf16 or
    codepoints); with `problems`, bad records go there."""
    if offsets not in UNITS:
        raise InputError("doccano.unknown_unit", path=path, unit=offsets, units=", ".join(UNITS))
    if offsets == UTF16 and json_bmp_only(text):
        offsets = CODEPOINTS  # the same numbers in every record: no record needs its map
    return each_record(text, path, lambda value, line: _record(value, path, line, offsets), problems)


def _record(value: object, path: str, line: int, offsets: str) -> DocumentRecord:
    record = require_object(value, path, line)
    body = get(record, "text", str, path, line)
    units = Utf16Map(body) if offsets == UTF16 else None
    if units is not None and not units.astral:
        units = None  # all in the BMP: UTF-16 units are code points
    entries = _entries(record, path, line)
    spans = _spans(body, entries, units, path, line)
    meta = own_meta(record)
    name = display_name(meta.get("name"))
    doc = DocumentRecord(body, spans, meta, name=name, line=line)
    if "relations" not in record:
        return doc  # spans without relations: no attributes, no entities, nothing to link
    ids = [entry.get("id") if isinstance(entry, dict) else None for entry in entries]
    doc.relations = read_relations(get(record, "relations", list, path, line), ids, path, line)
    return check_links(doc, path=path, line=line)


def _spans(text: str, entries: list[Any], units: Utf16Map | None, path: str, line: int) -> list[SpanRecord]:
    """The entries as spans. The usual `[start, end, label]` in code points, inside the text,
    with a label met before, is taken as it is; anything else goes through `_span`, which
    checks it fully (and says what is wrong with it)."""
    if units is not None:
        return [_span(text, entry, units, path, line) for entry in entries]
    spans = []
    length = len(text)
    for entry in entries:
        if type(entry) is list and len(entry) == 3:
            start, end, label = entry  # (unpacked once, not indexed three times each)
            if (
                type(start) is int
                and type(end) is int
                and 0 <= start < end <= length
                and type(label) is str
                and label in _LABELS_SEEN
            ):
                spans.append(_plain_span(start, end, label))
                continue
        spans.append(_span(text, entry, units, path, line))
    return spans


def _plain_span(start: int, end: int, label: str) -> SpanRecord:
    """`SpanRecord(start, end, label)`, set through its slots (`records.span_record`): a frozen
    dataclass's `__init__` sets each of its nine fields by `object.__setattr__`, ~4x the time (1.4 us
    a span, a third of reading doccano-1k's records); equal to it in every field (tested)."""
    return span_record(start, end, label, None, None, None, {}, None)


def _entries(record: dict[str, Any], path: str, line: int) -> list[Any]:
    for key in ("label", "labels", "entities"):
        if key in record:
            return get(record, key, list, path, line)
    return []


def _span(text: str, entry: object, units: Utf16Map | None, path: str, line: int) -> SpanRecord:
    if isinstance(entry, list) and len(entry) == 3:
        start, end, label = entry
    elif isinstance(entry, dict):
        start, end, label = entry.get("start_offset"), entry.get("end_offset"), entry.get("label")
    else:
        raise InputError("doccano.bad_entry", path=path, line=line, entry=entry)
    if units is not None and _integer(start) and _integer(end):
        check_label(start, end, label, path=path, line=line)  # before a message names the label
        start, end = _from_utf16(text, units, start, end, label, path, line)
    check_span(text, start, end, label, None, path=path, line=line)
    if len(_LABELS_SEEN) < 4096 and type(label) is str:
        _LABELS_SEEN.add(label)  # check_span passed it: a label is checked once, not once per span
    return SpanRecord(start, end, label)


# Labels `check_span` passed (non-empty text without control characters): what it checks of a
# label depends on nothing else, so a span with one of these needs only its offsets checked.
_LABELS_SEEN: set[str] = set()


def _integer(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _from_utf16(
    text: str, units: Utf16Map, start: int, end: int, label: object, path: str, line: int
) -> tuple[int, int]:
    """Code-point offsets of a span stated in UTF-16 units; an offset inside a
    surrogate pair, or past the text, is an error in the file's own units."""
    if end > units.length and start < end:
        raise InputError(
            "doccano.past_text_utf16", path=path, line=line, start=start, end=end, label=label, length=units.length
        )
    try:
        return units.from_utf16(start), units.from_utf16(end)
    except OffsetInsidePair as exc:
        offset = exc.args[0]
        char = text[units.astral[bisect_left(units.high, offset) - 1]]
        raise InputError(
            "doccano.inside_surrogate",
            path=path,
            line=line,
            start=start,
            end=end,
            label=label,
            offset=offset,
            char=char,
            codepoint=f"U+{ord(char):X}",
        ) from exc
