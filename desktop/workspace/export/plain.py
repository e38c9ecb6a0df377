"""Native JSONL without tokens, written straight from the stored rows (issue 17).

Most documents of a project have spans and nothing more: no attribute values,
entity links, relations, relation rejections nor gold provenance. For those the
line `NativeWriter` writes for `prepare_item(document_record(doc))` is made here
from the span rows themselves (labels mapped, each (start, end, label, annotator)
once, in key order), with no `SpanRecord`, `DocumentRecord` or dict per span:
building those was a third of a plain export. Every other document, and one with
a span that does not fit its text (a problem to report), takes the general path.
The same bytes either way (tests/formats/test_plain_jsonl.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from json.encoder import encode_basestring as _json_string  # the C function dumps() quotes strings with

from desktop.formats.jsonio import dumps
from desktop.formats.records import DocumentRecord
from desktop.storage.export_document import StoredDocument
from desktop.workspace.export.records import OutputLabels, export_meta
from desktop.workspace.export.written import Written


def plain_jsonl(
    stored: Iterable[StoredDocument],
    labels: OutputLabels,
    annotators: dict[int, str],
    record: Callable[[StoredDocument], DocumentRecord],
) -> Iterator[tuple[StoredDocument | DocumentRecord, Written | None]]:
    """Each document with its line already written, or as its `record` (None: to be written as usual)."""
    quoted = _Quoted()
    for doc in stored:
        done = _written(doc, labels, annotators, quoted)
        if done is None:
            yield record(doc), None
        else:
            yield doc, done


class _Quoted(dict[str, str]):
    """Labels, annotators and origins as JSON strings, each quoted once (a few, on every span)."""

    def __missing__(self, value: str) -> str:
        self[value] = quoted = _json_string(value)
        return quoted


def _written(doc: StoredDocument, labels: OutputLabels, annotators: dict[int, str], quoted: _Quoted) -> Written | None:
    """The document's line as `NativeWriter` writes it, with what the report counts; None
    when it carries more than spans or a span does not fit its text."""
    if doc.attributes or doc.links or doc.relations or doc.relation_rejections:
        return None
    provenance = doc.provenance
    origins: dict[tuple, str | None] = {}
    for row in doc.spans:
        mapped = labels[row[3]]
        if mapped is None:
            continue
        if len(row) > 7 and provenance(row) is not None:
            return None  # a gold span: its provenance goes with it
        key = (row[1], row[2], mapped, annotators[row[4]])  # SpanRecord.key
        if key not in origins:  # a merge can make two spans one: the first kept
            origins[key] = row[5]
    keys = sorted(origins)
    text = doc.text
    length = len(text)
    if not all(0 <= start < end <= length for start, end, _, _ in keys):
        return None  # reported as a problem by prepare_item
    spans = ",".join(
        [
            f'{{"start":{start},"end":{end},"label":{quoted[label]},"text":{_json_string(text[start:end])},'
            f'"annotator":{quoted[annotator or ""]},"origin":{quoted[origins[key] or "imported"]}}}'
            for key in keys
            for start, end, label, annotator in (key,)
        ]
    )
    fields = doc.meta.get("fields")
    if isinstance(fields, dict) or not isinstance(doc.name, str):
        meta = dumps(export_meta(doc.name, doc.meta))
    else:  # export_meta's {"name": name}, as dumps() writes it
        meta = f'{{"name":{_json_string(doc.name)}}}'
    number = str(doc.id) if type(doc.id) is int else dumps(doc.id)
    line = f'{{"id":{number},"text":{_json_string(text)},"meta":{meta},"spans":[{spans}]}}\n'
    return Written(line.encode("utf-8"), 1, 0, 0, 0, [key[2] for key in keys], 0, [])
