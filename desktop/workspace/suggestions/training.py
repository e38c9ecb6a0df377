"""Training the CRF suggester on a layer, in the background if need be.

`training_job` reads the layer's documents and spans (UI thread);
`TrainingJob.run` trains (pure: a worker thread or a process, with progress
and cancellation); `save_model` stores the result in the project, where
every annotator's runs find it. `train_suggester` does all three at once.
The model is replaced on each training and is not undoable: it is a tool,
not a decision (the history journals when and on what it was trained).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from desktop.core.errors import NotFound
from desktop.core.model import Annotator
from desktop.core.progress import Progress
from desktop.storage.contract import ProjectStore
from desktop.suggest.crf import TrainedModel, TrainingDocument, train_crf
from desktop.workspace.suggestions.crf_inputs import feature_lists, project_texts
from desktop.workspace.suggestions.sources import CRF_MODEL

if TYPE_CHECKING:
    from desktop.workspace.session import Workspace


def current_annotator(workspace: Workspace) -> Annotator | None:
    try:
        return workspace.annotator
    except NotFound:
        return None


def resolve_layer(repo: ProjectStore, layer: str | None, me: Annotator | None) -> list[Annotator]:
    """`gold` (the layer of kind gold), `me` or None (the current annotator), or a name."""
    if layer in (None, "me"):
        if me is None:
            raise NotFound("no annotator chosen: name a layer")
        return [me]
    if layer == "gold":
        gold = [a for a in repo.annotators() if a.kind == "gold"]
        if not gold:
            raise NotFound("this project has no gold layer yet (review makes one); name an annotator's layer instead")
        return gold
    name = layer.removeprefix("annotator:")
    found = repo.find_annotator(name)
    if found is None:
        raise NotFound(f"no annotator {name!r} in this project")
    return [found]


def layer_documents(
    repo: ProjectStore, layer: list[Annotator], document_ids: Iterable[int] | None = None
) -> dict[int, TrainingDocument]:
    """The documents the layer has spans in (or those asked for), with those spans."""
    wanted = None if document_ids is None else set(document_ids)
    spans = repo.layer_span_keys([a.id for a in layer], wanted)
    for doc in wanted or ():
        spans.setdefault(doc, set())
    return {
        doc: TrainingDocument(repo.document_text(doc), tuple(sorted(found))) for doc, found in sorted(spans.items())
    }


@dataclass
class TrainingJob:
    """Everything training needs, detached from the project."""

    layer: str
    documents: list[TrainingDocument]
    params: dict = field(default_factory=dict)
    unlabelled: list[str] = field(default_factory=list)  # the project's other texts: word clusters (crf_inputs)
    lists: dict[str, list[str]] = field(default_factory=dict)  # gazetteers as CRF features

    def run(self, progress: Progress | None = None, cancel: Callable[[], bool] | None = None) -> TrainedModel:
        return train_crf(
            self.documents,
            progress=progress,
            cancel=cancel,
            params=self.params,
            unlabelled=self.unlabelled,
            lists=self.lists,
        )


def default_training_layer(workspace: Workspace) -> str | None:
    """What the window trains on: "gold" once the gold layer has spans, else None (the annotator's own)."""
    gold = workspace.repo.gold_annotator()
    return "gold" if gold is not None and workspace.repo.has_spans(gold.id) else None


def training_job(
    workspace: Workspace,
    layer: str | None = "gold",
    document_ids: Iterable[int] | None = None,
    params: dict | None = None,
) -> TrainingJob:
    annotators = resolve_layer(workspace.repo, layer, current_annotator(workspace))
    documents = layer_documents(workspace.repo, annotators, document_ids)
    name = "gold" if layer == "gold" else annotators[0].name
    unlabelled = project_texts(workspace.repo, skip=set(documents))
    return TrainingJob(name, list(documents.values()), dict(params or {}), unlabelled, feature_lists(workspace.repo))


def save_model(workspace: Workspace, job: TrainingJob, model: TrainedModel, name: str = CRF_MODEL) -> None:
    """Store a trained model under its learner's name (`crf`, `spacy`: learners.py)."""
    meta = {**model.meta, "labels": list(model.labels)}
    me = current_annotator(workspace)
    actor = me.name if me is not None else "system"
    with workspace.repo.action(actor):
        workspace.repo.save_suggester_model(name, job.layer, meta, model.model)


def train_suggester(
    workspace: Workspace,
    layer: str | None = "gold",
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
    params: dict | None = None,
) -> TrainedModel:
    """Train on a layer and store the model (synchronously)."""
    job = training_job(workspace, layer, params=params)
    model = job.run(progress, cancel)
    save_model(workspace, job, model)
    return model
