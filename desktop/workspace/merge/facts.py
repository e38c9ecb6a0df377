"""A layer's relations, attribute values and entity links in a merge: items beside its spans.

Span ids differ between files, so a layer's content in a document is compared by
span keys (start, end, label): the span keys themselves, and
`("rel", head key, tail key, type)` (a symmetric type with the smaller key first),
`("attr", span key, field name, value as JSON)`, `("link", span key, entity id here)`.
The placement rule of `layers` (one side contains the other) applies to the whole,
so an incoming layer whose relations or values differ from the local layer's goes to
a side layer just as one whose spans differ, and nothing is ever overwritten.
A gold relation keeps its provenance (its source relation id pointed at the local
copy), and the review's relation rejections follow gold as span rejections do.
"""

from __future__ import annotations

import dataclasses
import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from desktop.core.attributes import AttributeKind
from desktop.core.ids import stored_id
from desktop.core.model import Annotator, Origin, Span
from desktop.core.relations import Relation
from desktop.core.review_relations import RelationProvenance
from desktop.storage.contract import ProjectStore
from desktop.storage.merge_facts import SourceFacts

if TYPE_CHECKING:
    from desktop.workspace.merge.projects import FileMerge

Key = tuple[int, int, str]
Item = tuple[Any, ...]


@dataclass
class IncomingFacts:
    """One incoming layer's facts in one document, entity ids already ours."""

    # item → origin, note, created, gold provenance (None: not gold)
    relations: dict[Item, tuple[str, str, str, RelationProvenance | None]] = field(default_factory=dict)
    attributes: dict[Item, tuple[Key, str, Any]] = field(default_factory=dict)  # item → span, name, value
    links: dict[Item, tuple[Key, int]] = field(default_factory=dict)  # item → span, entity id

    def items(self) -> set[Item]:
        return set(self.relations) | set(self.attributes) | set(self.links)


class FactMerger:
    """Reads the other file's facts document by document and writes what a layer lacks."""

    def __init__(self, repo: ProjectStore, other: SourceFacts, result: FileMerge, entity_ids: dict[int, int]) -> None:
        self.repo, self.result, self.entity_ids = repo, result, entity_ids
        self.symmetric = {t.key for t in repo.relation_types() if not t.directed}  # the merged scheme
        self.entity_fields = {f.path for f in repo.attribute_fields() if f.kind is AttributeKind.ENTITY}
        self._relations, self._attributes, self._links = other.relations(), other.attributes(), other.links()
        self._rejections = other.relation_rejections()

    def take(self, other_doc: int) -> dict[int, IncomingFacts]:
        """The facts of an incoming document, by the other file's annotator id."""
        found: dict[int, IncomingFacts] = defaultdict(IncomingFacts)
        for _, who, head, tail, rtype, origin, note, created, made in self._relations.take(other_doc):
            found[who].relations[self._relation(head, tail, rtype)] = (origin, note, created, made)
        for _, who, key, name, value in self._attributes.take(other_doc):
            if f"{key[2]}.{name}" in self.entity_fields:
                if value not in self.entity_ids:
                    continue  # names an entity the other file no longer has: nothing to point at here
                value = self.entity_ids[value]
            found[who].attributes[("attr", key, name, _json(value))] = (key, name, value)
        for _, who, key, entity_id in self._links.take(other_doc):
            local = self.entity_ids[entity_id]
            found[who].links[("link", key, local)] = (key, local)
        return found

    def held(self, spans: list[Span]) -> set[Item]:
        """The facts a local layer holds on these (its) spans in one document."""
        if not spans:
            return set()
        keys = {stored_id(s): (s.start, s.end, s.label) for s in spans}
        span = spans[0]
        items: set[Item] = {
            self._relation(keys[r.head], keys[r.tail], r.type)
            for r in self.repo.relations(span.document_id, span.annotator_id)
        }
        for span_id, values in self.repo.span_attributes(list(keys)).items():
            items |= {("attr", keys[span_id], name, _json(value)) for name, value in values.items()}
        items |= {("link", keys[s], e) for s, e in self.repo.span_entities(list(keys)).items()}
        return items

    def insert(self, doc: int, layer: Annotator, incoming: IncomingFacts, held: set[Item]) -> None:
        """Write the incoming facts the local layer does not hold (its spans are all there by now)."""
        missing = incoming.items() - held
        if not missing:
            return
        ids = {(s.start, s.end, s.label): stored_id(s) for s in self.repo.spans(doc, layer.id)}
        for item, (origin, note, created, made) in incoming.relations.items():
            if item in missing:
                head, tail = ids[item[1]], ids[item[2]]
                if item[3] in self.symmetric and tail < head:  # one fact, one row: the smaller span id first
                    head, tail = tail, head
                relation = Relation(doc, layer.id, head, tail, item[3], Origin(origin), note, created_at=created)
                if layer.kind == "gold":
                    self.repo.insert_gold_relation(relation, self._local(doc, made), action="merge.gold_relation")
                else:
                    self.repo.insert_relation(relation, action="merge.relation")
                self.result.relations_added[layer.name] += 1
        for item, (key, name, value) in incoming.attributes.items():
            if item in missing:
                self.repo.set_span_attribute(ids[key], name, value, action="merge.attribute")
                self.result.attributes_added += 1
        for item, (key, entity_id) in incoming.links.items():
            if item in missing:
                self.repo.link_span(ids[key], entity_id, action="merge.link")
                self.result.links_added += 1
        self.result.documents_touched.add(doc)

    def skip_rejections(self, other_doc: int) -> None:
        """Pass an incoming document's relation rejections by (its gold went to a side layer)."""
        self._rejections.take(other_doc)

    def insert_rejections(self, doc: int, other_doc: int) -> None:
        """The incoming document's relation rejections the local review lacks (none twice; none of a
        relation local gold holds, which a reviewer here accepted)."""
        held = {r.key for r in self.repo.relation_rejections(doc)}
        gold = self.repo.gold_annotator()
        if gold is not None:
            held |= {item[1:] for item in self.held(self.repo.spans(doc, gold.id)) if item[0] == "rel"}
        for _, rejection in self._rejections.take(other_doc):
            if rejection.key not in held:
                made = dataclasses.replace(rejection, document_id=doc, id=None)
                self.repo.insert_relation_rejection(made, action="merge.reject_relation")
                held.add(rejection.key)
                self.result.rejections_added += 1
                self.result.documents_touched.add(doc)

    def _local(self, doc: int, made: RelationProvenance | None) -> RelationProvenance | None:
        """The incoming provenance, its source relation id pointed at the local copy (None: none here)."""
        if made is None or made.source is None:
            return made
        local_id = None
        for name in made.source_layers:
            layer = self.repo.find_annotator(name)
            spans = self.repo.spans(doc, layer.id) if layer is not None else []
            keys = {stored_id(s): (s.start, s.end, s.label) for s in spans}
            for r in self.repo.relations(doc, layer.id) if layer is not None else []:
                if self._relation(keys[r.head], keys[r.tail], r.type)[1:] == made.source:
                    local_id = r.id
            if local_id is not None:
                break
        return dataclasses.replace(made, source_relation_id=local_id)

    def _relation(self, head: Key, tail: Key, rtype: str) -> Item:
        if rtype in self.symmetric and tail < head:
            head, tail = tail, head
        return ("rel", head, tail, rtype)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
