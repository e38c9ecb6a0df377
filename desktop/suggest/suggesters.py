"""The suggesters besides gazetteers: rules, propagation, the CRF and spaCy's NER.

Each takes a text and returns `Proposal`s; none of them reads the project,
so they can run anywhere (the workspace feeds them what they need).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from desktop.suggest.crf import CrfTagger
from desktop.suggest.phrases import PhraseMatcher
from desktop.suggest.proposals import Proposal
from desktop.suggest.rules import KINDS, SOURCE_OF_KIND, find_rules
from desktop.text.folding import find_all

PROPAGATION_SCORE = 0.85
MIN_PROPAGATED = 2  # characters: a one-letter span is too often something else


class RuleSuggester:
    """Figures and dates, each kind with the label the project maps it to."""

    def __init__(self, labels: Mapping[str, str | None], kinds: Iterable[str] = KINDS) -> None:
        """`labels` maps a kind to its label; a kind mapped to None (or missing) is not suggested."""
        self._labels = {k: label for k in kinds if (label := labels.get(k))}
        self.sources = tuple(sorted({SOURCE_OF_KIND[k] for k in self._labels}))

    def suggest(self, text: str) -> list[Proposal]:
        if not self._labels:
            return []
        return [
            Proposal(f.start, f.end, self._labels[f.kind], f.source, f.score, f.kind)
            for f in find_rules(text, tuple(self._labels))
        ]


class PropagationSuggester:
    """The strings a layer labelled, suggested with their labels wherever they recur."""

    sources = ("propagation",)

    def __init__(self, labelled: Iterable[tuple[str, str]]) -> None:
        pairs = {(text, label) for text, label in labelled if len(text.strip()) >= MIN_PROPAGATED}
        self._matcher = PhraseMatcher(((text, label) for text, label in sorted(pairs)), literal=True)

    def suggest(self, text: str) -> list[Proposal]:
        if not self._matcher:
            return []
        return [
            Proposal(m.start, m.end, label, "propagation", PROPAGATION_SCORE, text[m.start : m.end])
            for m in self._matcher.find(text)
            for label in m.payloads
        ]


class OnePhraseSuggester:
    """One labelled string suggested wherever it recurs (the window's propagation
    after each label): the text layer's folded whole-word search, which is cached
    per document, instead of a token walk over the whole text."""

    sources = ("propagation",)

    def __init__(self, phrase: str, label: str) -> None:
        self.phrase = phrase if len(phrase.strip()) >= MIN_PROPAGATED else ""
        self.label = label

    def suggest(self, text: str) -> list[Proposal]:
        if not self.phrase:
            return []
        return [
            Proposal(start, end, self.label, "propagation", PROPAGATION_SCORE, text[start:end])
            for start, end in find_all(text, self.phrase, whole_word=True)
        ]


class CrfSuggester:
    """Entities a trained CRF finds; the score is its confidence."""

    sources = ("crf",)

    def __init__(self, model: bytes, labels: Iterable[str] | None = None) -> None:
        self._tagger = CrfTagger(model)
        wanted = None if labels is None else set(labels)
        self.labels = tuple(x for x in self._tagger.labels if wanted is None or x in wanted)

    def suggest(self, text: str) -> list[Proposal]:
        return [
            Proposal(start, end, label, "crf", score)
            for start, end, label, score in self._tagger.spans(text)
            if label in self.labels
        ]


class SpacySuggester:
    """Entities a trained spaCy NER finds (desktop.suggest.spacy_ner); the score is the beam's."""

    sources = ("spacy",)

    def __init__(self, model: bytes) -> None:
        from desktop.suggest.spacy_ner import SpacyTagger  # imports spaCy: only when a model is used

        self._tagger = SpacyTagger(model)
        self.labels = self._tagger.labels

    def suggest(self, text: str) -> list[Proposal]:
        return [Proposal(start, end, label, "spacy", score) for start, end, label, score in self._tagger.spans(text)]
