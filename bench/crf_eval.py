"""The CRF on a PEYMA project, measured the way the issue asks (eval_peyma.py's part 2).

Trains on the training part of the seeded split with what the project's training uses
(the layer's spans, the gazetteers, clusters from all the project's text), then reports per
label, the training's CPU time (clusters apart), the apply cost in CPU ms per 3 KB of text
(tokenizing included: the token cache is emptied first), the learning curve and the other
corpora. CPU time, not wall clock: the bench runs on a shared machine.
"""

from __future__ import annotations

import random
import time

from desktop.suggest.crf import CrfTagger, TrainedModel, TrainingDocument, train_crf
from desktop.suggest.evaluation import Evaluation
from desktop.suggest.tokens import clear_token_cache
from desktop.workspace.suggestions.crf_inputs import feature_lists, project_texts
from desktop.workspace.suggestions.evaluation import split
from desktop.workspace.suggestions.training import layer_documents, resolve_layer

ENTITIES = ("PER", "ORG", "LOC")


class CrfBench:
    """One project's layer, split once; trains and scores CRFs on it."""

    def __init__(self, workspace, layer: str, holdout: float, seed: int, params: dict | None) -> None:
        repo = workspace.repo
        self.documents = layer_documents(repo, resolve_layer(repo, layer, None))
        self.train_ids, self.test_ids = split(list(self.documents), holdout, seed)
        self.lists = feature_lists(repo)
        self.repo, self.seed, self.params = repo, seed, params or {}

    def train(self, ids: list[int]) -> tuple[TrainedModel, float]:
        """A model trained on `ids` and its CPU seconds (clusters included)."""
        unlabelled = project_texts(self.repo, skip=set(ids))
        started = time.process_time()
        model = train_crf([self.documents[i] for i in ids], params=self.params, unlabelled=unlabelled, lists=self.lists)
        return model, time.process_time() - started

    def test(self, model: TrainedModel) -> tuple[Evaluation, float]:
        return score(model, {i: self.documents[i] for i in self.test_ids})

    def curve(self, full: tuple[Evaluation, float] | None, sizes: list[int]) -> list[dict]:
        """F1 after the first N documents of a seeded shuffle of the training part (and
        after all of them when `full`, the evaluation and CPU seconds of that model, is given)."""
        order = list(self.train_ids)
        random.Random(self.seed).shuffle(order)
        out = []
        for n in [s for s in sizes if s < len(order)] + ([len(order)] if full else []):
            if full and n == len(order):
                evaluation, seconds = full
            else:
                model, seconds = self.train(sorted(order[:n]))
                evaluation, _ = self.test(model)
            micro = evaluation.micro(ENTITIES, "PER/ORG/LOC")
            row = {"documents": n, "f1": round(micro.f1, 4), "train_cpu_s": round(seconds, 1)}
            row.update({label: round(evaluation.score(label).f1, 4) for label in ENTITIES})
            print(f"  curve: {row}", flush=True)
            out.append(row)
        return out


def score(model: TrainedModel, documents: dict[int, TrainingDocument]) -> tuple[Evaluation, float]:
    """Exact-span counts per label, and the CPU ms per 3,000 characters of tagging."""
    tagger = CrfTagger(model.model)
    evaluation = Evaluation()
    clear_token_cache()  # cold: tokenizing is part of applying to a new document
    started = time.process_time()
    found = {doc: tagger.spans(d.text) for doc, d in documents.items()}
    seconds = time.process_time() - started
    for doc, d in documents.items():
        evaluation.add([(doc, s, e, label) for s, e, label, _ in found[doc]], [(doc, *span) for span in d.spans])
    chars = sum(len(d.text) for d in documents.values())
    return evaluation, 1000 * seconds / max(chars, 1) * 3000


def per_label(evaluation: Evaluation, labels=ENTITIES) -> dict[str, dict]:
    rows = {label: evaluation.score(label).as_dict() for label in labels}
    rows["PER/ORG/LOC"] = evaluation.micro(ENTITIES, "PER/ORG/LOC").as_dict()
    return rows


def table(rows: dict[str, dict], title: str) -> str:
    lines = [title, f"{'label':<14}{'precision':>10}{'recall':>8}{'F1':>8}{'support':>9}"]
    for name, r in rows.items():
        lines.append(f"{name:<14}{r['precision']:>10.3f}{r['recall']:>8.3f}{r['f1']:>8.3f}{r['support']:>9}")
    return "\n".join(lines)
