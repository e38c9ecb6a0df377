"""The learned suggester: a linear-chain CRF (python-crfsuite) over tokens.

`train_crf` is a pure function of its inputs (texts and spans, no database,
no Qt), so the window can run it in a worker thread or a process; it
reports progress through a callback and stops soon after `cancel()` turns
true, raising `TrainingCancelled`. The model is crfsuite's own file format,
returned as bytes for the project to keep.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pycrfsuite

from desktop.core.errors import BarchasbError
from desktop.core.progress import Progress
from desktop.suggest.features import FEATURES_VERSION, sentence_features
from desktop.suggest.tokens import Token, sentence_tokens

SpanTuple = tuple[int, int, str]
STEPS = 100  # progress is reported in steps of this many: reading the documents is the first 20
PARAMS = {"c1": 0.05, "c2": 0.02, "max_iterations": 150, "feature.possible_transitions": True}


class TrainingCancelled(BarchasbError):
    """Training was stopped on request; nothing was stored."""


@dataclass(frozen=True, slots=True)
class TrainingDocument:
    text: str
    spans: tuple[SpanTuple, ...]


@dataclass(frozen=True)
class TrainedModel:
    model: bytes
    labels: tuple[str, ...]
    meta: dict[str, Any] = field(default_factory=dict)


def bio_tags(tokens: Sequence[Token], spans: Iterable[SpanTuple]) -> list[str]:
    """BIO tags of a sentence's tokens; of overlapping spans the longest wins."""
    tags = ["O"] * len(tokens)
    for start, end, label in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
        inside = [i for i, t in enumerate(tokens) if t.start < end and start < t.end]
        if inside and all(tags[i] == "O" for i in inside):
            for n, i in enumerate(inside):
                tags[i] = ("B-" if n == 0 else "I-") + label
    return tags


def tagged_sentences(document: TrainingDocument) -> list[tuple[list[str], list[str]]]:
    spans = sorted(document.spans)
    out = []
    for tokens in sentence_tokens(document.text):
        lo, hi = tokens[0].start, tokens[-1].end
        inside = [s for s in spans if s[0] < hi and lo < s[1]]
        out.append(([t.key for t in tokens], bio_tags(tokens, inside)))
    return out


def train_crf(
    documents: Sequence[TrainingDocument],
    *,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
    params: dict[str, Any] | None = None,
) -> TrainedModel:
    """Train on the documents' spans; safe to run in a worker thread or process."""
    params = {**PARAMS, **(params or {})}
    trainer = _Trainer(params["max_iterations"], progress, cancel)
    labels: set[str] = set()
    for index, document in enumerate(documents):
        trainer.check()
        for words, tags in tagged_sentences(document):
            trainer.append(sentence_features(words), tags)
            labels.update(t[2:] for t in tags if t != "O")
        if progress:
            progress(round(STEPS * 0.2 * (index + 1) / len(documents)), STEPS, "reading documents")
    if not labels:
        raise BarchasbError("nothing to learn from: the layer has no spans in these documents")
    trainer.set_params(params)
    with tempfile.TemporaryDirectory(prefix="barchasb-crf-") as folder:
        path = Path(folder) / "model.crfsuite"
        trainer.train(str(path))
        model = path.read_bytes()
    meta = {
        "documents": len(documents),
        "features": FEATURES_VERSION,
        "params": params,
        "iterations": trainer.iterations,
    }
    return TrainedModel(model, tuple(sorted(labels)), meta)


class _Trainer(pycrfsuite.Trainer):  # type: ignore[misc]  # pycrfsuite has no type hints
    """A crfsuite trainer that reports iterations and can be stopped."""

    def __init__(self, iterations: int, progress: Progress | None, cancel: Callable[[], bool] | None) -> None:
        super().__init__(verbose=True)  # crfsuite only reports its log when verbose
        self._total, self._progress, self._cancel = iterations, progress, cancel
        self.iterations = 0

    def check(self) -> None:
        if self._cancel is not None and self._cancel():
            raise TrainingCancelled("training was cancelled")

    def message(self, message: str) -> None:  # called by crfsuite; printing nothing
        if self.logparser.feed(message) != "iteration":
            return
        self.iterations = self.logparser.last_iteration.get("num", self.iterations + 1)
        if self._progress:
            done = min(1.0, self.iterations / self._total)
            self._progress(round(STEPS * (0.2 + 0.8 * done)), STEPS, f"iteration {self.iterations}")
        self.check()


class CrfTagger:
    """Tags texts with a trained model; one instance per thread."""

    def __init__(self, model: bytes) -> None:
        self._model = bytes(model)  # crfsuite reads it in place: it must outlive the tagger
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open_inmemory(self._model)
        self.labels = tuple(sorted({t[2:] for t in self._tagger.labels() if t != "O"}))

    def spans(self, text: str) -> list[tuple[int, int, str, float]]:
        """(start, end, label, score) of the entities found; the score is the
        mean marginal probability of the span's tags."""
        out = []
        for tokens in sentence_tokens(text):
            tags = self._tagger.tag(sentence_features([t.key for t in tokens]))
            for first, last, label in _entities(tags):
                score = sum(self._tagger.marginal(tags[i], i) for i in range(first, last))
                out.append((tokens[first].start, tokens[last - 1].end, label, round(score / (last - first), 4)))
        return out


def _entities(tags: list[str]) -> list[tuple[int, int, str]]:
    """Token ranges of BIO entities (a stray I- starts one, as conlleval does)."""
    out, i = [], 0
    while i < len(tags):
        if tags[i] == "O":
            i += 1
            continue
        label, j = tags[i][2:], i + 1
        while j < len(tags) and tags[j] == f"I-{label}":
            j += 1
        out.append((i, j, label))
        i = j
    return out
