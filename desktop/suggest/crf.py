"""The learned suggester: a linear-chain CRF (python-crfsuite) over tokens.

`train_crf` is a pure function of its inputs (texts and spans, no database,
no Qt), so the window can run it in a worker thread or a process; it
reports progress through a callback and stops soon after `cancel()` turns
true, raising `TrainingCancelled`. Besides the labelled documents it reads
unlabelled texts (word clusters are learned from all of them, `clusters`)
and gazetteer lists (phrase membership features, `list_tags`); both are
stored inside the model (`crf_model`), returned as bytes for the project to
keep. Models stored before feature version 2 (crfsuite's file alone) still tag.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pycrfsuite

from desktop.core.errors import BarchasbError
from desktop.core.progress import Progress
from desktop.suggest import crf_model
from desktop.suggest.clusters import SIZES as CLUSTER_SIZES
from desktop.suggest.clusters import learn_clusters
from desktop.suggest.features import FEATURES_VERSION
from desktop.suggest.name_echo import Found, echo_names
from desktop.suggest.seen_entities import FOLDS, SeenEntities, all_entities, jackknife, span_entries
from desktop.suggest.tokens import Token, sentence_tokens

SpanTuple = tuple[int, int, str]
STEPS = 100  # progress is reported in steps of this many: clusters and features are the first 20
# 100 iterations, not version 1's 150: the richer features converge sooner and cost more per iteration.
PARAMS = {"c1": 0.05, "c2": 0.02, "max_iterations": 100, "feature.possible_transitions": True}


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


def tagged_sentences(document: TrainingDocument) -> list[tuple[list[Token], list[str]]]:
    spans = sorted(document.spans)
    out = []
    for tokens in sentence_tokens(document.text):
        lo, hi = tokens[0].start, tokens[-1].end
        inside = [s for s in spans if s[0] < hi and lo < s[1]]
        out.append((list(tokens), bio_tags(tokens, inside)))
    return out


def train_crf(
    documents: Sequence[TrainingDocument],
    *,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
    params: dict[str, Any] | None = None,
    unlabelled: Sequence[str] = (),
    lists: Mapping[str, Sequence[str]] | None = None,
    clusters: bool = True,
    cluster_sizes: Sequence[int] = CLUSTER_SIZES,
    seed: int = 0,
) -> TrainedModel:
    """Train on the documents' spans; safe to run in a worker thread or process.
    `unlabelled` texts only feed the word clusters (seeded); `lists` are gazetteers."""
    params = {**PARAMS, **(params or {})}
    trainer = _Trainer(params["max_iterations"], progress, cancel)
    started = time.process_time()
    texts = [*(d.text for d in documents), *unlabelled]
    found = learn_clusters(texts, sizes=cluster_sizes, seed=seed, cancel=trainer.check) if clusters else {}
    cluster_seconds = time.process_time() - started
    if progress:
        progress(round(STEPS * 0.1), STEPS, "word clusters learned")
    entries = [span_entries(d.text, d.spans) for d in documents]
    model = crf_model.pack(b"", found, lists or {}, all_entities(entries))  # a new document sees them all
    parts = crf_model.unpack(model)
    labels = _append(trainer, documents, parts, jackknife(entries, FOLDS, seed), progress)
    trainer.set_params(params)
    with tempfile.TemporaryDirectory(prefix="barchasb-crf-") as folder:
        path = Path(folder) / "model.crfsuite"
        trainer.train(str(path))
        model += path.read_bytes()
    meta = {
        "documents": len(documents),
        "features": FEATURES_VERSION,
        "params": params,
        "iterations": trainer.iterations,
        "clusters": len(found),
        "cluster_seconds": round(cluster_seconds, 2),
        "lists": sorted(lists or {}),
        "entities": len(parts.entities.labels),
    }
    return TrainedModel(model, tuple(sorted(labels)), meta)


def _append(
    trainer: _Trainer,
    documents: Sequence[TrainingDocument],
    parts: crf_model.ModelParts,
    entities: Sequence[SeenEntities],
    progress: Progress | None,
) -> set[str]:
    """Feed every sentence to the trainer, each document with the seen entities of the
    other folds (never its own); the labels seen."""
    labels: set[str] = set()
    for index, document in enumerate(documents):
        trainer.check()
        tagged = tagged_sentences(document)
        items = parts.featurize(document.text, [tokens for tokens, _ in tagged], entities[index])
        for (_, tags), features in zip(tagged, items, strict=True):
            trainer.append(features, tags)
            labels.update(t[2:] for t in tags if t != "O")
        if progress:
            progress(round(STEPS * (0.1 + 0.1 * (index + 1) / len(documents))), STEPS, "reading documents")
    if not labels:
        raise BarchasbError("nothing to learn from: the layer has no spans in these documents")
    return labels


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
    """Tags texts with a trained model; one instance per thread. A model this
    version cannot read raises `crf_model.ModelRefused` here, with the reason."""

    def __init__(self, model: bytes) -> None:
        self._parts = crf_model.unpack(bytes(model))  # crfsuite reads it in place: it must outlive the tagger
        self._tagger = pycrfsuite.Tagger()
        try:
            self._tagger.open_inmemory(self._parts.crfsuite)
        except (ValueError, OSError) as exc:
            raise crf_model.ModelRefused(f"the stored suggestion model is damaged ({exc}): train it again") from exc
        self.tags = tuple(self._tagger.labels())
        self.labels = tuple(sorted({t[2:] for t in self.tags if t != "O"}))

    def spans(self, text: str) -> list[tuple[int, int, str, float]]:
        """(start, end, label, score) of the entities found; the score is the
        mean marginal probability of the span's tags. A person's name found once
        is also found where it repeats (`name_echo`)."""
        found: list[Found] = []
        sentences = sentence_tokens(text)
        for n, features in enumerate(self._parts.featurize(text, sentences)):
            tags = self._tagger.tag(features)
            for first, last, label in _entities(tags):
                score = sum(self._tagger.marginal(tags[i], i) for i in range(first, last))
                found.append((n, first, last, label, round(score / (last - first), 4)))
        return [
            (sentences[n][a].start, sentences[n][b - 1].end, label, score)
            for n, a, b, label, score in echo_names(sentences, found)
        ]

    def confidences(self, text: str) -> list[float]:
        """Each token's confidence: the largest marginal any tag has there."""
        out: list[float] = []
        sentences = sentence_tokens(text)
        for tokens, features in zip(sentences, self._parts.featurize(text, sentences), strict=True):
            self._tagger.set(features)
            out.extend(max(self._tagger.marginal(tag, i) for tag in self.tags) for i in range(len(tokens)))
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
