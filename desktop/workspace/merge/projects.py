"""Merging other project files into this one: team work without a server.

Each annotator labels in a project file of their own; `merge_projects`
brings other files' documents and layers in. Documents match by the sha256
of their stored text. A layer is never overwritten: for each document, an
incoming layer's spans join the local layer of the same name when one of
the two contains the other (equal, or one only adds spans); otherwise they
go, side by side, to a layer named `name@file` (the other file's name
without its extension; `name@file-2` ... if that too differs), where review
shows the difference. Labels missing here are added; statuses only move
forward (new < in progress < done). Relation types, attribute fields and
entities come too (`scheme`), and each layer's relations, attribute values and
entity links with its spans (`facts`). Gold spans keep their provenance and
rejections come along, unless the gold layers differ: the other file's
gold then becomes an ordinary layer `gold@file`, to be reviewed like any.
The other project may be a file or a server database, and so may this one
(storage/merge_store.open_merge_source): an analyst who worked offline on a
file merges it back into the team's project on the server.

Each file is merged in one transaction: a failure or a cancel leaves that
file's merge undone entirely, and files merged before it in place. Merging
the same file again changes nothing. Merges are not on the undo stack.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.core.errors import BarchasbError, NotFound
from desktop.core.hotkeys import next_free_hotkey
from desktop.storage.contract import ProjectStore
from desktop.storage.merge_store import MergeSource, open_merge_source
from desktop.storage.repository import NewDocument
from desktop.workspace.changes import Changes
from desktop.workspace.merge.facts import FactMerger
from desktop.workspace.merge.layers import LayerMerger
from desktop.workspace.merge.scheme import merge_registry, merge_relation_scheme

if TYPE_CHECKING:
    from desktop.workspace.session import Workspace

Progress = Callable[[int, int, str], "bool | None"]
PROGRESS_EVERY = 50


@dataclass
class FileMerge:
    """What merging one file did."""

    path: str
    documents_added: list[int] = field(default_factory=list)
    documents_matched: int = 0
    spans_added: Counter = field(default_factory=Counter)  # per local layer name
    layers_created: list[str] = field(default_factory=list)
    side_layers: Counter = field(default_factory=Counter)  # per `name@file` side layer: documents
    labels_added: list[str] = field(default_factory=list)
    statuses_updated: int = 0
    rejections_added: int = 0
    relation_types_added: list[str] = field(default_factory=list)
    attribute_fields_added: list[str] = field(default_factory=list)  # `label.name`
    entities_added: int = 0
    entities_updated: int = 0  # aliases or an external id joined a matching entity
    relations_added: Counter = field(default_factory=Counter)  # per local layer name
    attributes_added: int = 0
    links_added: int = 0
    documents_touched: set[int] = field(default_factory=set)

    @property
    def changed(self) -> bool:
        return bool(
            self.documents_added
            or self.spans_added
            or self.labels_added
            or self.statuses_updated
            or self.rejections_added
            or self.layers_created
            or self.relation_types_added
            or self.attribute_fields_added
            or self.entities_added
            or self.entities_updated
            or self.relations_added
            or self.attributes_added
            or self.links_added
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "documents_added": len(self.documents_added),
            "documents_matched": self.documents_matched,
            "spans_added": dict(self.spans_added),
            "layers_created": self.layers_created,
            "side_layers": dict(self.side_layers),
            "labels_added": self.labels_added,
            "statuses_updated": self.statuses_updated,
            "rejections_added": self.rejections_added,
            "relation_types_added": self.relation_types_added,
            "attribute_fields_added": self.attribute_fields_added,
            "entities_added": self.entities_added,
            "entities_updated": self.entities_updated,
            "relations_added": dict(self.relations_added),
            "attributes_added": self.attributes_added,
            "links_added": self.links_added,
        }


@dataclass
class MergeReport:
    files: list[FileMerge] = field(default_factory=list)
    cancelled: bool = False

    @property
    def changes(self) -> Changes:
        """What the window must redraw (merges are not undoable)."""
        changes = Changes(description="Merge projects")
        for item in self.files:
            changes.documents |= item.documents_touched
            changes.documents_added += item.documents_added
            changes.labels_changed |= bool(
                item.labels_added or item.relation_types_added or item.attribute_fields_added
            )
            changes.entities_changed |= bool(item.entities_added or item.entities_updated)
            if item.relations_added or item.attributes_added or item.links_added:
                changes.relations_changed |= item.documents_touched
        return changes

    def as_dict(self) -> dict[str, Any]:
        return {"files": [f.as_dict() for f in self.files], "cancelled": self.cancelled}


class MergeCancelled(BarchasbError):
    """The user cancelled; the file being merged was rolled back."""


def merge_projects(
    workspace: Workspace,
    paths: Iterable[str | Path],
    progress: Progress | None = None,
    *,
    actor: str | None = None,
) -> MergeReport:
    """Merge each project file into the workspace's project, one transaction per file.

    A worker thread passes a workspace of its own (a connection is never shared
    between threads). `actor`: who the history names (default: the workspace's
    annotator, else "system"). `progress` is called with (documents done,
    total, file) and may return False to cancel: the current file is rolled
    back, the report says `cancelled`.
    """
    repo, who = workspace.repo, actor or _annotator_name(workspace)
    others: list[MergeSource] = []
    try:
        for path in paths:  # every file checked first (those opened are closed below if one fails)
            others.append(open_merge_source(path, repo.path))
        report = MergeReport()
        counter = _Counter(progress, sum(o.document_count for o in others))
        for other in others:
            try:
                with repo.action(who):
                    report.files.append(_merge_file(repo, other, counter))
            except MergeCancelled:
                report.cancelled = True
                break
        else:
            counter.finish()
        if any(f.labels_added for f in report.files):
            workspace.reload_labels()
        return report
    finally:
        for other in others:
            other.close()


def _annotator_name(workspace: Workspace) -> str:
    try:
        return workspace.annotator.name
    except NotFound:  # no annotator chosen yet
        return "system"


class _Counter:
    """Progress over all files' documents; raises MergeCancelled when told to stop."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress, self.total, self.done = progress, total, 0

    def step(self, name: str, *, first: bool = False) -> None:
        """One document done; tell (and maybe hear "stop") at each file and every few."""
        if (
            self.progress
            and (first or self.done % PROGRESS_EVERY == 0)
            and self.progress(self.done, self.total, name) is False
        ):
            raise MergeCancelled("merge cancelled")
        self.done += 1

    def finish(self) -> None:
        if self.progress:
            self.progress(self.total, self.total, "")


def _merge_file(repo: ProjectStore, other: MergeSource, counter: _Counter) -> FileMerge:
    result = FileMerge(other.name)
    for label in other.labels():
        if not repo.has_label(label.key):
            taken = [mine.hotkey for mine in repo.labels()]
            if label.hotkey and label.hotkey in taken:  # two labels on one key: Qt would run neither
                label = dataclasses.replace(label, hotkey=next_free_hotkey(taken))
            repo.save_label(label)
            result.labels_added.append(label.key)
    facts = other.facts()
    merge_relation_scheme(repo, facts, result)
    layers = LayerMerger(repo, other, result, FactMerger(repo, facts, result, merge_registry(repo, facts, result)))
    for index, doc in enumerate(other.documents()):
        counter.step(other.name, first=index == 0)
        local = _local_document(repo, doc, result)
        layers.merge_document(doc["id"], local)
    return result


def _local_document(repo: ProjectStore, doc: dict, result: FileMerge) -> int:
    """The local id of an incoming document, stored first if it is new here."""
    content_hash = hashlib.sha256(doc["text"].encode("utf-8")).hexdigest()  # never trust, check
    found = repo.document_by_hash(content_hash)
    if found is not None:
        result.documents_matched += 1
        return found
    doc_id = repo.insert_document(
        NewDocument(doc["name"], doc["text"], doc["raw"], content_hash, doc["raw_hash"], doc["offsets"], doc["meta"])
    )
    result.documents_added.append(doc_id)
    result.documents_touched.add(doc_id)
    return doc_id
