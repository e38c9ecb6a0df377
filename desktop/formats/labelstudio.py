"""Label Studio tasks: `data.text` plus `annotations[].result[]` label regions.

Written as a JSON array with one task per line, so the file is both what
Label Studio imports and easy to stream and diff. Each annotator's layer is
one annotation (`"annotator"` names it; Label Studio ignores the key and
credits the importing user). Offsets are code points, which is what Label
Studio stores since it stopped counting UTF-16 units.
"""

from __future__ import annotations

from itertools import groupby
from typing import Iterator

from desktop.core.errors import InputError
from desktop.formats.jsonio import dumps, each_record, get, require_object
from desktop.formats.records import (DocumentRecord, SpanRecord, annotator_name, check_span,
                                     display_name)
from desktop.formats.writing import ExportItem, Writer


class LabelStudioWriter(Writer):
    def __init__(self, out, options) -> None:
        super().__init__(out, options)
        self.out.write(b"[\n")

    def write(self, item: ExportItem) -> None:
        doc = item.document
        data = {"text": doc.text, **{k: v for k, v in doc.meta.items() if k != "text"}}
        task = {"id": doc.id, "data": data, "annotations": _annotations(doc)}
        self.out.write(dumps(task).encode("utf-8") + b",\n")
        self.records += 1

    def close(self) -> None:
        if self.records:  # replace the last record's ",\n": no trailing comma in JSON
            self.out.seek(-2, 2)
            self.out.truncate()
            self.out.write(b"\n")
        self.out.write(b"]\n")


def _annotations(doc: DocumentRecord) -> list[dict]:
    by_annotator = sorted(doc.spans, key=lambda s: (s.annotator or "", s.key))
    annotations = []
    region = 0
    for annotator, spans in groupby(by_annotator, key=lambda s: s.annotator or ""):
        result = []
        for span in spans:
            region += 1
            value = {"start": span.start, "end": span.end, "text": doc.text[span.start:span.end],
                     "labels": [span.label]}
            result.append({"id": f"{doc.id}-{region}", "from_name": "label", "to_name": "text",
                           "type": "labels", "value": value})
        annotations.append({"annotator": annotator, "result": result})
    return annotations


def read_label_studio(text: str, path: str,
                      problems: list[InputError] | None = None) -> Iterator[DocumentRecord]:
    """Documents of Label Studio tasks; with `problems`, bad tasks go there."""
    return each_record(text, path, lambda value, line: _task(value, path, line), problems)


def _task(value: object, path: str, line: int) -> DocumentRecord:
    task = require_object(value, path, line)
    data = get(task, "data", dict, path, line) if "data" in task else task
    body = get(data, "text", str, path, line)
    spans: list[SpanRecord] = []
    for annotation in _annotation_list(task, path, line):
        if annotation.get("was_cancelled"):
            continue
        who = annotator_name(_annotator(annotation), path=path, line=line)
        for region in get(annotation, "result", list, path, line, default=[]):
            spans.extend(_region_spans(body, region, who, path, line))
    meta = {k: v for k, v in data.items() if k != "text"}
    name = display_name(meta.get("name"))
    return DocumentRecord(body, spans, meta, name=name, line=line)


def _annotation_list(task: dict, path: str, line: int) -> list[dict]:
    items = get(task, "annotations", list, path, line, default=None)
    if items is None:  # Label Studio 0.x called them completions
        items = get(task, "completions", list, path, line, default=[])
    return [require_object(item, path, line) for item in items]


def _annotator(annotation: dict) -> str | None:
    who = annotation.get("annotator")
    if isinstance(who, str) and who:
        return who
    by = annotation.get("completed_by")
    if isinstance(by, dict) and isinstance(by.get("email"), str):
        return by["email"]
    return by if isinstance(by, str) and by else None


def _region_spans(text: str, region: object, who: str | None, path: str,
                  line: int) -> list[SpanRecord]:
    region = require_object(region, path, line)
    value = region.get("value")
    if not isinstance(value, dict) or "labels" not in value:
        return []  # choices, relations, ratings: not spans
    labels = value["labels"]
    if not isinstance(labels, list) or not labels:
        raise InputError("a label region needs a non-empty value.labels list", path=path,
                         line=line)
    spans = []
    for label in labels:
        check_span(text, value.get("start"), value.get("end"), label, value.get("text"),
                   path=path, line=line)
        spans.append(SpanRecord(value["start"], value["end"], label, who))
    return spans
