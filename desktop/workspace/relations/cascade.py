"""What a step takes along with it, as ops of the same step so undo brings all of it back.

Deleting a span removes its relations, attribute values and entity link first;
relabelling one removes the relations its new label does not allow and the
values of fields the new label lacks; deleting a label removes its attribute
fields. The database's foreign keys would drop some of these rows too, but
unjournaled and beyond undo: here they are ops like any other.
"""

from __future__ import annotations

from desktop.core.relation_ops import DeleteRelation, LinkEntity, SaveAttributeField, SetAttribute
from desktop.core.undo import DeleteGold, DeleteSpan, Op, SaveLabel, UpdateSpan
from desktop.storage.contract import ProjectStore
from desktop.workspace.review.ops import relation_removal_ops


def with_detached(repo: ProjectStore, ops: list[Op]) -> list[Op]:
    """`ops` with what each of them takes along put just before it."""
    ops = _relabelled(repo, _fields_of_deleted_labels(repo, ops))
    removed = [op.span.id for op in ops if isinstance(op, DeleteSpan | DeleteGold) and op.span.id is not None]
    if not removed:
        return ops
    detached = detach_ops(repo, removed)
    if not any(detached.values()):
        return ops
    result: list[Op] = []
    for op in ops:
        if isinstance(op, DeleteSpan | DeleteGold) and op.span.id is not None:
            result += detached.pop(op.span.id, [])
        result.append(op)
    return result


def detach_ops(repo: ProjectStore, span_ids: list[int]) -> dict[int, list[Op]]:
    """Per span, the ops that remove what hangs on it: relations, attributes, entity link.
    A relation between two of the spans goes with the first of them."""
    found: dict[int, list[Op]] = {span_id: [] for span_id in span_ids}
    order = {span_id: n for n, span_id in enumerate(span_ids)}
    relations = repo.relations_of_spans(span_ids)
    for relation, op in zip(relations, relation_removal_ops(repo, relations)):  # gold's keep their provenance
        ends = [end for end in (relation.head, relation.tail) if end in order]
        found[min(ends, key=order.__getitem__)].append(op)
    attributes, links = repo.span_attributes(span_ids), repo.span_entities(span_ids)
    spans = repo.spans_by_ids(sorted(set(attributes) | set(links))) if attributes or links else {}
    for span_id, values in attributes.items():
        doc = spans[span_id].document_id
        found[span_id] += [SetAttribute(doc, span_id, name, value, None) for name, value in values.items()]
    for span_id, entity_id in links.items():
        found[span_id].append(LinkEntity(spans[span_id].document_id, span_id, entity_id, None))
    return found


def _fields_of_deleted_labels(repo: ProjectStore, ops: list[Op]) -> list[Op]:
    """The attribute fields of a label go with it (their foreign key would drop them unjournaled)."""
    if not any(isinstance(op, SaveLabel) and op.after is None for op in ops):
        return ops
    result: list[Op] = []
    for op in ops:
        if isinstance(op, SaveLabel) and op.before is not None and op.after is None:
            result += [SaveAttributeField(field, None) for field in repo.attribute_fields(op.before.key)]
        result.append(op)
    return result


def _relabelled(repo: ProjectStore, ops: list[Op]) -> list[Op]:
    """Before a relabel: drop the relations and attribute values the new label does not take."""
    if not any(isinstance(op, UpdateSpan) and op.before.label != op.after.label for op in ops):
        return ops
    result: list[Op] = []
    for op in ops:
        if isinstance(op, UpdateSpan) and op.before.label != op.after.label and op.before.id is not None:
            result += _relabel_ops(repo, op.before.id, op.after.label, op.before.document_id)
        result.append(op)
    return result


def _relabel_ops(repo: ProjectStore, span_id: int, label: str, document_id: int) -> list[Op]:
    ops: list[Op] = []
    relations = repo.relations_of_spans([span_id])
    if relations:
        types = {t.key: t for t in repo.relation_types()}
        others = repo.spans_by_ids([r.tail if r.head == span_id else r.head for r in relations])
        for relation in relations:
            head = label if relation.head == span_id else others[relation.head].label
            tail = label if relation.tail == span_id else others[relation.tail].label
            if relation.type not in types or not types[relation.type].allows(head, tail):
                ops.append(DeleteRelation(relation))
    kept = {field.name for field in repo.attribute_fields(label)}
    values = repo.span_attributes([span_id]).get(span_id, {})
    ops += [SetAttribute(document_id, span_id, name, value, None) for name, value in values.items() if name not in kept]
    return ops
