"""A local model's entity types mapped onto the project's labels, and the suggester that uses them.

The map sends each model type (PER, B-/I- stripped) to a label key of the scheme, or to None
to drop it. By default a type goes to the label of the same name (case-insensitive), and the
common PER / ORG / LOC families to the scheme's person, organisation and place labels where
the scheme has them (the news scheme calls a person `official`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

from desktop.suggest.hf_model import ModelTagger, Progress
from desktop.suggest.proposals import Proposal

SOURCE_PREFIX = "model:"
# A model type's family, and the label keys that family prefers, in order.
FAMILIES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("per", "pers", "person", "people", "pers_name"), ("person", "official", "per")),
    (("org", "organisation", "organization", "organizations"), ("organisation", "organization", "org")),
    (("loc", "location", "gpe", "place", "fac"), ("place", "location", "loc")),
    (("dat", "date", "time"), ("date",)),
    (("mon", "money", "pct", "percent", "quantity", "cardinal"), ("figure",)),
    (("event", "evt"), ("event",)),
)


def default_label_map(types: Iterable[str], label_keys: Iterable[str]) -> dict[str, str | None]:
    """Each type's label: the same name, else its family's label the scheme has, else None."""
    keys = list(label_keys)
    by_lower = {key.lower(): key for key in keys}
    out: dict[str, str | None] = {}
    for kind in types:
        lower = kind.lower()
        out[kind] = by_lower.get(lower) or _family_label(lower, by_lower)
    return out


def _family_label(lower: str, by_lower: Mapping[str, str]) -> str | None:
    for names, preferred in FAMILIES:
        if lower in names:
            return next((by_lower[p] for p in preferred if p in by_lower), None)
    return None


def model_source(folder_name: str) -> str:
    """The suggestions' source: `model:` and the folder's name (one line, at most 64 characters)."""
    name = re.sub(r"[\x00-\x1f\x7f-\x9f]", " ", folder_name).strip() or "model"
    return SOURCE_PREFIX + name[:64]


class ModelSuggester:
    """Entities a local model finds, relabelled by the map; the score is the model's probability.
    `cancel` and `progress` (windows done, windows) reach into a long document's windows."""

    def __init__(
        self,
        tagger: ModelTagger,
        mapping: Mapping[str, str | None],
        cancel: Callable[[], bool] | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.tagger = tagger
        self.mapping = {kind: label for kind, label in mapping.items() if label}
        self.sources = (model_source(tagger.info.name),)
        self.cancel = cancel
        self.progress = progress

    def suggest(self, text: str) -> list[Proposal]:
        source = self.sources[0]
        return [
            Proposal(start, end, self.mapping[kind], source, score, kind)
            for start, end, kind, score in self.tagger.spans(text, self.progress, self.cancel)
            if kind in self.mapping
        ]
