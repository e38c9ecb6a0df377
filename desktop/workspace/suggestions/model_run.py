"""Suggesting with a local Hugging Face model, in the three phases of `run`:

* `model_labels` (UI thread, cheap: config.json only) checks the folder and proposes a label map;
* `plan_model_run` (UI thread) reads the documents and checks the map; `ModelRun.compute` (a
  worker thread: torch's work releases the GIL, and the model is loaded there, not in the
  window's thread) loads the model and tags, with progress and cancel between documents and
  between a long document's windows;
* `apply_run` stores everything as ONE undoable step, as "Suggest for all documents" does.

So a cancelled run stores nothing (not even the documents already tagged); a finished one stores
pending suggestions from source `model:<folder name>` with the model's probability as score.
Running again replaces that source's pending suggestions (decided ones are never proposed again).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.errors import InputError
from desktop.core.progress import Progress
from desktop.core.undo import Op
from desktop.suggest.hf_folder import ModelInfo, read_model
from desktop.suggest.hf_labels import ModelSuggester, default_label_map, model_source
from desktop.suggest.hf_model import ModelCancelled
from desktop.workspace.suggestions.run import RunCancelled, RunPlan, RunReport, apply_run, plan_run

if TYPE_CHECKING:
    from desktop.workspace.session import Workspace

__all__ = ["ModelRun", "RunCancelled", "apply_run", "model_labels", "plan_model_run", "run_model"]


def model_labels(workspace: Workspace, folder: str | Path) -> tuple[ModelInfo, dict[str, str | None]]:
    """The model's entity types (InputError naming the folder if it is no usable model) and the default map."""
    info = read_model(folder)
    return info, default_label_map(info.types, [label.key for label in workspace.repo.labels()])


@dataclass
class ModelRun:
    """A planned run: the documents read, the map checked; `compute` may run in any thread."""

    info: ModelInfo
    mapping: dict[str, str | None]
    plan: RunPlan
    max_length: int | None = None  # a window's tokens (tests); None: the model's own limit

    @property
    def source(self) -> str:
        return model_source(self.info.name)

    def compute(
        self, progress: Progress | None = None, cancel: Callable[[], bool] | None = None
    ) -> tuple[list[Op], RunReport]:
        """Load the model and tag every document; the ops storing the result. RunCancelled if stopped."""
        from desktop.suggest.hf_model import load  # torch and transformers: only here

        if cancel is not None and cancel():
            raise RunCancelled("the model was stopped; nothing was stored")
        tagger = load(self.info.folder, self.max_length)
        self.plan.suggesters = [ModelSuggester(tagger, self.mapping, cancel)]
        try:
            return self.plan.compute(progress, cancel)
        except ModelCancelled:
            raise RunCancelled("the model was stopped; nothing was stored") from None


def plan_model_run(
    workspace: Workspace,
    folder: str | Path,
    mapping: Mapping[str, str | None] | None = None,
    document_ids: Iterable[int] | None = None,
    max_length: int | None = None,
) -> ModelRun:
    """Read what a run needs; `mapping` (model type -> label key or None) over the default map."""
    info, default = model_labels(workspace, folder)
    labels = [label.key for label in workspace.repo.labels()]
    chosen = dict(default)
    for kind, label in (mapping or {}).items():
        if kind not in info.types:
            raise InputError("model.unknown_type", path=str(info.folder), kind=kind, types=", ".join(info.types))
        if label and label not in labels:
            raise InputError("model.unknown_label", label=label, labels=", ".join(labels))
        chosen[kind] = label or None
    if not any(chosen.values()):
        raise InputError("model.nothing_mapped", path=str(info.folder), types=", ".join(info.types))
    plan = plan_run(workspace, document_ids, sources=[])
    plan.sources = [model_source(info.name)]
    return ModelRun(info, chosen, plan, max_length)


def run_model(
    workspace: Workspace,
    folder: str | Path,
    mapping: Mapping[str, str | None] | None = None,
    document_ids: Iterable[int] | None = None,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
    max_length: int | None = None,
) -> RunReport:
    """Plan, compute and store in one go (the CLI); one undoable step."""
    run = plan_model_run(workspace, folder, mapping, document_ids, max_length)
    ops, report = run.compute(progress, cancel)
    return apply_run(workspace, ops, report, f"Suggest with {run.source}")
