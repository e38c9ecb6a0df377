"""Suggestions: spans a machine proposes, kept apart from the spans people decide.

A suggestion belongs to one annotator's layer (the layer it would join if
accepted) and is identified there by its key `(document, start, end, label)`:
re-running a suggester never resurrects a key the annotator rejected or
accepted. Accepting one creates an ordinary span with origin `suggested`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from desktop.core.model import check_label_key, check_span_range

# rule:figure, rule:date, gazetteer:NAME, propagation, crf, spacy, label-studio:MODEL_VERSION (imported predictions),
# model:FOLDER (a local Hugging Face model, desktop/suggest/hf_labels.py)
_SOURCE = re.compile(
    r"^(rule:[a-z_]+|gazetteer:[^\s:]{1,64}|propagation|crf|spacy|label-studio:[^\x00-\x1f\x7f-\x9f]{1,64}"
    r"|model:[^\x00-\x1f\x7f-\x9f]{1,64})$"
)
_GAZETTEER_NAME = re.compile(r"^[^\s:/\\]{1,64}$")


class SuggestionState(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


def check_source(source: str) -> str:
    if not isinstance(source, str) or not _SOURCE.fullmatch(source):
        raise ValueError(
            f"suggestion source {source!r} is not rule:KIND, gazetteer:NAME, propagation, crf, spacy, "
            "label-studio:MODEL or model:FOLDER"
        )
    return source


def check_gazetteer_name(name: str) -> str:
    if not isinstance(name, str) or not _GAZETTEER_NAME.fullmatch(name):
        raise ValueError(f"gazetteer name {name!r} must be 1-64 characters without spaces, colons or slashes")
    return name


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A proposed span for one annotator's layer, and what became of it."""

    document_id: int
    annotator_id: int
    start: int
    end: int
    label: str
    source: str
    score: float = 1.0
    state: SuggestionState = SuggestionState.PENDING
    detail: str = ""  # e.g. the kind of figure, the gazetteer entry matched
    id: int | None = None
    created_at: str = ""
    updated_at: str = ""

    def __post_init__(self) -> None:
        check_span_range(self.start, self.end)
        check_label_key(self.label)
        check_source(self.source)
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"suggestion score {self.score!r} is not within [0, 1]")
        object.__setattr__(self, "state", SuggestionState(self.state))

    @property
    def key(self) -> tuple[int, int, int, str]:
        return self.document_id, self.start, self.end, self.label


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """A named list of phrases whose matches are suggested with one label."""

    name: str
    label: str
    description: str = ""

    def __post_init__(self) -> None:
        check_gazetteer_name(self.name)
        check_label_key(self.label)
