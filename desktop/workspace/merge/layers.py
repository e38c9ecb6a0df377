"""Merging one document's layers: where incoming spans go, never overwriting.

For each incoming layer of a document, the candidate local layers are its
own name, then `name@file`, `name@file-2`, ... (an incoming gold layer
tries the local gold layer first and then `gold@file` as an ordinary
layer). The first candidate whose spans in the document contain the
incoming ones, or are contained in them, takes them: nothing is removed and
nothing differing is mixed into one layer. The layer's relations, attribute
values and entity links count as part of its content (`facts`) and come with it.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from typing import TYPE_CHECKING

from desktop.core.model import Annotator, Span, Status
from desktop.core.review import Provenance, Rejection
from desktop.storage.contract import ProjectStore
from desktop.storage.merge_store import MergeSource
from desktop.workspace.merge.facts import FactMerger, IncomingFacts

if TYPE_CHECKING:
    from desktop.workspace.merge.projects import FileMerge

Key = tuple[int, int, str]
_PROGRESS = {Status.NEW: 0, Status.IN_PROGRESS: 1, Status.DONE: 2}
MAX_CONFLICT_LAYERS = 100


class LayerMerger:
    """Merges the layers of the other file's documents, one document at a time."""

    def __init__(
        self, repo: ProjectStore, other: MergeSource, result: FileMerge, facts: FactMerger | None = None
    ) -> None:
        self.repo, self.result, self.stem, self.facts = repo, result, other.stem, facts
        self.people = other.annotators()
        self._spans, self._statuses = other.spans(), other.statuses()
        self._rejections = other.rejections()

    def merge_document(self, other_id: int, doc: int) -> None:
        spans: dict[int, list[tuple]] = defaultdict(list)
        for row in self._spans.take(other_id):
            spans[row[1]].append(row)
        statuses = {row[1]: Status(row[2]) for row in self._statuses.take(other_id)}
        facts = self.facts.take(other_id) if self.facts is not None else {}
        gold_merged = True
        for annotator_id in sorted(set(spans) | set(statuses)):
            incoming = self.people[annotator_id]
            status = statuses.get(annotator_id, Status.NEW)
            if not spans[annotator_id] and status == Status.NEW:
                continue
            target = self._merge_layer(doc, incoming, spans[annotator_id], status, facts.get(annotator_id))
            gold_merged &= incoming.kind != "gold" or target.kind == "gold"
        if gold_merged:  # decisions only follow gold spans that joined the local gold
            self._merge_rejections(doc, self._rejections.take(other_id))
            if self.facts is not None:
                self.facts.insert_rejections(doc, other_id)
        else:
            self._rejections.take(other_id)
            if self.facts is not None:
                self.facts.skip_rejections(other_id)

    def _merge_layer(
        self, doc: int, incoming: Annotator, rows: list[tuple], status: Status, facts: IncomingFacts | None
    ) -> Annotator:
        by_key = {(row[2], row[3], row[4]): row for row in rows}
        target, held = self._place(doc, incoming, set(by_key) | (facts.items() if facts else set()))
        for key in sorted(set(by_key) - held):
            self._insert(doc, target, by_key[key])
        if facts and self.facts is not None:
            self.facts.insert(doc, target, facts, held)
        self._merge_status(doc, target, status)
        if target.name != incoming.name and target.kind != "gold":
            self.result.side_layers[target.name] += 1
        return target

    def _place(self, doc: int, incoming: Annotator, keys: set[tuple]) -> tuple[Annotator, set[tuple]]:
        """The local layer that takes the incoming spans (and facts), and the keys (and facts) it holds."""
        for name, kind in self._candidates(incoming):
            local = self.repo.gold_annotator() if kind == "gold" else self.repo.find_annotator(name)
            if local is not None and local.kind != kind:
                continue  # the name is taken by a layer of another kind
            held = set() if local is None else self._held(doc, local)
            if keys <= held or held <= keys:
                return local or self._create(name, kind), held
        raise RuntimeError(f"no free layer name for {incoming.name!r}")  # 100 versions: a bug

    def _held(self, doc: int, layer: Annotator) -> set[tuple]:
        spans = self.repo.spans(doc, layer.id)
        held: set[tuple] = {(s.start, s.end, s.label) for s in spans}
        return held if self.facts is None else held | self.facts.held(spans)

    def _candidates(self, incoming: Annotator):
        side_kind = "human" if incoming.kind == "gold" else incoming.kind
        yield incoming.name, incoming.kind
        yield f"{incoming.name}@{self.stem}", side_kind
        for n in range(2, MAX_CONFLICT_LAYERS):
            yield f"{incoming.name}@{self.stem}-{n}", side_kind

    def _create(self, name: str, kind: str) -> Annotator:
        made = self.repo.gold_annotator(create=True) if kind == "gold" else self.repo.ensure_annotator(name, kind)
        self.result.layers_created.append(made.name)
        return made

    def _insert(self, doc: int, layer: Annotator, row: tuple) -> None:
        _, _, start, end, label, origin, note, created, decided = row
        span = Span(doc, start, end, label, layer.id, origin, note, created_at=created)
        if layer.kind == "gold":
            self.repo.insert_gold(span, self._provenance(doc, decided), action="merge.gold")
        else:
            self.repo.insert_span(span, action="merge.span")
        self.result.spans_added[layer.name] += 1
        self.result.documents_touched.add(doc)

    def _provenance(self, doc: int, provenance: Provenance | None) -> Provenance | None:
        """The incoming provenance, its source span id pointed at the local copy."""
        if provenance is None or provenance.source is None:
            return provenance
        start, end, label = provenance.source
        local_id = None
        for name in provenance.source_layers:
            layer = self.repo.find_annotator(name)
            if layer is not None:
                local_id = self.repo.span_at(doc, layer.id, start, end, label)
            if local_id is not None:
                break
        return dataclasses.replace(provenance, source_span_id=local_id)

    def _merge_status(self, doc: int, layer: Annotator, status: Status) -> None:
        """Statuses only move forward: a merge never undoes anyone's progress."""
        if _PROGRESS[status] > _PROGRESS[self.repo.status(doc, layer.id)]:
            self.repo.set_status(doc, layer.id, status)
            self.result.statuses_updated += 1
            self.result.documents_touched.add(doc)

    def _merge_rejections(self, doc: int, rows: list[tuple]) -> None:
        held = {r.key for r in self.repo.rejections(doc)}
        gold = self.repo.gold_annotator()
        if gold is not None:
            held |= {(s.start, s.end, s.label) for s in self.repo.spans(doc, gold.id)}
        for _, start, end, label, layers, by, at in rows:
            if (start, end, label) not in held:
                self.repo.insert_rejection(Rejection(doc, start, end, label, layers, by, at), action="merge.reject")
                self.result.rejections_added += 1
                self.result.documents_touched.add(doc)
