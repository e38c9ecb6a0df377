"""A local Hugging Face token-classification model as a tagger: `load` loads a folder that
`hf_folder.read_model` accepted, `ModelTagger.spans` tags a text.

torch and transformers are an optional extra (`pip install barchasb[transformers]`) and are
imported inside `load`, so nothing else pays for them. Nothing is downloaded: the hub is put
offline (HF_HUB_OFFLINE) and every load is `local_files_only`. Offsets come from the fast
tokenizer's offset mapping, which counts code points of the text given (ZWNJ, emoji, CRLF and
every digit script stay exact); a long text runs in windows of the model's length that overlap
by a quarter, each token taking its prediction from the window where it is furthest from an edge.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop.core.errors import BarchasbError, InputError
from desktop.suggest.hf_entities import Token, entities, words
from desktop.suggest.hf_folder import ModelInfo, read_model

Progress = Callable[[int, int], None]
BATCH = 8  # windows per forward pass
LONGEST = 512  # tokens in a window at most, whatever the model says


class ModelCancelled(BarchasbError):
    """The tagging was stopped between two batches of windows."""


def load(folder: str | Path, max_length: int | None = None) -> ModelTagger:
    """Load the model and its fast tokenizer from `folder`, offline; `max_length` caps a window (tests)."""
    info = read_model(folder)
    os.environ["HF_HUB_OFFLINE"] = "1"  # before transformers is first imported: it reads these once
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    try:
        import torch
        import transformers
    except ImportError:
        raise InputError("model.no_transformers") from None
    transformers.utils.logging.set_verbosity_error()  # "weights not initialised" and the like: not the user's
    transformers.utils.logging.disable_progress_bar()
    # One core stays with the window: torch's own threads do the work and release the GIL.
    torch.set_num_threads(max(1, (os.cpu_count() or 1) - 1))
    where = str(info.folder)
    try:
        tokenizer = transformers.AutoTokenizer.from_pretrained(where, local_files_only=True)
        if not getattr(tokenizer, "is_fast", False):
            raise InputError("model.slow_tokenizer", path=where)
        model = transformers.AutoModelForTokenClassification.from_pretrained(where, local_files_only=True)
    except InputError:
        raise
    except Exception as exc:  # a third party's loader fails in many ways; each is "cannot load", said plainly
        raise InputError("model.unreadable", path=where, detail=_one_line(exc)) from None
    model.eval()
    return ModelTagger(info, tokenizer, model, _window(tokenizer, model.config, max_length))


def _window(tokenizer: Any, config: Any, wanted: int | None) -> int:
    limits = [LONGEST, getattr(tokenizer, "model_max_length", None), getattr(config, "max_position_embeddings", None)]
    return min([n for n in limits if isinstance(n, int) and n > 0] + ([wanted] if wanted else []))


def _trimmed(text: str) -> Callable[[tuple[int, int, str, float]], tuple[int, int, str, float]]:
    """Some tokenizers (SentencePiece's `▁word`) count the space before a word into its token."""

    def trim(span: tuple[int, int, str, float]) -> tuple[int, int, str, float]:
        start, end, kind, score = span
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return start, end, kind, score

    return trim


def _one_line(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:300]


class ModelTagger:
    """A loaded model and tokenizer; `spans` tags one text."""

    def __init__(self, info: ModelInfo, tokenizer: Any, model: Any, max_length: int) -> None:
        self.info = info
        self.labels = info.types
        self._tokenizer = tokenizer
        self._model = model
        self.max_length = max_length
        self.stride = max_length // 4

    def spans(
        self, text: str, progress: Progress | None = None, cancel: Callable[[], bool] | None = None
    ) -> list[tuple[int, int, str, float]]:
        """(start, end, entity type, score) of the entities in `text`; ModelCancelled if `cancel()` says so."""
        if not text.strip():
            return []
        tokens = self._tokens(text, progress, cancel)
        found = entities(words(sorted(tokens, key=lambda t: (t.start, t.end))))
        return [span for span in map(_trimmed(text), found) if span[0] < span[1]]

    def _tokens(self, text: str, progress: Progress | None, cancel: Callable[[], bool] | None) -> list[Token]:
        import torch

        encoded = self._tokenizer(
            text,
            return_offsets_mapping=True,
            return_special_tokens_mask=True,
            return_overflowing_tokens=True,
            truncation=True,
            max_length=self.max_length,
            stride=self.stride,
            padding=True,
            return_tensors="pt",
        )
        inputs = [k for k in ("input_ids", "attention_mask", "token_type_ids") if k in encoded]
        count = encoded["input_ids"].shape[0]
        best: dict[tuple[int, int], tuple[int, Token]] = {}  # (start, end) -> (distance from an edge, token)
        for first in range(0, count, BATCH):
            if cancel is not None and cancel():
                raise ModelCancelled("the model was stopped")
            with torch.inference_mode():
                logits = self._model(**{k: encoded[k][first : first + BATCH] for k in inputs}).logits
            scores, tags = torch.softmax(logits.float(), dim=-1).max(dim=-1)
            for row in range(logits.shape[0]):
                self._keep(encoded, first + row, tags[row].tolist(), scores[row].tolist(), best)
            if progress:
                progress(min(first + BATCH, count), count)
        return [token for _, token in best.values()]

    def _keep(
        self,
        encoded: Any,
        window: int,
        tags: list[int],
        scores: list[float],
        best: dict[tuple[int, int], tuple[int, Token]],
    ) -> None:
        """Offer this window's tokens; each keeps the prediction made furthest from a window's edge."""
        special = encoded["special_tokens_mask"][window].tolist()
        offsets = encoded["offset_mapping"][window].tolist()
        word_ids = encoded.word_ids(window)
        mask = encoded["attention_mask"][window].tolist()
        real = [i for i in range(len(offsets)) if mask[i] and not special[i] and offsets[i][1] > offsets[i][0]]
        if not real:
            return
        edge_first, edge_last = real[0], real[-1]
        id2label = self._model.config.id2label
        for i in real:
            start, end = offsets[i]
            distance = min(i - edge_first, edge_last - i)
            kept = best.get((start, end))
            if kept is None or distance > kept[0]:
                word = word_ids[i] if word_ids[i] is not None else -1 - i
                best[(start, end)] = (distance, Token(start, end, word, id2label[tags[i]], scores[i]))
