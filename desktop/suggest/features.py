"""Token features for the CRF (version 3): the word and its parts, its shape over
three digit scripts, what the word lists and gazetteers say about it, its
word clusters, its place in the sentence, and the same for its neighbours;
version 3 adds the project's own labelled entities (`seen_entities`: the
entity a word is part of, its neighbours', and the labels its key was matched
as anywhere in the document). A version 2 model gets the same features
without those.

Words are folded (`desktop.suggest.tokens`), so spelling variants share
their weights; shape, digit script and ZWNJ parts read the raw token, which
folding would erase (`word_parts`). Gazetteer membership (`list_tags`) and
clusters (`clusters`) come from a `FeatureContext` stored with the model,
so a model tags with the very lists and clusters it was trained with.
Features are strings (crfsuite turns `name=value` into one binary feature)
or names with weight 1, built once per sentence. Version 1 models use
`features_v1`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from desktop.suggest import word_parts as wp
from desktop.suggest.features_v1 import word_class
from desktop.suggest.lexicon import fold_word
from desktop.suggest.list_tags import ListTagger

FEATURES_VERSION = 3
READABLE_VERSIONS = (2, 3)  # version 3 adds the seen entities; a version 2 model tags without them
Features = dict[str, str | float]
_FAR = 3  # words either side whose identity is a feature
_POSITIONS = 3  # the first words of a sentence get their own position feature


@dataclass(frozen=True)
class FeatureContext:
    """What features read besides the sentence: word clusters and gazetteers."""

    clusters: Mapping[str, Sequence[str]] = field(default_factory=dict)  # key → ids, coarse to fine
    lists: ListTagger = field(default_factory=lambda: ListTagger({}))


EMPTY = FeatureContext()


@lru_cache(maxsize=100_000)
def _own(raw: str, key: str) -> Features:
    """What the word alone says; cached (words repeat), so callers copy before adding."""
    out: Features = {
        "w": key,
        "p2": key[:2],
        "p3": key[:3],
        "s2": key[-2:],
        "s3": key[-3:],
        "s4": key[-4:],
        "shape": wp.shape(raw),
        "class": word_class(key),
    }
    if scripts := wp.digit_scripts(raw):
        out["digits"] = f"{scripts}{min(len(key), 5)}"
    if ending := wp.suffix(key):
        out["sfx"] = ending
        out["stem"] = key[: -len(ending)]
    if start := wp.prefix(key):
        out["pfx"] = start
    parts = wp.zwnj_parts(raw)
    if len(parts) > 1:
        out["z0"], out["z-1"] = parts[0], parts[-1]
    for gram in wp.char_ngrams(key):
        out[f"g{gram}"] = 1.0
    return out


_CLUSTER_KEYS = {offset: tuple(f"{offset or ''}c{level}" for level in range(8)) for offset in range(-2, 3)}
_WORD_KEYS = {offset: f"{offset}w" for offset in range(-_FAR, _FAR + 1)}
_NEAR = tuple((offset, f"{offset}s3", f"{offset}class", f"{offset}gz") for offset in (-2, -1, 1, 2))


def _clusters(out: Features, offset: int, ids: Sequence[str]) -> None:
    out.update(zip(_CLUSTER_KEYS[offset], ids, strict=False))


def sentence_features(
    words: Sequence[str],
    context: FeatureContext = EMPTY,
    entities: Sequence[str] = (),
    in_document: Mapping[str, set[str]] | None = None,
    keys: Sequence[str] | None = None,
) -> list[Features]:
    """One feature dict per word of a sentence; `words` are the raw token texts.
    `entities` are the words' seen-entity tags (`seen_entities`, '' for none) and
    `in_document` the labels a match gave each key anywhere in the document
    (version 3; a version 2 model passes neither and gets version 2's features).
    `keys` are the words folded, when the caller has them (tokens carry them)."""
    keys = [fold_word(w) for w in words] if keys is None else list(keys)
    sentence = _Sentence(keys, context)
    out = []
    for i, raw in enumerate(words):
        features = dict(_own(raw, keys[i]))
        features["pos"] = str(i) if i < _POSITIONS else ("last" if i == len(keys) - 1 else "mid")
        _clusters(features, 0, sentence.ids[i])
        features.update({f"gz{tag}": 1.0 for tag in sentence.lists[i]})
        if context.lists:
            features.update({f"gzstem:{name}": 1.0 for name in context.lists.stem_lists(keys[i])})
        sentence.neighbours(features, i)
        if entities:
            _entity_features(features, entities, i)
        if in_document and keys[i] in in_document:
            features.update({f"doc:{label}": 1.0 for label in sorted(in_document[keys[i]])})
        out.append(features)
    return out


def _entity_features(features: Features, entities: Sequence[str], i: int) -> None:
    """The seen-entity tag of the word and of the words right before and after it."""
    for offset, name in ((0, "ent"), (-1, "-1ent"), (1, "1ent")):
        j = i + offset
        if 0 <= j < len(entities) and entities[j]:
            features[name] = entities[j]


class _Sentence:
    """A sentence's keys, padded, with each word's clusters and gazetteer tags."""

    def __init__(self, keys: list[str], context: FeatureContext) -> None:
        self.keys = keys
        self.padded = ["<s>"] * _FAR + keys + ["</s>"] * _FAR
        self.lists = context.lists.tags(keys) if context.lists else [set() for _ in keys]
        self.ids = [context.clusters.get(k, ()) for k in keys]
        self.classes = [word_class(k) for k in keys]

    def neighbours(self, features: Features, i: int) -> None:
        """Words up to `_FAR` away; endings, word classes, clusters of two either side;
        gazetteer tags of the next and previous word; bigrams."""
        at, padded = i + _FAR, self.padded
        for offset, name in _WORD_KEYS.items():
            if offset:
                features[name] = padded[at + offset]
        for offset, s3, kind, gz in _NEAR:
            j = i + offset
            features[s3] = padded[at + offset][-3:]
            if not 0 <= j < len(self.keys):
                features[kind] = "-"
                continue
            features[kind] = self.classes[j]
            _clusters(features, offset, self.ids[j][:2] if abs(offset) == 2 else self.ids[j])
            if abs(offset) == 1:
                features.update({f"{gz}{tag}": 1.0 for tag in self.lists[j]})
        features["bi-1"] = f"{padded[at - 1]}|{padded[at]}"
        features["bi+1"] = f"{padded[at]}|{padded[at + 1]}"
        features["around"] = f"{padded[at - 1]}|{padded[at + 1]}"
