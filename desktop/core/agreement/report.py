"""Accumulating agreement over documents into one report.

The workspace reads documents one at a time and hands each to
`AgreementBuilder.add_document` with its layers' spans and its tokens; the
builder keeps only counts, so a project of any size costs constant memory
(unless per-document figures are asked for).

A document counts for a pair when both layers annotated it (the caller
decides what "annotated" means), and for alpha when two layers or more did.
Span figures measure b against a (a is the reference; F1 is symmetric).
Relations, attribute values and entity links are compared on the matched
spans of documents that have any (`facts`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from operator import itemgetter
from typing import Any

from desktop.core.agreement.fact_counts import count_facts
from desktop.core.agreement.facts import FactScheme, LayerFacts
from desktop.core.agreement.measures import AlphaCounts
from desktop.core.agreement.pair import DocumentAgreement, PairAgreement
from desktop.core.agreement.tally import PatternTally, SpanTally, patterns_of
from desktop.core.agreement.tokens import Key, token_tags

NO_FACTS = LayerFacts()
_LABEL = itemgetter(2)  # of a span key (start, end, label)


@dataclass
class AgreementReport:
    layers: list[str]
    documents: int
    pairs: dict[tuple[str, str], PairAgreement]
    alpha_counts: AlphaCounts
    labels: list[str]
    per_document: list[DocumentAgreement] = field(default_factory=list)
    relation_types: list[str] = field(default_factory=list)  # those any counted layer used
    attribute_fields: list[str] = field(default_factory=list)  # `label.name` compared

    @property
    def alpha(self) -> float | None:
        """Krippendorff's alpha over every counted document's tokens and layers."""
        return self.alpha_counts.alpha()

    def pair(self, a: str, b: str) -> PairAgreement:
        """The figures of a pair, in either order (b against a)."""
        if (a, b) in self.pairs:
            return self.pairs[(a, b)]
        return self.pairs[(b, a)].swapped()

    def matrix(self, measure: str = "f1", mode: str = "exact") -> list[list[float | None]]:
        """Layer-by-layer figures (f1 or kappa); the diagonal is None."""

        def cell(a: str, b: str) -> float | None:
            if a == b:
                return None
            pair = self.pair(a, b)
            return pair.kappa if measure == "kappa" else pair.f1(mode)

        return [[cell(a, b) for b in self.layers] for a in self.layers]

    def as_dict(self) -> dict[str, Any]:
        return {
            "layers": self.layers,
            "documents": self.documents,
            "labels": self.labels,
            "relation_types": self.relation_types,
            "attribute_fields": self.attribute_fields,
            "alpha": self.alpha,
            "pairs": [p.as_dict() for p in self.pairs.values()],
            "matrix": {
                "f1_exact": self.matrix("f1", "exact"),
                "f1_overlap": self.matrix("f1", "overlap"),
                "kappa": self.matrix("kappa"),
            },
            "per_document": [d.as_dict() for d in self.per_document],
        }


class AgreementBuilder:
    """Counts only: span matches per pair and label, and token tag patterns.

    A pattern is the tuple of tags the layers present in a document gave one
    token; pooled patterns give every pair's confusion counts and alpha at
    the end, so a document costs a few list extensions, not work per pair and
    token (`tally`: counted in C in batches).
    """

    def __init__(self, layers: Sequence[str], *, per_document: bool = False, scheme: FactScheme | None = None) -> None:
        self.layers = list(layers)
        self.scheme = scheme or FactScheme()
        self.per_document = per_document
        self.documents = 0
        self.pairs = {(a, b): PairAgreement(a, b) for a, b in combinations(self.layers, 2)}
        self.spans = {pair: SpanTally() for pair in self.pairs}
        self.patterns: dict[tuple[str, ...], PatternTally] = {}
        self.labels: set[str] = set()
        self.rows: list[DocumentAgreement] = []

    def add_document(
        self,
        document_id: int,
        annotated: set[str],
        spans: Mapping[str, Sequence[Key]],
        starts: Sequence[int],
        ends: Sequence[int],
        token_count: int,
        facts: Mapping[str, LayerFacts] | None = None,
    ) -> None:
        """One document: the layers that annotated it, their spans, the tokens the
        spans touch (at least; their starts and ends, in order), how many tokens
        the whole document has, and what layers put on their spans (if anything)."""
        present = tuple(name for name in self.layers if name in annotated)
        if len(present) < 2:
            return
        self.documents += 1
        for keys in spans.values():
            self.labels.update(map(_LABEL, keys))
        tags = [token_tags(spans.get(name, ()), starts, ends) for name in present]
        patterns = self.patterns.get(present)
        if patterns is None:
            patterns = self.patterns[present] = PatternTally(len(present))
        if not self.per_document:
            patterns.add(tags, token_count)
            for a, b in combinations(present, 2):
                self._add_pair(self.pairs[(a, b)], self.spans[(a, b)], spans, facts)
            return
        mine = patterns_of(tags, token_count)
        patterns.add_counts(mine)
        pairs = {}
        for a, b in combinations(present, 2):
            pair, tally = PairAgreement(a, b), SpanTally()
            self._add_pair(pair, tally, spans, facts)
            tally.add_to(pair.by_label)
            pair.confusion = _confusion(present, mine, a, b)
            self.pairs[(a, b)].add(pair)
            pairs[(a, b)] = pair
        self.rows.append(DocumentAgreement(document_id, present, pairs, _alpha({present: mine}).alpha()))

    def _add_pair(
        self,
        pair: PairAgreement,
        tally: SpanTally,
        spans: Mapping[str, Sequence[Key]],
        facts: Mapping[str, LayerFacts] | None,
    ) -> None:
        a, b = pair.a, pair.b
        pair.documents += 1
        same, overlaps = tally.add(spans.get(a, ()), spans.get(b, ()))
        if facts:
            mine, theirs = facts.get(a, NO_FACTS), facts.get(b, NO_FACTS)
            if mine or theirs:
                count_facts(mine, theirs, same, overlaps, pair.facts, self.scheme)

    def report(self) -> AgreementReport:
        patterns = {present: tally.counts() for present, tally in self.patterns.items()}
        if not self.per_document:  # per document, spans and confusions were added as they came
            for (a, b), pair in self.pairs.items():
                self.spans[(a, b)].add_to(pair.by_label)
                for present, counts in patterns.items():
                    if a in present and b in present:
                        pair.confusion.update(_confusion(present, counts, a, b))
        facts = [pair.facts for pair in self.pairs.values()]
        return AgreementReport(
            self.layers,
            self.documents,
            self.pairs,
            _alpha(patterns),
            sorted(self.labels),
            self.rows,
            sorted({t for f in facts for table in f.relations.values() for t in table}),
            sorted({path for f in facts for path in f.attributes}),
        )


def _confusion(
    present: tuple[str, ...], patterns: Counter[tuple[str, ...]], a: str, b: str
) -> Counter[tuple[str, str]]:
    i, j = present.index(a), present.index(b)
    confusion: Counter[tuple[str, str]] = Counter()
    for tags, n in patterns.items():
        confusion[(tags[i], tags[j])] += n
    return confusion


def _alpha(patterns: Mapping[tuple[str, ...], Counter[tuple[str, ...]]]) -> AlphaCounts:
    counts = AlphaCounts()
    for tags_by_pattern in patterns.values():
        for tags, n in tags_by_pattern.items():
            counts.add_unit(tags, n)
    return counts


def merged(first: AgreementReport, second: AgreementReport) -> AgreementReport:
    """One report of two passes over different documents of the same layers, `second`'s
    documents after `first`'s (by id): every figure as one pass over both gives it."""
    for key, pair in second.pairs.items():
        first.pairs[key].add(pair)
    first.alpha_counts.merge(second.alpha_counts)
    first.documents += second.documents
    first.labels = sorted({*first.labels, *second.labels})
    first.per_document += second.per_document
    first.relation_types = sorted({*first.relation_types, *second.relation_types})
    first.attribute_fields = sorted({*first.attribute_fields, *second.attribute_fields})
    return first
