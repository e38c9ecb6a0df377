"""The second learner: spaCy's transition-based NER, trained from scratch.

A blank Persian ("fa") pipeline with one `ner` component: no downloaded vectors
or models, nothing from the network. `train_spacy` is pure like `train_crf`
(texts and spans in, model bytes out, progress, cancel, a seed). spaCy is an
optional extra: `spacy_missing()` says why the learner is not offered, and
nothing here imports spaCy until a model is trained or loaded.

Offsets: spaCy's tokenizer keeps the text whole, so its character offsets are
Python string indexes, i.e. code points. A span whose ends fall inside a
token (`به‌ایران` labelled from its second part) cannot be a spaCy entity:
its tokens (alignment "expand") are marked *missing*, so training neither
learns them as an entity nor as outside; the count is in the model's meta.
Overlapping spans: the longest wins, as the CRF's BIO tags do.

Scores: a beam search (width `beam_width`) decodes; an entity's score is the
probability mass of the beam's parses that contain it (spaCy's
`scored_ents`), the entities are those of the most probable parse.
"""

from __future__ import annotations

import importlib.util
import io
import json
import random
import zipfile
from bisect import bisect_left
from collections.abc import Callable, Sequence
from itertools import accumulate
from typing import Any

from desktop.core.errors import BarchasbError
from desktop.core.progress import Progress
from desktop.core.quiet_import import THINC_EXTRAS, import_without
from desktop.suggest.crf import TrainedModel, TrainingCancelled, TrainingDocument
from desktop.text.tokens import sentences

FORMAT = 1  # of the bytes `train_spacy` returns: a zip of barchasb.json and nlp.to_bytes()
MISSING = "the spaCy learner needs spaCy: pip install 'barchasb[spacy]'"
PARAMS: dict[str, Any] = {"epochs": 12, "dropout": 0.2, "seed": 0, "beam_width": 4, "batch": 16}
# the network's size: spaCy's defaults for its NER (HashEmbedCNN); tests train a smaller one
ARCHITECTURE: dict[str, int] = {"width": 96, "depth": 4, "embed_size": 2000, "hidden_width": 64}
STEPS = 100  # progress in steps of this many: reading the documents is the first 10
Piece = tuple[int, str, list[tuple[int, int, str]]]  # offset, text, spans in it


def spacy_missing() -> str | None:
    """Why the spaCy learner cannot be offered, or None when it can."""
    return None if importlib.util.find_spec("spacy") is not None else MISSING


def _spacy() -> Any:
    try:
        import_without("spacy", THINC_EXTRAS)
        import spacy
    except ImportError as exc:
        raise BarchasbError(MISSING) from exc
    return spacy


def _pipeline(size: dict[str, int], labels: Sequence[str] = ()) -> Any:
    """A blank Persian pipeline with an NER of this size and these labels (none: `from_bytes` brings them)."""
    nlp = _spacy().blank("fa")
    tok2vec = {k: size[k] for k in ("width", "depth", "embed_size")}
    ner = nlp.add_pipe("ner", config={"model": {"tok2vec": tok2vec, "hidden_width": size["hidden_width"]}})
    for label in labels:
        ner.add_label(label)
    return nlp


def pieces(text: str, spans: Sequence[tuple[int, int, str]] = ()) -> list[Piece]:
    """The text cut at sentence ends into (offset, piece, spans shifted into it); a span crossing
    a sentence end keeps its sentences together. Short pieces make more, cheaper updates in
    training and a short beam search, batched, in tagging."""
    ordered = sorted(spans)
    starts = [s for s, _, _ in ordered]
    reach = list(accumulate((e for _, e, _ in ordered), max, initial=0))  # reach[i]: the furthest end of the first i
    cuts = [c for _, c in sentences(text)[:-1] if reach[bisect_left(starts, c)] <= c]  # no span runs over c
    out, lo, i = [], 0, 0
    for hi in [*cuts, len(text)]:
        inside = []
        while i < len(ordered) and ordered[i][0] < hi:
            s, e, label = ordered[i]
            inside.append((s - lo, e - lo, label))
            i += 1
        if text[lo:hi].strip():
            out.append((lo, text[lo:hi], inside))
        lo = hi
    return out


def example(nlp: Any, text: str, spans: Sequence[tuple[int, int, str]]) -> tuple[Any, int]:
    """A training Example of one piece and how many spans did not align with spaCy's tokens."""
    from spacy.training import Example

    predicted, reference = nlp.make_doc(text), nlp.make_doc(text)
    entities: list[Any] = []  # spaCy Spans
    missing: list[Any] = []
    taken: set[int] = set()
    for start, end, label in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):  # the longest first
        exact = reference.char_span(start, end, label=label, alignment_mode="strict")
        span = exact or reference.char_span(start, end, label=label, alignment_mode="expand")
        if span is None or taken & set(range(span.start, span.end)):
            continue
        taken.update(range(span.start, span.end))
        (entities if exact is not None else missing).append(span)
    reference.set_ents(entities, missing=missing, default="outside")
    return Example(predicted, reference), len(missing)


def train_spacy(
    documents: Sequence[TrainingDocument],
    *,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
    params: dict[str, Any] | None = None,
) -> TrainedModel:
    """Train on the documents' spans; safe to run in a worker thread or process."""
    params = {**PARAMS, **ARCHITECTURE, **(params or {})}
    labels = sorted({label for d in documents for _, _, label in d.spans})
    if not labels:
        raise BarchasbError("nothing to learn from: the layer has no spans in these documents")
    spacy = _spacy()
    spacy.util.fix_random_seed(params["seed"])
    nlp = _pipeline(params, labels)
    examples, misaligned = [], 0
    for index, document in enumerate(documents):
        _check(cancel)
        for _, text, spans in pieces(document.text, document.spans):
            made, missing = example(nlp, text, spans)
            examples.append(made)
            misaligned += missing
        if progress:
            progress(round(STEPS * 0.1 * (index + 1) / len(documents)), STEPS, "reading documents")
    optimizer = nlp.initialize(lambda: examples)
    rng, epochs, size = random.Random(params["seed"]), params["epochs"], params["batch"]
    for epoch in range(epochs):
        rng.shuffle(examples)
        for first in range(0, len(examples), size):
            _check(cancel)
            nlp.update(examples[first : first + size], drop=params["dropout"], sgd=optimizer)
        if progress:
            progress(round(STEPS * (0.1 + 0.9 * (epoch + 1) / epochs)), STEPS, f"epoch {epoch + 1}")
    meta = {"documents": len(documents), "pieces": len(examples), "misaligned": misaligned, "params": params}
    return TrainedModel(_pack(nlp, labels, params), tuple(labels), meta)


def _check(cancel: Callable[[], bool] | None) -> None:
    if cancel is not None and cancel():
        raise TrainingCancelled("training was cancelled")


def _pack(nlp: Any, labels: Sequence[str], params: dict[str, Any]) -> bytes:
    head = {"format": FORMAT, "labels": list(labels), "beam_width": params["beam_width"]}
    head["size"] = {k: params[k] for k in ARCHITECTURE}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as packed:
        for name, data in (("barchasb.json", json.dumps(head).encode()), ("model.bin", nlp.to_bytes())):
            stamp = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))  # no clock: the same model, the same bytes
            packed.writestr(stamp, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


class SpacyTagger:
    """Finds entities with a trained spaCy model; one instance per thread."""

    def __init__(self, model: bytes) -> None:
        _spacy()  # without spaCy, say so before anything else
        try:
            with zipfile.ZipFile(io.BytesIO(model)) as packed:
                head = json.loads(packed.read("barchasb.json"))
                body = packed.read("model.bin")
        except (zipfile.BadZipFile, KeyError, ValueError) as exc:
            raise BarchasbError("the stored spaCy model is damaged: train the model again") from exc
        if head.get("format") != FORMAT:
            raise BarchasbError("the stored spaCy model is of another version: train the model again")
        self.labels: tuple[str, ...] = tuple(head["labels"])
        self._beam = int(head["beam_width"])
        self._nlp = _pipeline(head["size"]).from_bytes(body)
        self._ner = self._nlp.get_pipe("ner")

    def spans(self, text: str) -> list[tuple[int, int, str, float]]:
        """(start, end, label, score) of the entities found, offsets in code points."""
        cut = pieces(text)
        docs = [self._nlp.make_doc(piece) for _, piece, _ in cut]
        if not any(len(doc) for doc in docs):
            return []
        beams = self._ner.beam_parse(docs, beam_width=self._beam)  # one batch: one step loop for all
        out = []
        for (offset, _, _), doc, beam, marginals in zip(cut, docs, beams, self._ner.scored_ents(beams)):
            parses = self._ner.moves.get_beam_parses(beam)
            best = max(parses, key=lambda p: p[0])[1] if parses else []
            for first, last, label in sorted(best):
                score = min(1.0, round(float(marginals[(first, last, label)]), 4))
                end = doc[last - 1].idx + len(doc[last - 1].text)
                out.append((offset + doc[first].idx, offset + end, label, score))
        return out
