"""Which learner suggests for a project: the CRF or spaCy's NER, whichever wins on held-out spans.

`choose_learner` is pure (documents in, a `Choice` out, progress and cancel): both learners are
trained on the same seeded training part and scored by micro F1 (exact start, end and label) on the
held-out part; the higher wins, a tie goes to the CRF (faster, and the uncertainty queue reads it).
The winner is then trained again on every document, so the model in use learns from all the gold;
the F1s stay those of the comparison. A CRF is stored whoever wins, since the uncertainty queue
orders documents by its marginals (when spaCy wins, the one trained for the comparison); the spaCy
model only when it wins. Background retraining (active learning) retrains the CRF only. The choice
(learner, both F1s, why) is a project setting, journaled like every setting; `sources.learned_source`
reads it.

With spaCy not installed, or too few documents for a held-out part to say anything, there is no
comparison: the CRF is trained and the choice says why.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from desktop.core.errors import BarchasbError, InputError
from desktop.core.progress import Progress
from desktop.suggest.crf import CrfTagger, TrainedModel, TrainingDocument, train_crf
from desktop.suggest.evaluation import Evaluation
from desktop.suggest.spacy_ner import SpacyTagger, spacy_missing, train_spacy
from desktop.workspace.suggestions.evaluation import split
from desktop.workspace.suggestions.sources import CRF_MODEL, LEARNER_SETTING, learned_source
from desktop.workspace.suggestions.training import TrainingJob, current_annotator, save_model, training_job

if TYPE_CHECKING:
    from desktop.workspace.session import Workspace

HOLDOUT = 0.2
MIN_DOCUMENTS = 10  # fewer: two held-out documents decide nothing
Cancel = Callable[[], bool] | None


class Tagger(Protocol):
    labels: tuple[str, ...]

    def spans(self, text: str) -> list[tuple[int, int, str, float]]: ...


@dataclass(frozen=True)
class Learner:
    """A way to learn a suggester: its name (the source and the stored model's name), how to train
    it, how to tag with what it learned, and why it cannot be offered (None: it can)."""

    name: str
    train: Callable[..., TrainedModel]
    tagger: Callable[[bytes], Tagger]
    missing: Callable[[], str | None] = lambda: None


LEARNERS = (Learner("crf", train_crf, CrfTagger), Learner("spacy", train_spacy, SpacyTagger, spacy_missing))


@dataclass
class Choice:
    """The learner that won, the held-out micro F1 of each one compared, and why."""

    learner: str
    reason: str
    f1: dict[str, float] = field(default_factory=dict)
    held_out: int = 0
    seed: int = 0
    models: dict[str, TrainedModel] = field(default_factory=dict)  # trained on every document

    def as_dict(self) -> dict[str, Any]:
        """What the project keeps (no models) and `--json` prints."""
        return {
            "learner": self.learner,
            "reason": self.reason,
            "f1": self.f1,
            "held_out": self.held_out,
            "seed": self.seed,
        }


@dataclass(frozen=True)
class Inputs:
    """What learners are trained with besides the documents, by learner name: training parameters
    (none: the learner's defaults) and more inputs (the CRF's unlabelled texts and gazetteers)."""

    params: Mapping[str, dict[str, Any]] = field(default_factory=dict)
    extra: Mapping[str, dict[str, Any]] = field(default_factory=dict)

    def train(
        self,
        learner: Learner,
        documents: Sequence[TrainingDocument],
        progress: Progress | None,
        cancel: Cancel,
        held_out: Sequence[TrainingDocument] = (),
    ) -> TrainedModel:
        extra = dict(self.extra.get(learner.name, {}))
        if held_out and "unlabelled" in extra:  # held-out texts are unlabelled text too (never their spans)
            extra["unlabelled"] = [*extra["unlabelled"], *(d.text for d in held_out)]
        params = self.params.get(learner.name)
        return learner.train(documents, progress=progress, cancel=cancel, params=params, **extra)


def held_out_f1(tagger: Tagger, documents: Sequence[TrainingDocument]) -> float:
    """Micro F1 of the tagger's entities against the documents' spans (exact matches)."""
    evaluation = Evaluation()
    for index, doc in enumerate(documents):
        found = [(index, s, e, label) for s, e, label, _ in tagger.spans(doc.text)]
        evaluation.add(found, [(index, s, e, label) for s, e, label in doc.spans])
    return round(evaluation.micro().f1, 4)


def choose_learner(
    documents: Sequence[TrainingDocument],
    learners: Sequence[Learner] = LEARNERS,
    *,
    seed: int = 0,
    inputs: Inputs | None = None,
    progress: Progress | None = None,
    cancel: Cancel = None,
) -> Choice:
    """Compare the learners on a seeded held-out part, then train the winner on every document."""
    inputs = inputs or Inputs()
    offered = [learner for learner in learners if learner.missing() is None]
    absent = "; ".join(f"{learner.name}: {why}" for learner in learners if (why := learner.missing()))
    if not offered:
        raise BarchasbError(absent)
    steps = _Steps(progress, 2 * len(offered) + 1)
    if len(offered) < 2 or len(documents) < MIN_DOCUMENTS:
        few = f"{len(documents)} documents are too few to compare (at least {MIN_DOCUMENTS})"
        reason = absent or ("the only learner asked for" if len(offered) < 2 else few)
        choice = Choice(offered[0].name, f"{offered[0].name} without a comparison: {reason}", seed=seed)
    else:
        choice = _compare(documents, offered, seed, inputs, steps, cancel)
    winner = next(learner for learner in offered if learner.name == choice.learner)
    choice.models[winner.name] = inputs.train(winner, documents, steps.next(), cancel)
    # the losers' comparison models are dropped, but for the CRF's: the uncertainty queue reads it
    choice.models = {k: v for k, v in choice.models.items() if k in (winner.name, CRF_MODEL)}
    return choice


def _compare(
    documents: Sequence[TrainingDocument],
    offered: list[Learner],
    seed: int,
    inputs: Inputs,
    steps: _Steps,
    cancel: Cancel,
) -> Choice:
    train_ids, test_ids = split(list(range(len(documents))), HOLDOUT, seed)
    training, testing = [documents[i] for i in train_ids], [documents[i] for i in test_ids]
    f1, models = {}, {}
    for learner in offered:
        trained = inputs.train(learner, training, steps.next(), cancel, held_out=testing)
        models[learner.name] = trained
        f1[learner.name] = held_out_f1(learner.tagger(trained.model), testing)
        steps.next()
    winner = max(offered, key=lambda learner: f1[learner.name]).name  # the first of equals: the CRF
    others = ", ".join(f"{name} {value:.3f}" for name, value in f1.items() if name != winner)
    reason = f"{winner} won: held-out F1 {f1[winner]:.3f} against {others} on {len(testing)} documents"
    return Choice(winner, reason, f1, len(testing), seed, models)


class _Steps:
    """Progress of several trainings as one bar: each training reports its own 0..total."""

    def __init__(self, progress: Progress | None, parts: int) -> None:
        self._progress, self._parts, self._done = progress, parts, -1

    def next(self) -> Progress | None:
        self._done += 1
        if self._progress is None:
            return None
        done, parts, report = self._done, self._parts, self._progress

        def part(step: int, total: int, what: str) -> None:
            report(round(100 * (done + step / max(total, 1)) / parts), 100, what)

        return part


@dataclass
class ChoiceJob:
    """Everything a comparison needs, detached from the project (run it in a worker)."""

    training: TrainingJob
    learners: Sequence[Learner] = LEARNERS
    seed: int = 0

    def run(self, progress: Progress | None = None, cancel: Cancel = None) -> Choice:
        job = self.training
        crf = {"unlabelled": job.unlabelled, "lists": job.lists}
        inputs = Inputs({CRF_MODEL: job.params} if job.params else {}, {CRF_MODEL: crf})
        return choose_learner(
            job.documents, self.learners, seed=self.seed, inputs=inputs, progress=progress, cancel=cancel
        )


def choice_job(
    workspace: Workspace,
    layer: str | None = "gold",
    learner: str | None = None,
    seed: int = 0,
    crf_params: dict[str, Any] | None = None,
) -> ChoiceJob:
    """Read the layer; `learner` names one learner to train without a comparison (None, "auto": compare)."""
    learners = [x for x in LEARNERS if learner in (None, "auto", x.name)]
    if not learners:
        raise InputError("suggest.learner", name=learner, known=", ".join(x.name for x in LEARNERS))
    return ChoiceJob(training_job(workspace, layer, params=crf_params), learners, seed)


def save_choice(workspace: Workspace, job: ChoiceJob, choice: Choice) -> None:
    """Store the trained models and the choice (one journaled action)."""
    for name, model in choice.models.items():
        save_model(workspace, job.training, model, name)
    me = current_annotator(workspace)
    with workspace.repo.action(me.name if me is not None else "system"):
        workspace.repo.set_setting(LEARNER_SETTING, choice.as_dict())


def train_and_choose(
    workspace: Workspace,
    layer: str | None = "gold",
    learner: str | None = None,
    progress: Progress | None = None,
    cancel: Cancel = None,
    seed: int = 0,
    crf_params: dict[str, Any] | None = None,
) -> Choice:
    """Train, compare and store (synchronously): what `barchasb suggest --train` does."""
    job = choice_job(workspace, layer, learner, seed, crf_params)
    choice = job.run(progress, cancel)
    save_choice(workspace, job, choice)
    return choice


def learner_in_use(workspace: Workspace) -> dict[str, Any] | None:
    """The learner that suggests and the stored choice's F1s and reason (just its name when the
    choice is older than its model, or missing); None when no model is trained."""
    source = learned_source(workspace.repo)
    if source is None:
        return None
    stored = workspace.repo.setting(LEARNER_SETTING) or {}
    return {**stored, "learner": source} if stored.get("learner") == source else {"learner": source}
