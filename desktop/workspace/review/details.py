"""Attribute values and entity links in review: what gold takes along, what differs.

Accepting a candidate carries into its gold span the details (attribute values
and the entity link) every layer proposing it agrees on, limited to the fields
the gold span's label has (desktop.core.review_details says why). Where layers
differ the reviewer sees the difference and takes one layer's value, one
undoable step each.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from desktop.core.errors import InputError, NotFound
from desktop.core.ids import stored_id
from desktop.core.model import Span
from desktop.core.relation_ops import LinkEntity, SetAttribute
from desktop.core.review import Candidate, Key
from desktop.core.review_details import ENTITY_LINK, DetailDifference, Details, agreed_details, differences
from desktop.core.review_relation_ops import DraftGoldDetail
from desktop.core.undo import Op
from desktop.storage.contract import ProjectStore
from desktop.workspace.changes import Changes

if TYPE_CHECKING:
    from desktop.workspace.review.gold import Review


def span_details(repo: ProjectStore, spans: Sequence[Span]) -> dict[int, dict[str, object]]:
    """Each span's attribute values, with its entity link under `ENTITY_LINK`."""
    ids = [stored_id(s) for s in spans]
    attributes, links = repo.span_attributes(ids), repo.span_entities(ids)
    return {i: {**attributes.get(i, {}), **({ENTITY_LINK: links[i]} if i in links else {})} for i in ids}


def candidate_details(repo: ProjectStore, candidate: Candidate) -> dict[str, Details]:
    """The details of each layer proposing the candidate, in layer order."""
    return candidates_details(repo, [candidate])[0]


def candidates_details(repo: ProjectStore, candidates: Sequence[Candidate]) -> list[dict[str, Details]]:
    """`candidate_details` of many candidates, read in one go."""
    found = span_details(repo, [s for c in candidates for s in c.spans])
    names = {a.id: a.name for a in repo.annotators()}
    return [{names[s.annotator_id]: found[stored_id(s)] for s in c.spans} for c in candidates]


def carried_ops(
    repo: ProjectStore, document_id: int, details: Details, target: Key, fields: set[str] | None = None
) -> list[Op]:
    """Drafts giving the (new) gold span `target` these details, where its label has the field
    (`fields`: the names of its label's fields, when the caller knows them)."""
    if fields is None:
        fields = {field.name for field in repo.attribute_fields(target[2])}
    ops: list[Op] = []
    for name, value in sorted(details.items()):
        if name == ENTITY_LINK and isinstance(value, int):
            ops.append(DraftGoldDetail(document_id, target, None, value))
        elif name in fields:
            ops.append(DraftGoldDetail(document_id, target, name, value))  # type: ignore[arg-type]
    return ops


def agreed_ops(repo: ProjectStore, candidate: Candidate, target: Key) -> list[Op]:
    """What accepting `candidate` as `target` carries along: the details its layers agree on."""
    return carried_ops(repo, candidate.document_id, agreed_details(candidate_details(repo, candidate)), target)


def all_agreed_ops(repo: ProjectStore, candidates: Sequence[Candidate]) -> list[list[Op]]:
    """`agreed_ops` of many candidates accepted as they are (what "accept agreed" carries)."""
    fields: dict[str, set[str]] = {}
    for field in repo.attribute_fields():
        fields.setdefault(field.label, set()).add(field.name)
    return [
        carried_ops(repo, c.document_id, agreed_details(details), c.key, fields.get(c.label, set()))
        for c, details in zip(candidates, candidates_details(repo, candidates))
    ]


class ReviewDetails:
    """Differences in details between the layers, and taking one layer's value into gold."""

    def __init__(self, review: Review) -> None:
        self.review = review
        self.repo = review.repo

    def differences(self, candidate: Candidate) -> list[DetailDifference]:
        """The details the candidate's layers give differently (with gold's, when gold took it)."""
        gold = self.gold_span(candidate)
        held = span_details(self.repo, [gold])[stored_id(gold)] if gold is not None else None
        return differences(candidate_details(self.repo, candidate), held)

    def entity_name(self, entity_id: int) -> str | None:
        """An entity's name as the reviewer reads it (None when the project has no such entity)."""
        try:
            return self.repo.entity(entity_id).name
        except NotFound:
            return None

    def gold_span(self, candidate: Candidate) -> Span | None:
        """The gold span that took the candidate: with its key, else recording it as source."""
        gold = self.review.gold(candidate.document_id)
        exact = next((s for s, _ in gold if (s.start, s.end, s.label) == candidate.key), None)
        return exact or next((s for s, p in gold if p is not None and p.source == candidate.key), None)

    def take(self, candidate: Candidate, name: str, layer: str) -> Changes:
        """Give the candidate's gold span the value `layer` gives (its absence clears gold's)."""
        gold = self.gold_span(candidate)
        if gold is None:
            raise InputError("review.detail_before_span")
        per_layer = candidate_details(self.repo, candidate)
        if layer not in per_layer:
            raise NotFound(f"layer {layer!r} does not propose this span")
        value = per_layer[layer].get(name)
        span_id = stored_id(gold)
        before = span_details(self.repo, [gold])[span_id].get(name)
        if before == value:
            return Changes()
        if name == ENTITY_LINK:
            op: Op = LinkEntity(gold.document_id, span_id, _entity(before), _entity(value))
        elif name in {f.name for f in self.repo.attribute_fields(gold.label)}:
            op = SetAttribute(gold.document_id, span_id, name, before, value)  # type: ignore[arg-type]
        else:
            raise NotFound(f"label {gold.label!r} has no attribute {name!r}")
        what = "entity link" if name == ENTITY_LINK else name
        return self.review._decide(gold.document_id, f"Take {what} from {layer}", [op])


def _entity(value: object) -> int | None:
    return value if isinstance(value, int) else None
