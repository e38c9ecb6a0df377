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

from collections.abc import Iterator
from json.encoder import encode_basestring as _json_string  # the C function dumps() quotes strings with
from typing import Any

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
from desktop.formats.spacing import pieces
from desktop.formats.writing import ExportItem, Writer
from desktop.text.chars import is_separator

_BOOLEANS = ("false", "true")


class NativeWriter(Writer):
    def write(self, item: ExportItem) -> None:
        doc = item.document
        record: dict[str, Any] = {"id": doc.id, "text": doc.text, "meta": doc.meta}
        relations = doc.relations
        tokens = None
        if item.token_spans is None:
            record["spans"] = [_span(doc.text, s) for s in doc.spans]
        else:
            # The tokens' JSON is made apart, token by token as dumps() would (a dict each cost 2x)
            tokens, index = tokens_json_text(doc.text, item.tokens or [])
            record["spans"] = [
                {**_span(doc.text, t.span), "token_start": index[t.token_start], "token_end": index[t.token_end - 1]}
                for t in item.token_spans
            ]
            # Relations index `doc.spans`: the fitted spans (export) or those they came from.
            where = {id(x): i for i, t in enumerate(item.token_spans) for x in (t.span, t.source) if x is not None}
            relations = _onto(doc.spans, where, relations)
        if relations:
            record["relations"] = [_relation(r) for r in relations]
        if doc.entities:
            record["entities"] = [entity_json(e) for e in doc.entities]
        if doc.relation_rejections:
            record["relation_rejections"] = doc.relation_rejections
        if tokens is None:
            self._line(dumps(record))
            return
        head = dumps({key: record.pop(key) for key in ("id", "text", "meta")})
        self._line(f'{head[:-1]},"tokens":{tokens},{dumps(record)[1:]}')  # "tokens" where dumps() puts it


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


def tokens_json_text(text: str, tokens: list[Range]) -> tuple[str, list[int]]:
    """Prodigy/spaCy-style tokens as JSON (what dumps() writes for their list of
    {"text", "start", "end", "id", "ws"} objects), whitespace tokens included, so that
    the words and their `ws` (one space follows) rebuild `text`; plus the index in that
    list of each of `tokens`."""
    items, index = pieces(text, tokens)
    made = [
        f'{{"text":{_json_string(text[start:end])},"start":{start},"end":{end},"id":{i},"ws":{_BOOLEANS[ws]}}}'
        for i, (start, end, ws) in enumerate(items)
    ]
    return f"[{','.join(made)}]", index


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
