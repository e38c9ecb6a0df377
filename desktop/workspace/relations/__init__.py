"""Use cases of the layer above spans: relations, span attributes and entity identity."""

from desktop.workspace.relations.attributes import SpanAttributes
from desktop.workspace.relations.cascade import detach_ops, with_detached
from desktop.workspace.relations.edit import Relations
from desktop.workspace.relations.entities import Entities
from desktop.workspace.relations.entity_names import name_key
from desktop.workspace.relations.ops import apply_relation_op
from desktop.workspace.relations.scheme import RelationSchemeEditor

__all__ = [
    "Entities",
    "RelationSchemeEditor",
    "Relations",
    "SpanAttributes",
    "apply_relation_op",
    "detach_ops",
    "name_key",
    "with_detached",
]
