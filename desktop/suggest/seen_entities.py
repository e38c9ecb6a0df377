"""The project's own labelled entities as CRF features (feature version 3).

Every span of the layer the model learns from is an entry: its tokens' folded
keys → its label (the most frequent one when the same words carry several).
In a sentence the longest entry starting at a token wins and matching goes
on after it, so `سازمان ملل متحد` is one ORG, not the LOC-less `ملل`; the
tokens it covers get `B-LABEL` / `I-LABEL` features, and every word of the
document that one of its matches covers gets the document-level feature
`doc:LABEL` (a surname seen inside a full name is tagged there too).

Training must not see its own answers: a document's features come from the
entities of the *other* folds (`jackknife`), so the feature is as often right
and as often silent in training as on a new document, where the model uses
all the entities it was trained on (stored with the model, `crf_model`).
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

from desktop.suggest.tokens import Token, tokens_of

FOLDS = 5
Entry = tuple[tuple[str, ...], str]  # folded keys, label


def span_entries(text: str, spans: Iterable[tuple[int, int, str]]) -> list[Entry]:
    """(keys, label) of each span: the keys of the tokens it overlaps, as BIO tags count them."""
    tokens = tokens_of(text)
    out = []
    for start, end, label in spans:
        keys = tuple(t.key for t in tokens if t.start < end and start < t.end)
        if keys:
            out.append((keys, label))
    return out


class SeenEntities:
    """Labelled phrases found in a sentence's folded keys, longest first."""

    def __init__(self, entries: Iterable[Entry] = ()) -> None:
        counts: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
        for keys, label in entries:
            counts[tuple(keys)][label] += 1
        self.labels = {k: min(c, key=lambda label: (-c[label], label)) for k, c in counts.items()}
        self._heads = {k[:n] for k in self.labels for n in range(1, len(k) + 1)}
        self._longest = max((len(k) for k in self.labels), default=0)

    def __bool__(self) -> bool:
        return bool(self.labels)

    def tags(self, keys: Sequence[str]) -> list[str]:
        """Per key, `B-LABEL` / `I-LABEL` of the entry covering it, or ''."""
        out = [""] * len(keys)
        i = 0
        while i < len(keys):
            found = 0
            for n in range(1, min(self._longest, len(keys) - i) + 1):
                phrase = tuple(keys[i : i + n])
                if phrase not in self._heads:
                    break
                if phrase in self.labels:
                    found = n
            if not found:
                i += 1
                continue
            label = self.labels[tuple(keys[i : i + found])]
            out[i : i + found] = [f"B-{label}"] + [f"I-{label}"] * (found - 1)
            i += found
        return out

    def document_tags(self, sentences: Sequence[Sequence[Token]]) -> tuple[list[list[str]], dict[str, set[str]]]:
        """Each sentence's tags, and for every key a match covers, the labels it was matched as."""
        tagged = [self.tags([t.key for t in tokens]) for tokens in sentences]
        seen: dict[str, set[str]] = defaultdict(set)
        for tokens, tags in zip(sentences, tagged, strict=True):
            for token, tag in zip(tokens, tags, strict=True):
                if tag:
                    seen[token.key].add(tag[2:])
        return tagged, seen

    def stored(self) -> list[list[object]]:
        """JSON-ready `[[keys...], label]` pairs, sorted."""
        return [[list(k), label] for k, label in sorted(self.labels.items())]

    @classmethod
    def from_stored(cls, rows: Iterable[Sequence[object]]) -> SeenEntities:
        return cls((tuple(str(k) for k in keys), str(label)) for keys, label in rows)  # type: ignore[attr-defined]


def jackknife(entries: Sequence[Sequence[Entry]], folds: int = FOLDS, seed: int = 0) -> list[SeenEntities]:
    """For each document (its entries given), the entities of the documents in the other folds.
    Folds are a seeded shuffle of the documents; a single document sees none."""
    order = list(range(len(entries)))
    random.Random(seed).shuffle(order)
    folds = max(1, min(folds, len(entries)))
    fold_of = {doc: n % folds for n, doc in enumerate(order)}
    if folds == 1:
        return [SeenEntities() for _ in entries]
    per_fold = [
        SeenEntities(e for doc, found in enumerate(entries) if fold_of[doc] != fold for e in found)
        for fold in range(folds)
    ]
    return [per_fold[fold_of[doc]] for doc in range(len(entries))]


def all_entities(entries: Mapping[int, Sequence[Entry]] | Sequence[Sequence[Entry]]) -> SeenEntities:
    values = entries.values() if isinstance(entries, Mapping) else entries
    return SeenEntities(e for found in values for e in found)
