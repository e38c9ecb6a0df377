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
Features are crfsuite attribute strings, `name:value` (what crfsuite makes of
a `{name: value}` dict) or a bare name, all of weight 1: handing crfsuite
strings instead of dicts cuts its share of tagging by about a third, and
the strings of a word (alone, and as each neighbour) are made once per word
and model, not per occurrence. Version 1 models use `features_v1`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from desktop.suggest import word_parts as wp
from desktop.suggest.features_v1 import word_class
from desktop.suggest.lexicon import fold_word
from desktop.suggest.list_tags import ListTagger

FEATURES_VERSION = 3
READABLE_VERSIONS = (2, 3)  # version 3 adds the seen entities; a version 2 model tags without them
Attributes = list[str]  # one token's features: `name:value` or `name`, each of weight 1
_FAR = 3  # words either side whose identity is a feature
_POSITIONS = 3  # the first words of a sentence get their own position feature
_NEAR = (-2, -1, 1, 2)  # neighbours whose ending, word class and clusters are features
_LEVELS = 8  # cluster granularities read at most
_CACHED_WORDS = 200_000  # a context's per-word strings are dropped past this many words


@dataclass(frozen=True)
class Known:
    """The attributes a trained model has weights for, to leave the others out when
    tagging (crfsuite ignores them, after the cost of handing them over and looking
    them up): a word's cached strings are filtered once, and a bigram is made only
    when both its words occur in some bigram the model knows."""

    attributes: frozenset[str]
    paired: frozenset[str]

    @classmethod
    def of(cls, attributes: Iterable[str]) -> Known:
        attributes = frozenset(attributes)
        paired = {word for a in attributes if a.startswith(_PAIRS) for word in a.split(":", 1)[1].split("|")}
        return cls(attributes, frozenset(paired))

    def pair(self, key: str) -> bool:
        return key in self.paired or "|" in key  # a word holding `|` is not looked for: keep its pairs

    def keep(self, strings: Iterable[str]) -> tuple[str, ...]:
        return tuple(a for a in strings if a in self.attributes)


_PAIRS = ("bi-1:", "bi+1:", "around:")


@dataclass(frozen=True)
class FeatureContext:
    """What features read besides the sentence: word clusters and gazetteers, and
    when tagging, the attributes the model knows. It keeps each word's strings
    (they depend on its clusters and on what the model knows)."""

    clusters: Mapping[str, Sequence[str]] = field(default_factory=dict)  # key → ids, coarse to fine
    lists: ListTagger = field(default_factory=lambda: ListTagger({}))
    known: Known | None = None
    _words: dict[str, _Word] = field(default_factory=dict, compare=False, repr=False)

    def word(self, raw: str, key: str) -> _Word:
        found = self._words.get(raw)
        if found is None:
            if len(self._words) >= _CACHED_WORDS:
                self._words.clear()
            found = self._words[raw] = _Word(raw, key, self.clusters.get(key, ()), self.known)
        return found


EMPTY = FeatureContext()


def _strings(features: Mapping[str, str | float]) -> tuple[str, ...]:
    """crfsuite's reading of a feature dict whose numbers are all 1: `name:value` or `name`."""
    return tuple(f"{name}:{value}" if isinstance(value, str) else name for name, value in features.items())


@lru_cache(maxsize=100_000)
def _own(raw: str, key: str) -> tuple[str, ...]:
    """What the word alone says; cached (words repeat)."""
    out: dict[str, str | float] = {
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
    for gram in sorted(wp.char_ngrams(key)):
        out[f"g{gram}"] = 1.0
    return _strings(out)


def _cluster_strings(offset: int, ids: Sequence[str]) -> tuple[str, ...]:
    return tuple(f"{offset or ''}c{level}:{cluster}" for level, cluster in enumerate(ids))


class _Word:
    """A word's strings that do not depend on its sentence: what it says alone, its
    clusters, and what it says as each neighbour (its identity; two either side, also
    its ending, word class and clusters, the two coarsest for the farther ones); only
    those the model knows, when it is given."""

    __slots__ = ("around", "clusters", "own", "paired")

    def __init__(self, raw: str, key: str, ids: Sequence[str], known: Known | None) -> None:
        ids = ids[:_LEVELS]
        self.own, self.clusters = _own(raw, key), _cluster_strings(0, ids)
        kind = word_class(key)
        self.around: dict[int, tuple[str, ...]] = {offset: (f"{offset}w:{key}",) for offset in _OFFSETS}
        for offset in _NEAR:
            near = ids if abs(offset) == 1 else ids[:2]
            self.around[offset] += (f"{offset}s3:{key[-3:]}", f"{offset}class:{kind}", *_cluster_strings(offset, near))
        self.paired = True
        if known is not None:
            self.own, self.clusters = known.keep(self.own), known.keep(self.clusters)
            self.around = {offset: known.keep(strings) for offset, strings in self.around.items()}
            self.paired = known.pair(key)


_OFFSETS = tuple(offset for offset in range(-_FAR, _FAR + 1) if offset)
_START, _END = "<s>", "</s>"
_PAD: dict[int, tuple[str, ...]] = {offset: (f"{offset}w:{_START if offset < 0 else _END}",) for offset in _OFFSETS}
for _offset in _NEAR:  # what a neighbour past the sentence's edge says
    _PAD[_offset] += (f"{_offset}s3:{(_START if _offset < 0 else _END)[-3:]}", f"{_offset}class:-")


def sentence_features(
    words: Sequence[str],
    context: FeatureContext = EMPTY,
    entities: Sequence[str] = (),
    in_document: Mapping[str, set[str]] | None = None,
    keys: Sequence[str] | None = None,
) -> list[Attributes]:
    """One attribute list per word of a sentence; `words` are the raw token texts.
    `entities` are the words' seen-entity tags (`seen_entities`, '' for none) and
    `in_document` the labels a match gave each key anywhere in the document
    (version 3; a version 2 model passes neither and gets version 2's features).
    `keys` are the words folded, when the caller has them (tokens carry them).
    Besides the word itself: words up to `_FAR` away, endings, word classes and
    clusters of two either side, gazetteer tags of the next and previous word, bigrams."""
    keys = [fold_word(w) for w in words] if keys is None else list(keys)
    n = len(keys)
    known = [context.word(raw, k) for raw, k in zip(words, keys, strict=True)]
    lists = context.lists.tags(keys) if context.lists else [set() for _ in keys]
    gz = [tuple(f"gz{tag}" for tag in tags) for tags in lists]
    if context.lists:
        gz = [(*tags, *(f"gzstem:{name}" for name in context.lists.stem_lists(k))) for tags, k in zip(gz, keys)]
    far_l, near_l, next_l, next_r, near_r, far_r = (
        [known[i + o].around[o] if 0 <= i + o < n else _PAD[o] for i in range(n)] for o in _OFFSETS
    )
    near_gz = [
        tuple(f"{o}gz{tag}" for j in (i + o,) if 0 <= j < n for tag in lists[j]) for i in range(n) for o in (-1, 1)
    ]
    padded = [_START] * _FAR + keys + [_END] * _FAR
    pairs = [f"{padded[k]}|{padded[k + 1]}" for k in range(len(padded) - 1)]
    paired = [True] * _FAR + [w.paired for w in known] + [True] * _FAR  # edges: `<s>` and `</s>` are kept
    out = []
    for i in range(n):
        at = i + _FAR
        features = [
            *known[i].own,
            "pos:" + (str(i) if i < _POSITIONS else ("last" if i == n - 1 else "mid")),
            *known[i].clusters,
            *gz[i],
            *far_l[i],
            *near_l[i],
            *next_l[i],
            *next_r[i],
            *near_r[i],
            *far_r[i],
            *near_gz[2 * i],
            *near_gz[2 * i + 1],
        ]
        if paired[at]:
            if paired[at - 1]:
                features.append(f"bi-1:{pairs[at - 1]}")
            if paired[at + 1]:
                features.append(f"bi+1:{pairs[at]}")
        if paired[at - 1] and paired[at + 1]:
            features.append(f"around:{padded[at - 1]}|{padded[at + 1]}")
        if entities:
            _entity_features(features, entities, i)
        if in_document and keys[i] in in_document:
            features += [f"doc:{label}" for label in sorted(in_document[keys[i]])]
        out.append(features)
    return out


def _entity_features(features: Attributes, entities: Sequence[str], i: int) -> None:
    """The seen-entity tag of the word and of the words right before and after it."""
    for offset, name in ((0, "ent"), (-1, "-1ent"), (1, "1ent")):
        j = i + offset
        if 0 <= j < len(entities) and entities[j]:
            features.append(f"{name}:{entities[j]}")
