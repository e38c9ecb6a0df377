"""Label Studio tasks: `data.text` plus `annotations[].result[]` label regions.

Written as a JSON array with one task per line, so the file is both what
Label Studio imports and easy to stream and diff. Each annotator's layer is
one annotation (`"annotator"` names it; Label Studio ignores the key and
credits the importing user). A layer that marked a document done without
drawing a span gets an empty annotation (`"result": []`): Label Studio counts
the task as labelled, where no annotation would mean "not labelled yet".
Reading, every annotation that was not skipped is a finished one (Label
Studio keeps unfinished work in drafts), so its user's status becomes done;
labelstudio_users.py says which layer each user's annotations go to.
Predictions (model output) are left out and counted, or read when asked
(labelstudio_predictions.py). Relations between
regions are result items of type `relation` (labelstudio_relations.py).
Offsets are code points, which is what Label Studio stores since it stopped
counting UTF-16 units. The flat JSON_MIN export is read too (labelstudio_min.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

from desktop.core.errors import InputError
from desktop.formats.jsonio import dumps, each_record, get, require_object
from desktop.formats.labelstudio_min import full_task, is_json_min
from desktop.formats.labelstudio_predictions import read_predictions
from desktop.formats.labelstudio_relations import read_relation_results, relation_results
from desktop.formats.labelstudio_users import LabelStudioUsers
from desktop.formats.links import check_links
from desktop.formats.records import DocumentRecord, RelationRecord, SpanRecord, check_span, display_name
from desktop.formats.writing import ExportItem, Writer, WriterOptions


class LabelStudioWriter(Writer):
    def __init__(self, out: BinaryIO, options: WriterOptions) -> None:
        super().__init__(out, options)
        self.out.write(b"[\n")

    def write(self, item: ExportItem) -> None:
        doc = item.document
        data = {"text": doc.text, **{k: v for k, v in doc.meta.items() if k != "text"}}
        task = {"id": doc.id, "data": data, "annotations": _annotations(doc, self.options.symmetric)}
        self.out.write(dumps(task).encode("utf-8") + b",\n")
        self.records += 1

    def close(self) -> None:
        if self.records:  # replace the last record's ",\n": no trailing comma in JSON
            self.out.seek(-2, 2)
            self.out.truncate()
            self.out.write(b"\n")
        self.out.write(b"]\n")


def _annotations(doc: DocumentRecord, symmetric: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """One annotation per layer with spans, and an empty one per layer that is done
    without any, in layer-name order."""
    layers: dict[str, list[int]] = {name or "": [] for name in doc.done}
    for i, span in enumerate(doc.spans):
        layers.setdefault(span.annotator or "", []).append(i)
    annotations = []
    regions: dict[int, str] = {}  # span index -> region id
    for annotator in sorted(layers):
        result = []
        for i in sorted(layers[annotator], key=lambda i: doc.spans[i].key):
            span = doc.spans[i]
            regions[i] = f"{doc.id}-{len(regions) + 1}"
            value = {
                "start": span.start,
                "end": span.end,
                "text": doc.text[span.start : span.end],
                "labels": [span.label],
            }
            result.append({"id": regions[i], "from_name": "label", "to_name": "text", "type": "labels", "value": value})
        members = set(layers[annotator])
        result += relation_results([r for r in doc.relations if r.head in members], regions, symmetric)
        annotations.append({"annotator": annotator, "result": result})
    return annotations


def read_label_studio(
    text: str,
    path: str,
    problems: list[InputError] | None = None,
    users: LabelStudioUsers | None = None,
    predictions: bool = False,
) -> Iterator[DocumentRecord]:
    """Documents of Label Studio tasks; with `problems`, bad tasks go there. `users`
    names the layers (an `--annotator-map`) and counts what was left out;
    `predictions`: read the tasks' predictions too (else they are counted)."""
    users = users or LabelStudioUsers()
    return each_record(text, path, lambda value, line: _task(value, path, line, users, predictions), problems)


def _task(value: object, path: str, line: int, users: LabelStudioUsers, predictions: bool) -> DocumentRecord:
    task = require_object(value, path, line)
    if is_json_min(task):
        task = full_task(task)
    data = get(task, "data", dict, path, line) if "data" in task else task
    body = get(data, "text", str, path, line)
    spans: list[SpanRecord] = []
    relations: list[RelationRecord] = []
    done: list[str | None] = []
    for annotation in _annotation_list(task, path, line):
        if annotation.get("was_cancelled"):  # the user skipped the task
            users.left_out["skipped annotations"] += 1
            continue
        who = users.layer(annotation, path=path, line=line)
        done.append(who)
        regions: dict[object, list[int]] = {}  # region id -> its spans (one per label)
        results = [require_object(r, path, line) for r in get(annotation, "result", list, path, line, default=[])]
        for region in results:
            found = _region_spans(body, region, who, path, line)
            regions.setdefault(region.get("id"), []).extend(range(len(spans), len(spans) + len(found)))
            spans.extend(found)
        relations += read_relation_results(results, regions, who, users.left_out, path, line)
    meta = {k: v for k, v in data.items() if k != "text"}
    name = display_name(meta.get("name"))
    doc = DocumentRecord(body, spans, meta, name=name, line=line, done=list(dict.fromkeys(done)))
    doc.relations = relations
    if predictions:
        doc.predictions = read_predictions(
            task, lambda region: _region_spans(body, region, None, path, line), users.left_out, path, line
        )
    else:
        listed = task.get("predictions")
        users.left_out["predictions"] += len(listed) if isinstance(listed, list) else 0
    return check_links(doc, path=path, line=line)


def _annotation_list(task: dict[str, Any], path: str, line: int) -> list[dict[str, Any]]:
    items = get(task, "annotations", list, path, line, default=None)
    if items is None:  # Label Studio 0.x called them completions
        items = get(task, "completions", list, path, line, default=[])
    return [require_object(item, path, line) for item in items]


def _region_spans(text: str, region: object, who: str | None, path: str, line: int) -> list[SpanRecord]:
    region = require_object(region, path, line)
    value = region.get("value")
    if not isinstance(value, dict) or "labels" not in value:
        return []  # choices, relations, ratings: not spans
    labels = value["labels"]
    if not isinstance(labels, list) or not labels:
        raise InputError("labelstudio.no_labels", path=path, line=line)
    spans = []
    for label in labels:
        check_span(text, value.get("start"), value.get("end"), label, value.get("text"), path=path, line=line)
        spans.append(SpanRecord(value["start"], value["end"], label, who))
    return spans
