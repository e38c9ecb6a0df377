"""Barchasb's native JSONL: one document per line, spans as character offsets.

    {"id": 1, "text": "...", "meta": {...},
     "tokens": [{"text", "start", "end", "id", "ws"}, ...],          (with --tokens)
     "spans": [{"start", "end", "label", "text", "annotator", "origin",
                "token_start", "token_end",                         (token_* with --tokens)
                "attributes", "entity", "note"}, ...],              (only when set)
     "relations": [{"head", "tail", "type", "annotator", "origin",
                    "note", "provenance"}, ...],                     (only when any; note, provenance when set)
     "entities": [{"id", "name", "type", "aliases", "external_id"}, ...],  (only when any)
     "relation_rejections": [{"head", "tail", "type", "layers",
                              "decided_by", "decided_at"}, ...]}   (gold exported, only when any)

Offsets are code points, end-exclusive (`text[start:end]`); `token_end` is
inclusive, as spaCy's and Prodigy's readers expect. The tokens rebuild the
text exactly (spaCy's convention: whitespace other than one trailing space is
a token of its own, see `desktop.formats.spacing`); reading drops those
whitespace tokens again. A relation's `head` and `tail` index `spans`; a span's
`entity` is the `id` of one of `entities`. A gold span's or gold relation's
`provenance` is the review decision that made it, `relation_rejections` the
relation candidates review refused (ends as [start, end, label]); both are read
back as written. docs/formats.md has the rest.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from json.encoder import encode_basestring as _json_string  # the C function dumps() quotes strings with
from typing import Any, BinaryIO

from desktop.core.errors import InputError
from desktop.formats.jsonio import dumps, each_record, get, require_object
from desktop.formats.links import NO_FIELDS, EntityBook, Fields, check_links, entity_json, read_entity
from desktop.formats.records import (
    DocumentRecord,
    Range,
    RelationRecord,
    SpanRecord,
    annotator_name,
    check_ranges,
    check_span,
    display_name,
)
from desktop.formats.writing import ExportItem, Writer, WriterOptions
from desktop.text.chars import is_separator
from desktop.text.token_batch import FlatRanges

_BOOLEANS = ("false", "true")


class NativeWriter(Writer):
    def __init__(self, out: BinaryIO, options: WriterOptions) -> None:
        super().__init__(out, options)
        self._ahead: dict[int, tuple[ExportItem, bytes, list[int]]] = {}

    def ahead(self, items: Sequence[ExportItem]) -> None:
        """Make the token lists of `items`, about to be written in this order (an export worker's
        chunk), all at once (desktop/formats/token_json.py); each is used by `write(item)`."""
        from desktop.formats import token_json  # numpy (and pyarrow): only where a chunk is written

        wanted = [item for item in items if item.token_spans is not None]
        if len(wanted) < 2 or not token_json.available():
            return
        made = token_json.tokens_json_many(
            [item.document.text for item in wanted], [item.tokens or [] for item in wanted]
        )
        self._ahead = {id(item): (item, *one) for item, one in zip(wanted, made) if one is not None}

    def write(self, item: ExportItem) -> None:
        # The line is joined from the JSON of its parts, each as dumps() writes it in the
        # whole record (its dicts and their key order): a dict per span cost a third of the export.
        doc = item.document
        text = doc.text
        relations = doc.relations
        made = None
        if item.token_spans is None:
            spans = ",".join([_span_json(text, s) for s in doc.spans])
        else:
            made, index = self._tokens_json(item)
            spans = ",".join(
                [_span_json(text, t.span, index[t.token_start], index[t.token_end - 1]) for t in item.token_spans]
            )
            # Relations index `doc.spans`: the fitted spans (export) or those they came from.
            where = {id(x): i for i, t in enumerate(item.token_spans) for x in (t.span, t.source) if x is not None}
            relations = _onto(doc.spans, where, relations)
        rest: dict[str, Any] = {}
        if relations:
            rest["relations"] = [_relation(r) for r in relations]
        if doc.entities:
            rest["entities"] = [entity_json(e) for e in doc.entities]
        if doc.relation_rejections:
            rest["relation_rejections"] = doc.relation_rejections
        more = f",{dumps(rest)[1:-1]}" if rest else ""
        head = f'{{"id":{dumps(doc.id)},"text":{_json_string(text)},"meta":{dumps(doc.meta)}'
        if made is None:
            self._line(f'{head},"spans":[{spans}]{more}}}')
            return
        # The tokens' JSON (ten times the text) is written as it is, not copied into one line first.
        self.out.write(f'{head},"tokens":'.encode())
        self.out.write(made)
        self.out.write(f',"spans":[{spans}]{more}}}\n'.encode())
        self.records += 1

    def _tokens_json(self, item: ExportItem) -> tuple[bytes, list[int]]:
        """The item's token list as JSON (made by `ahead`, else now) and each token's index in it."""
        ahead = self._ahead.pop(id(item), None)
        if ahead is not None and ahead[0] is item:
            return ahead[1], ahead[2]
        # The tokens' JSON is made apart, token by token as dumps() would (a dict each cost 2x)
        made, index = tokens_json_text(item.document.text, item.tokens or [])
        return made.encode(), index


def _onto(spans: list[SpanRecord], where: dict[int, int], relations: list[RelationRecord]) -> list[RelationRecord]:
    """The relations whose both ends were written, re-pointed at the written spans."""
    kept = []
    for r in relations:
        head, tail = where.get(id(spans[r.head])), where.get(id(spans[r.tail]))
        if head is not None and tail is not None:
            kept.append(RelationRecord(head, tail, r.type, r.annotator, r.origin, r.note, r.provenance))
    return kept


def _relation(relation: RelationRecord) -> dict[str, Any]:
    out = {
        "head": relation.head,
        "tail": relation.tail,
        "type": relation.type,
        "annotator": relation.annotator or "",
        "origin": relation.origin or "imported",
    }
    if relation.note:
        out["note"] = relation.note
    if relation.provenance is not None:  # a gold relation: the review decision that made it
        out["provenance"] = relation.provenance
    return out


def _span(text: str, span: SpanRecord) -> dict[str, Any]:
    out = {
        "start": span.start,
        "end": span.end,
        "label": span.label,
        "text": text[span.start : span.end],
        "annotator": span.annotator or "",
        "origin": span.origin or "imported",
    }
    if span.provenance is not None:  # a gold span: the review decision that made it
        out["provenance"] = span.provenance
    if span.attributes:
        out["attributes"] = span.attributes
    if span.entity is not None:
        out["entity"] = span.entity
    if span.note:
        out["note"] = span.note
    return out


def _span_json(text: str, span: SpanRecord, token_start: int | None = None, token_end: int | None = None) -> str:
    """`dumps()` of the span's `_span` dict (with `token_start` and `token_end` last when given);
    a plain span's (no provenance, attributes, entity or note) put together directly."""
    if span.provenance is not None or span.attributes or span.entity is not None or span.note:
        out = _span(text, span)
        if token_start is not None:
            out["token_start"], out["token_end"] = token_start, token_end
        return dumps(out)
    tail = "}" if token_start is None else f',"token_start":{token_start},"token_end":{token_end}}}'
    return (
        f'{{"start":{span.start},"end":{span.end},"label":{_json_string(span.label)},'
        f'"text":{_json_string(text[span.start : span.end])},"annotator":{_json_string(span.annotator or "")},'
        f'"origin":{_json_string(span.origin or "imported")}{tail}'
    )


def tokens_json_text(text: str, tokens: Sequence[Range]) -> tuple[str, list[int]]:
    """Prodigy/spaCy-style tokens as JSON (what dumps() writes for their list of
    {"text", "start", "end", "id", "ws"} objects), whitespace tokens included, so that
    the words and their `ws` (one space follows) rebuild `text`; plus the index in that
    list of each of `tokens`. Made a document at a time with no Python per token (a
    tuple and an f-string per token were most of `jsonl --tokens`): the pieces
    (`spacing.pieces`) worked out with numpy, their texts escaped at once and cut
    apart by `str.split`, the JSON joined from fragments placed by slice assignment."""
    import numpy as np

    starts, ends, spaced, index = _pieces(np, text, tokens)
    count = len(starts)
    if not count:
        return "[]", []
    numbers, fragments = _cached(np, len(text) + 1)
    parts = _PIECE * count
    parts[0] = '[{"text":"'
    parts[1::9] = _piece_texts(np, text, starts, ends, spaced)
    parts[3::9] = numbers[starts].tolist()
    parts[5::9] = numbers[ends].tolist()
    parts[7::9] = numbers[:count].tolist()
    parts[8::9] = fragments[spaced.view(np.uint8)].tolist()
    parts[-1] += "]"  # the list's brackets in the first and last fragments: the JSON is joined once
    return "".join(parts), index.tolist()


# A character no JSON escape makes (private use): it marks where one piece's text ends.
_CUT = "\ue000"
# One piece's fragments: text, start, end, id and ws go in slots 1, 3, 5, 7 and 8.
_PIECE: list[str] = [',{"text":"', "", '","start":', "", ',"end":', "", ',"id":', "", ""]


def _piece_texts(np: Any, text: str, starts: Any, ends: Any, spaced: Any) -> list[str]:
    """Each piece's text as a JSON string's inside. The pieces cover the text but for
    the spaces that are tokens' `ws`: those become the cut after their token, and a cut
    goes in after every other piece; the whole is escaped once (escapes are per
    character) and split at the cuts."""
    if _CUT in text:
        return [_json_string(text[a:b])[1:-1] for a, b in zip(starts.tolist(), ends.tolist())]
    chars = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4").copy()
    cut = ord(_CUT)
    chars[ends[spaced]] = cut
    marked = np.insert(chars, ends[~spaced], cut)
    joined = marked.tobytes().decode("utf-32-le", "surrogatepass")
    return _json_string(joined)[1:-1].split(_CUT)[:-1]


_CACHE: list[Any] = []  # str(n) for n up to some length, and the two ws fragments, as numpy object arrays


def _cached(np: Any, count: int) -> list[Any]:
    """[str(n) for n in range(count or more), the ws fragments], numpy object arrays (indexed at C speed)."""
    if not _CACHE or len(_CACHE[0]) < count:
        size = max(count, 2 * len(_CACHE[0]) if _CACHE else 1 << 16)
        _CACHE[:] = [np.array([str(n) for n in range(size)], dtype=object)]
        _CACHE.append(np.array([',"ws":false}', ',"ws":true}'], dtype=object))
    return _CACHE


def _pieces(np: Any, text: str, tokens: Sequence[Range]) -> tuple[Any, Any, Any, Any]:
    """`spacing.pieces(text, tokens)` as arrays: starts, ends, ws flags, and each token's piece index."""
    length, count = len(text), len(tokens)
    if not count:
        empty = np.zeros(0, dtype=np.int64)
        if not length:
            return empty, empty, empty.astype(bool), empty
        return np.array([0]), np.array([length]), np.zeros(1, dtype=bool), empty
    if isinstance(tokens, FlatRanges):  # stored tokens
        starts, ends = np.array(tokens.starts, dtype=np.int64), np.array(tokens.ends, dtype=np.int64)
    else:
        flat = np.array(tokens, dtype=np.int64).reshape(count, 2)
        starts, ends = flat[:, 0], flat[:, 1]
    after = np.empty(count, dtype=np.int64)
    after[:-1], after[-1] = starts[1:], length
    chars = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    spaced = (ends < after) & (chars[np.minimum(ends, length - 1)] == 32)  # one space is the token's
    gap_from = ends + spaced
    gaps = gap_from < after  # the rest, up to the next token, a piece of its own
    lead = int(starts[0] > 0)
    index = lead + np.arange(count) + np.cumsum(gaps) - gaps
    total = lead + count + int(gaps.sum())
    piece_starts = np.zeros(total, dtype=np.int64)
    piece_ends = np.empty(total, dtype=np.int64)
    piece_spaced = np.zeros(total, dtype=bool)
    if lead:
        piece_ends[0] = starts[0]
    piece_starts[index], piece_ends[index], piece_spaced[index] = starts, ends, spaced
    at = index[gaps] + 1
    piece_starts[at], piece_ends[at] = gap_from[gaps], after[gaps]
    return piece_starts, piece_ends, piece_spaced, index


def read_native(
    text: str, path: str, problems: list[InputError] | None = None, fields: Fields = NO_FIELDS
) -> Iterator[DocumentRecord]:
    """Documents of a native JSONL file (a JSON array of the same records works too);
    with `problems`, bad records go there instead of stopping the file. With the
    scheme's attribute `fields`, every attribute value is checked against its field."""
    book = EntityBook()
    return each_record(text, path, lambda value, line: _read_record(value, path, line, fields, book), problems)


def _read_record(value: object, path: str, line: int, fields: Fields, book: EntityBook) -> DocumentRecord:
    record = require_object(value, path, line)
    body = get(record, "text", str, path, line)
    meta = get(record, "meta", dict, path, line, default={})
    spans = [_read_span(body, item, path, line) for item in get(record, "spans", list, path, line, default=[])]
    tokens = _read_tokens(body, get(record, "tokens", list, path, line, default=None), path, line)
    name = display_name(meta.get("name"))
    doc = DocumentRecord(body, spans, meta, name=name, tokens=tokens, line=line)
    doc.relations = [
        _read_relation(item, path, line) for item in get(record, "relations", list, path, line, default=[])
    ]
    entities = get(record, "entities", list, path, line, default=[])
    doc.entities = [read_entity(item, path=path, line=line) for item in entities]
    rejections = get(record, "relation_rejections", list, path, line, default=[])
    doc.relation_rejections = [require_object(item, path, line) for item in rejections]
    return book.check(check_links(doc, path=path, line=line, fields=fields), path=path, line=line)


def _read_relation(item: object, path: str, line: int) -> RelationRecord:
    relation = require_object(item, path, line)
    origin, note = relation.get("origin"), relation.get("note", "")
    provenance = get(relation, "provenance", dict, path, line, default=None)
    head: Any = relation.get("head")  # check_links checks the ends and the type
    tail: Any = relation.get("tail")
    kind: Any = relation.get("type")
    return RelationRecord(
        head,
        tail,
        kind,
        annotator_name(relation.get("annotator"), path=path, line=line),
        origin if isinstance(origin, str) else None,
        note if isinstance(note, str) else "",
        provenance,
    )


def _read_span(text: str, item: object, path: str, line: int) -> SpanRecord:
    span = require_object(item, path, line)
    start, end, label = span.get("start"), span.get("end"), span.get("label")
    start, end, label = check_span(text, start, end, label, span.get("text"), path=path, line=line)
    annotator = annotator_name(span.get("annotator"), path=path, line=line)
    origin = span.get("origin")
    attributes = get(span, "attributes", dict, path, line, default={})
    entity, note = span.get("entity"), get(span, "note", str, path, line, default="")
    provenance = get(span, "provenance", dict, path, line, default=None)
    if entity is not None and (isinstance(entity, bool) or not isinstance(entity, int)):
        raise InputError("span.entity_not_id", path=path, line=line, start=start, end=end, label=label, entity=entity)
    return SpanRecord(
        start,
        end,
        label,
        annotator,
        origin if isinstance(origin, str) else None,
        provenance,
        attributes=attributes,
        entity=entity,
        note=note,
    )


def _read_tokens(text: str, items: list[Any] | None, path: str, line: int) -> list[Range] | None:
    if items is None:
        return None
    tokens: list[Range] = []
    for item in items:
        token = require_object(item, path, line)
        start, end = token.get("start"), token.get("end")
        if not isinstance(start, int) or not isinstance(end, int):
            raise InputError("token.offsets_not_integers", path=path, line=line)
        if "text" in token and token["text"] != text[start:end]:
            raise InputError(
                "token.text_mismatch",
                path=path,
                line=line,
                start=start,
                end=end,
                stated=token["text"],
                actual=text[start:end],
            )
        tokens.append((start, end))
    check_ranges(text, tokens, path=path, line=line)
    # Whitespace tokens (ours, spaCy's "\n") only rebuild the text: a document's
    # tokens are its words, which the word-per-line formats list.
    return [(start, end) for start, end in tokens if not all(map(is_separator, text[start:end]))]
