"""Active learning: the unlabelled documents in the order the model is least sure of.

The queue is recomputed, not stored: it is a function of the stored model and
of which documents are still unlabelled, both of which the project already
keeps, and a stored queue would go stale with every span and every training.
`queue_job` reads what scoring needs (UI thread); `QueueJob.run` scores (pure:
a worker thread or a process); `uncertainty_queue` does both at once (the CLI).

Unlabelled: neither the annotator's layer nor gold has a span in it. In a team
project where the annotator has assignments, only assigned documents queue.
Settings (durable, journaled): whether "next document" follows the queue, and
after how many new spans the window retrains the model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.core.errors import InputError

# The settings below are read when the window opens: the suggesters (sources, training,
# pycrfsuite) load only when a queue is scored (tests/qt/test_startup_work.py).
if TYPE_CHECKING:
    from desktop.workspace.session import Workspace

FOLLOW_SETTING = "suggestions.next_by_uncertainty"
RETRAIN_SETTING = "suggestions.retrain_after"
DEFAULT_RETRAIN_AFTER = 50


@dataclass(frozen=True, slots=True)
class QueueEntry:
    """One queued document: id, name and uncertainty (0 sure … 1 unsure)."""

    document: int
    name: str
    score: float


@dataclass
class QueueJob:
    """Everything scoring needs, detached from the project."""

    model: bytes
    texts: dict[int, tuple[str, str]]  # id → (name, text)

    def run(self, cancel: Callable[[], bool] | None = None) -> list[QueueEntry]:
        from desktop.suggest.uncertainty import Ranked, UncertaintyScorer, diverse_order, rank, word_set

        scorer = UncertaintyScorer(self.model)
        scored = []
        for doc, (_, text) in self.texts.items():
            if cancel is not None and cancel():
                return []
            scored.append(Ranked(doc, scorer.score(text)))
        words = {doc: word_set(text) for doc, (_, text) in self.texts.items()}
        return [QueueEntry(r.document, self.texts[r.document][0], r.score) for r in diverse_order(rank(scored), words)]


def unlabelled_documents(workspace: Workspace) -> list[int]:
    """Documents without spans in the annotator's layer or gold; within the assignments if any."""
    repo = workspace.repo
    from desktop.workspace.suggestions.training import current_annotator

    me, gold = current_annotator(workspace), repo.gold_annotator()
    layers = [a.id for a in (me, gold) if a is not None]
    labelled = set(repo.layer_span_keys(layers)) if layers else set()
    assigned = [doc for doc, _ in repo.assignments(me.id)] if me is not None else []
    candidates = assigned or [d.id for d in repo.document_infos()]
    return [doc for doc in candidates if doc not in labelled]


def queue_job(workspace: Workspace) -> QueueJob:
    """What scoring needs; NotFound (saying how to train) if the project has no model."""
    from desktop.workspace.suggestions.sources import stored_model

    return QueueJob(stored_model(workspace.repo), unlabelled_texts(workspace))


def unlabelled_texts(workspace: Workspace) -> dict[int, tuple[str, str]]:
    """The unlabelled documents' names and texts, read here for a worker to score."""
    ids = unlabelled_documents(workspace)
    return {doc: (name, text) for doc, name, text in workspace.repo.document_texts(ids)} if ids else {}


def has_model(workspace: Workspace) -> bool:
    """Whether the project has a trained model to score the queue with."""
    from desktop.workspace.suggestions.sources import CRF_MODEL

    return workspace.repo.suggester_model_meta(CRF_MODEL) is not None


def uncertainty_queue(workspace: Workspace, limit: int | None = None) -> list[QueueEntry]:
    """The first `limit` (all if None) unlabelled documents, most uncertain first, stories spread."""
    if limit is not None and limit < 1:
        raise InputError("suggest.queue_length", limit=limit)
    return queue_job(workspace).run()[:limit]


def next_in_queue(entries: list[QueueEntry], current: int | None) -> int | None:
    """The queued document to open after `current` (which has just been worked on)."""
    for entry in entries:
        if entry.document != current:
            return entry.document
    return None


def follows_queue(workspace: Workspace) -> bool:
    """Whether "next document" follows the uncertainty queue (a project setting)."""
    return bool(workspace.repo.setting(FOLLOW_SETTING, False))


def set_follows_queue(workspace: Workspace, on: bool) -> None:
    with workspace.repo.action(workspace.annotator.name):
        workspace.repo.set_setting(FOLLOW_SETTING, bool(on))


def retrain_after(workspace: Workspace) -> int:
    """New gold or layer spans after which the window retrains the model."""
    value = workspace.repo.setting(RETRAIN_SETTING, DEFAULT_RETRAIN_AFTER)
    return value if isinstance(value, int) and value > 0 else DEFAULT_RETRAIN_AFTER


def set_retrain_after(workspace: Workspace, spans: int) -> None:
    if spans < 1:
        raise InputError("suggest.retrain_after", spans=spans)
    with workspace.repo.action(workspace.annotator.name):
        workspace.repo.set_setting(RETRAIN_SETTING, spans)
