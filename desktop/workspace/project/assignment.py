"""Assignment: the manager gives documents to annotators; each annotator works down a queue.

Documents go to people by explicit lists (`assign_documents`), or N people
per document spread evenly (`spread_documents`: a seed makes the spread the
same on every run; everyone's load ends within one document of the others').
An annotator's queue is their assigned documents in document order; their
progress is how many of those their layer has marked done. Assignments are
journaled (not on the undo stack: they are the manager's, made from the
command line); assigning a pair twice changes nothing.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING, Any

from desktop.core.errors import InputError, NotFound
from desktop.core.model import Annotator

if TYPE_CHECKING:
    from desktop.workspace.session import Workspace

_RANGE = re.compile(r"(\d+)-(\d+)")


@dataclass
class AssignmentReport:
    """Documents per annotator name: newly assigned, already theirs, taken away."""

    added: Counter[str] = field(default_factory=Counter)
    already: Counter[str] = field(default_factory=Counter)
    removed: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, Any]:
        return {"added": dict(self.added), "already": dict(self.already), "removed": dict(self.removed)}


def select_documents(workspace: Workspace, spec: str) -> list[int]:
    """The documents `spec` names, in id order: ids (`1,2,5`), ranges (`3-7`), names and
    globs of names (`news-*.txt`), comma-separated; each part must name one at least."""
    infos = workspace.document_infos()
    ids = {info.id for info in infos}
    chosen: set[int] = set()
    for part in (p.strip() for p in spec.split(",")):
        if not part:
            continue
        ranged = _RANGE.fullmatch(part)
        if part.isdigit():
            found = {int(part)} & ids
        elif ranged:
            found = set(range(int(ranged[1]), int(ranged[2]) + 1)) & ids
        else:
            found = {info.id for info in infos if fnmatchcase(info.name, part)}
        if not found:
            raise NotFound(f"--documents: {part!r} names no document of this project")
        chosen |= found
    if not chosen:
        raise InputError("assign.no_documents")
    return sorted(chosen)


def assign_documents(
    workspace: Workspace, annotators: Iterable[str], documents: Iterable[int], *, actor: str = "system"
) -> AssignmentReport:
    """Put these documents in each of these annotators' queues (their layers made if new)."""
    docs, names = sorted(set(documents)), list(dict.fromkeys(annotators))
    repo, report = workspace.repo, AssignmentReport()
    with repo.action(actor):
        layers = _layers(workspace, names)
        held = set(repo.assignments())
        pairs = [(doc, layer.id) for layer in layers for doc in docs]
        repo.assign(pairs)
    for doc, layer_id in pairs:
        name = next(layer.name for layer in layers if layer.id == layer_id)
        (report.already if (doc, layer_id) in held else report.added)[name] += 1
    return report


def unassign_documents(
    workspace: Workspace, annotators: Iterable[str], documents: Iterable[int], *, actor: str = "system"
) -> AssignmentReport:
    """Take these documents out of these annotators' queues (what they labelled stays)."""
    repo, report = workspace.repo, AssignmentReport()
    with repo.action(actor):
        for name in dict.fromkeys(annotators):
            layer = repo.find_annotator(name)
            if layer is None:
                raise NotFound(f"no annotator {name!r} in this project")
            report.removed[name] = repo.unassign([(doc, layer.id) for doc in sorted(set(documents))])
    return report


def spread_documents(
    workspace: Workspace,
    annotators: Iterable[str],
    per_document: int,
    *,
    seed: int = 0,
    documents: Iterable[int] | None = None,
    actor: str = "system",
) -> AssignmentReport:
    """Give every document (or these) to `per_document` of the annotators, spread evenly:
    each document goes to the least loaded (assignments they hold already count), ties
    broken by the seeded draw, so pairs vary and a run with the same seed is the same."""
    names = list(dict.fromkeys(annotators))
    if not 1 <= per_document <= len(names):
        raise InputError("assign.per_document", value=per_document, count=len(names))
    repo, report, rng = workspace.repo, AssignmentReport(), random.Random(seed)
    docs = sorted(set(documents)) if documents is not None else [info.id for info in workspace.document_infos()]
    with repo.action(actor):
        layers = _layers(workspace, names)
        holders: dict[int, set[int]] = defaultdict(set)
        load: Counter[int] = Counter()
        for doc, layer_id in repo.assignments():
            holders[doc].add(layer_id)
            load[layer_id] += 1
        order = docs[:]
        rng.shuffle(order)
        pairs = []
        for doc in order:
            free = [layer for layer in layers if layer.id not in holders[doc]]
            need = per_document - (len(layers) - len(free))
            for layer in sorted(free, key=lambda a: (load[a.id], rng.random()))[: max(need, 0)]:
                pairs.append((doc, layer.id))
                load[layer.id] += 1
                report.added[layer.name] += 1
        repo.assign(sorted(pairs))
    return report


def queue(workspace: Workspace) -> list[int]:
    """The current annotator's assigned documents, in order (empty: nothing assigned)."""
    return [doc for doc, _ in workspace.repo.assignments(workspace.annotator.id)]


def assignment_progress(workspace: Workspace) -> dict[str, dict[str, int]]:
    """Per annotator with assignments: documents assigned, and of those done."""
    names = {a.id: a.name for a in workspace.repo.annotators()}
    return {
        names[layer]: {"assigned": assigned, "done": done}
        for layer, (assigned, done) in workspace.repo.assignment_progress().items()
    }


def _layers(workspace: Workspace, names: list[str]) -> list[Annotator]:
    """The named annotators' layers (made when new); only people take documents."""
    if not names:
        raise InputError("assign.no_annotators")
    layers = []
    for name in names:
        _check_name(name)
        layer = workspace.repo.ensure_annotator(name)
        if layer.kind != "human":
            raise InputError("assign.not_a_person", name=name, kind=layer.kind)
        layers.append(layer)
    return layers


def _check_name(name: str) -> None:
    if not name.strip() or name != name.strip():
        raise InputError("assign.name_spaces", name=name)
    if len(name) > 80 or any(unicodedata.category(c) in ("Cc", "Cs") for c in name):
        raise InputError("annotator.name_rules")
