"""Writing relation ops through to storage: the workspace's `_apply_one` for the ops
of desktop.core.relation_ops (what a step takes along is in `cascade`)."""

from __future__ import annotations

from desktop.core.errors import NotFound
from desktop.core.ids import stored_id
from desktop.core.relation_ops import (
    CreateRelation,
    DeleteRelation,
    DraftValue,
    LinkEntity,
    RelationOp,
    SaveAttributeField,
    SaveEntity,
    SaveRelationType,
    SetAttribute,
    UpdateRelation,
)
from desktop.storage.contract import ProjectStore


def apply_relation_op(repo: ProjectStore, op: RelationOp, verb: str | None) -> RelationOp:
    """Write one op; returns it as stored (ids and stamps filled in)."""
    match op:
        case CreateRelation(relation):
            return CreateRelation(repo.insert_relation(relation, action=f"{verb or 'relation'}.create"))
        case DeleteRelation(relation):
            return DeleteRelation(repo.delete_relation(stored_id(relation), action=f"{verb or 'relation'}.delete"))
        case UpdateRelation(before, after):
            fields = {"head": after.head, "tail": after.tail, "type": after.type, "note": after.note}
            _, stored = repo.update_relation(stored_id(before), action=f"{verb or 'relation'}.update", **fields)
            return UpdateRelation(before, stored)
        case SetAttribute(_, span_id, name, _, after):
            repo.set_span_attribute(span_id, name, after, action=f"{verb or 'attribute'}.set")
            return op
        case DraftValue(doc, annotator_id, (start, end, label), name, value):
            found = repo.span_at(doc, annotator_id, start, end, label)
            if found is None:
                raise NotFound(f"no {label} [{start}, {end}) to give its {name}")
            repo.set_span_attribute(found, name, value, action="attribute.fill")
            return SetAttribute(doc, found, name, None, value)
        case LinkEntity(_, span_id, _, after):
            repo.link_span(span_id, after, action=f"{verb or 'entity'}.{'link' if after else 'unlink'}")
            return op
        case SaveEntity(_, after) if after is not None:
            return SaveEntity(op.before, repo.save_entity(after, action=f"{verb or 'entity'}.save"))
        case SaveEntity(before, None) if before is not None:
            return SaveEntity(repo.delete_entity(stored_id(before), action=f"{verb or 'entity'}.delete"), None)
        case SaveRelationType(_, after) if after is not None:
            repo.save_relation_type(after, action=f"{verb or 'relation_type'}.save")
            return op
        case SaveRelationType(before, None) if before is not None:
            repo.delete_relation_type(before.key, action=f"{verb or 'relation_type'}.delete")
            return op
        case SaveAttributeField(_, after) if after is not None:
            repo.save_attribute_field(after, action=f"{verb or 'attribute_field'}.save")
            return op
        case SaveAttributeField(before, None) if before is not None:
            repo.delete_attribute_field(before.label, before.name, action=f"{verb or 'attribute_field'}.delete")
            return op
    raise TypeError(f"unknown relation op {op!r}")
