"""Label Studio's `predictions` (a model's pre-annotations), read when the user asks.

A prediction is `{"model_version", "score", "result": [regions]}`; a region may
carry its own `score`, which wins over the prediction's. Each labelled region
becomes a `PredictionRecord` that the import stores as a pending suggestion
from `label-studio:<model_version>`. An export that lists predictions by id
only (Label Studio's default JSON export) has nothing to import: those are
counted as left out.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import Any

from desktop.core.errors import InputError
from desktop.formats.jsonio import get, require_object
from desktop.formats.records import PredictionRecord, SpanRecord

MAX_MODEL = 64  # a source's name stays short enough for a chip
UNVERSIONED = "unversioned"
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\s]+")

RegionSpans = Callable[[dict[str, Any]], list[SpanRecord]]


def read_predictions(
    task: dict[str, Any], spans_of: RegionSpans, left_out: Counter[str], path: str, line: int
) -> list[PredictionRecord]:
    """The labelled regions of a task's predictions; `spans_of` checks a region
    against the text as an annotation's regions are checked."""
    items = task.get("predictions")
    found: list[PredictionRecord] = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):  # an id: the export did not include the prediction
            left_out["predictions given by id only"] += 1
            continue
        model = model_name(item.get("model_version"))
        base = _score(item.get("score"), 1.0, path, line)
        for region in get(item, "result", list, path, line, default=[]):
            region = require_object(region, path, line)
            score = _score(region.get("score"), base, path, line)
            found += [PredictionRecord(s.start, s.end, s.label, model, score) for s in spans_of(region)]
    return found


def model_name(value: object) -> str:
    """A model_version as one short line (Label Studio allows any text, or none)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    text = _CONTROLS.sub(" ", value).strip()[:MAX_MODEL].strip() if isinstance(value, str) else ""
    return text or UNVERSIONED


def _score(value: object, default: float, path: str, line: int) -> float:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:  # NaN too
        raise InputError("labelstudio.prediction_score", path=path, line=line, value=f"{value!r:.40}")
    return float(value)
