"""Measuring suggesters against a layer: precision, recall and F1 per label.

Nothing is stored. Each source is scored on the labels it can suggest (the
date rule is not blamed for missing people), and all sources together on
the union. With `holdout`, that share of the layer's documents is set
aside: the CRF is trained afresh on the rest (the stored model is left
alone) and propagation learns its strings from the rest too; without it,
the stored model is used and propagation is not scored (it would only find
the layer's own spans again).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from desktop.core.errors import InputError
from desktop.suggest.crf import TrainingDocument, train_crf
from desktop.suggest.evaluation import Evaluation
from desktop.suggest.proposals import Suggester
from desktop.suggest.suggesters import CrfSuggester, PropagationSuggester, SpacySuggester
from desktop.workspace.suggestions.crf_inputs import feature_lists, project_texts
from desktop.workspace.suggestions.sources import build_suggesters, resolve_sources, rule_labels, stored_model
from desktop.workspace.suggestions.training import current_annotator, layer_documents, resolve_layer

if TYPE_CHECKING:
    from desktop.workspace.session import Workspace

Progress = Callable[[str], None]


@dataclass
class EvaluationReport:
    layer: str
    documents: int
    trained_on: int = 0
    by_source: dict[str, Evaluation] = field(default_factory=dict)
    labels: dict[str, list[str]] = field(default_factory=dict)  # what each source can suggest

    def as_dict(self) -> dict:
        return {
            "layer": self.layer,
            "documents": self.documents,
            "trained_on": self.trained_on,
            "sources": {s: e.as_dict() for s, e in self.by_source.items()},
        }


def split(ids: list[int], holdout: float, seed: int) -> tuple[list[int], list[int]]:
    """(training, evaluation) ids: a seeded shuffle, `holdout` of them evaluated."""
    if not 0 < holdout < 1:
        raise InputError("suggest.holdout_share")
    if len(ids) < 2:  # one to learn from, one to score: else the CRF would have nothing to train on
        raise InputError("suggest.holdout_documents", count=len(ids))
    shuffled = sorted(ids)
    random.Random(seed).shuffle(shuffled)
    cut = max(1, round(len(shuffled) * holdout))
    return sorted(shuffled[cut:]), sorted(shuffled[:cut])


def evaluate_suggesters(
    workspace: Workspace,
    layer: str | None = "gold",
    sources: Iterable[str] | None = None,
    *,
    holdout: float | None = None,
    seed: int = 0,
    document_ids: Iterable[int] | None = None,
    crf_params: dict | None = None,
    progress: Progress | None = None,
) -> EvaluationReport:
    repo = workspace.repo
    annotators = resolve_layer(repo, layer, current_annotator(workspace))
    documents = layer_documents(repo, annotators, document_ids)
    chosen = _chosen(repo, sources, holdout is not None)
    train_ids, test_ids = split(list(documents), holdout, seed) if holdout else ([], list(documents))
    training = [documents[i] for i in train_ids]
    me = annotators[0].id
    suggesters = build_suggesters(repo, me, [s for s in chosen if s not in ("crf", "propagation")])
    if "propagation" in chosen:
        suggesters.append(PropagationSuggester(_strings(training)))
    if "crf" in chosen:
        suggesters.append(_crf(repo, training, crf_params, progress, set(train_ids)))
    report = EvaluationReport(layer or annotators[0].name, len(test_ids), len(train_ids))
    report.labels = _labels(repo, chosen, suggesters, training)
    _score(report, suggesters, {i: documents[i] for i in test_ids}, progress)
    return report


def _chosen(repo, sources: Iterable[str] | None, held_out: bool) -> list[str]:
    if sources is None:
        chosen = resolve_sources(repo, None)
        if held_out and "crf" not in chosen:
            chosen.append("crf")  # a fresh model is trained, none need be stored
        return chosen if held_out else [s for s in chosen if s != "propagation"]
    wanted = list(sources)
    needs_model = "crf" in wanted and held_out
    chosen = resolve_sources(repo, [s for s in wanted if s != "crf"] if needs_model else wanted)
    return chosen + (["crf"] if needs_model else [])


def _crf(repo, training: list[TrainingDocument], params, progress, train_ids: set[int]) -> Suggester:
    if not training:
        return CrfSuggester(stored_model(repo))
    if progress:
        progress(f"training the CRF on {len(training)} documents")
    # As training does: clusters from all the project's text (the held-out texts too, never their spans).
    unlabelled = project_texts(repo, skip=train_ids)
    return CrfSuggester(train_crf(training, params=params, unlabelled=unlabelled, lists=feature_lists(repo)).model)


def _strings(documents: list[TrainingDocument]) -> set[tuple[str, str]]:
    return {(d.text[s:e], label) for d in documents for s, e, label in d.spans}


def _labels(repo, chosen, suggesters, training) -> dict[str, list[str]]:
    """The labels each source can suggest: it is scored on those only."""
    rules = rule_labels(repo)
    out: dict[str, list[str]] = {
        "rule:figure": [label for k in ("money", "percent", "quantity") if (label := rules[k])],
        "rule:date": [date] if (date := rules["date"]) else [],
    }
    out.update({f"gazetteer:{g.name}": [g.label] for g in repo.gazetteers()})
    out["propagation"] = sorted({label for d in training for _, _, label in d.spans})
    for suggester in suggesters:
        if isinstance(suggester, (CrfSuggester, SpacySuggester)):  # a learned source: the labels it learned
            out[suggester.sources[0]] = list(suggester.labels)
    return {source: sorted(set(out.get(source, []))) for source in chosen}


def _score(
    report: EvaluationReport,
    suggesters: list[Suggester],
    documents: dict[int, TrainingDocument],
    progress: Progress | None,
) -> None:
    sources = list(report.labels)
    evaluations = {s: Evaluation() for s in sources + ["all"]}
    everything = {label for labels in report.labels.values() for label in labels}
    for count, (doc, document) in enumerate(documents.items()):
        if progress and count % 50 == 0:
            progress(f"suggesting in document {count + 1} of {len(documents)}")
        found = [c for s in suggesters for c in s.suggest(document.text)]
        gold = [(doc, *span) for span in document.spans]
        for source in sources:
            allowed = set(report.labels[source])
            evaluations[source].add(
                [(doc, c.start, c.end, c.label) for c in found if c.source == source],
                [key for key in gold if key[3] in allowed],
            )
        evaluations["all"].add(
            {(doc, c.start, c.end, c.label) for c in found}, [key for key in gold if key[3] in everything]
        )
    if len(sources) == 1:  # "all" would repeat the one table
        del evaluations["all"]
    report.by_source = evaluations
