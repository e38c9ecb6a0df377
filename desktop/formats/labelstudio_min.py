"""Label Studio's JSON_MIN export, read as the full task shape it was flattened from.

JSON_MIN (label-studio-converter's `convert_to_json_min`) writes one object per
*annotation*, not per task: the task's data keys at the top level, then one key
per control tag (its `from_name`, usually `label`) holding the regions' values
without their ids (`[{"start", "end", "text", "labels"}]`), and the annotation's
`annotator` (a user id, or the e-mail), `annotation_id`, `created_at`,
`updated_at`, `lead_time` (and `agreement`). Relations and predictions are not
in it. A task two users annotated is two objects with the same text: the import
puts both layers on one document, as it does for a document already present.
"""

from __future__ import annotations

from typing import Any

# The keys JSON_MIN adds about the annotation: not the task's data.
ANNOTATION_KEYS = ("id", "annotator", "annotation_id", "created_at", "updated_at", "lead_time", "agreement")


def is_json_min(record: dict[str, Any]) -> bool:
    """Whether a JSON object is a JSON_MIN record: flat (no `data`) with a list of
    labelled regions, or the `annotation_id` only this export writes at the top."""
    if {"data", "annotations", "completions"} & record.keys():
        return False
    return "annotation_id" in record or any(_regions(value) for value in record.values())


def full_task(record: dict[str, Any]) -> dict[str, Any]:
    """The full-export task a JSON_MIN record stands for: its data, and one
    annotation by its annotator holding the labelled regions."""
    tags = [key for key, value in record.items() if key not in ANNOTATION_KEYS and _regions(value)]
    data = {k: v for k, v in record.items() if k not in ANNOTATION_KEYS and k not in tags}
    result = [{"from_name": tag, "type": "labels", "value": value} for tag in tags for value in record[tag]]
    annotation: dict[str, Any] = {"result": result}
    if record.get("annotator") is not None:  # the id, or the e-mail: what `completed_by` holds
        annotation["completed_by"] = record["annotator"]
    return {"data": data, "annotations": [annotation]}


def _regions(value: object) -> bool:
    """A non-empty list of text regions' values (`labels` with `start`)."""
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(v, dict) and "labels" in v and "start" in v for v in value)
    )
