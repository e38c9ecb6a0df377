"""Project statistics: documents, spans per label and annotator, status counts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from desktop.storage.contract import ProjectStore
from desktop.storage.stats import ProjectCounts
from desktop.workspace.project.assignment import assignment_progress

if TYPE_CHECKING:
    from desktop.workspace.session import Workspace


def project_stats(workspace: Workspace) -> dict[str, Any]:
    repo = workspace.repo
    counts = repo.project_counts()
    labels = [label.key for label in repo.labels()]
    per_label = dict.fromkeys(labels, 0)
    per_label.update(counts.spans_per_label)
    return {
        "project": str(repo.path),
        "documents": counts.documents,
        "characters": counts.characters,
        "spans": counts.spans,
        "labels": len(labels),
        "spans_per_label": per_label,
        "spans_per_annotator": counts.spans_per_annotator,
        "status": _status_counts(repo, counts),
        "assignments": assignment_progress(workspace),  # per annotator with a queue: assigned, done
    }


def _status_counts(repo: ProjectStore, project: ProjectCounts) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for annotator in repo.annotators():
        counts[annotator.name] = {"new": project.documents, "in_progress": 0, "done": 0}
    for name, status, count in project.statuses:
        counts[name][status] += count
        if status != "new":
            counts[name]["new"] -= count
    return counts
