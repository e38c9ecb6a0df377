"""Editing the relation layer of the scheme: relation types and attribute fields.

Each edit is one undoable step (`SaveRelationType`, `SaveAttributeField`),
journaled and announced with `labels_changed` like a label edit. A type still
used by relations is not deleted; a field's values stay stored when the field goes.
`add_defaults` gives a project made before relations (schema 3) the default
scheme's types and fields over the labels it has.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.core.attributes import AttributeField
from desktop.core.errors import ConflictError, InputError, NotFound
from desktop.core.relation_ops import SaveAttributeField, SaveRelationType
from desktop.core.relations import RelationType
from desktop.core.scheme import default_relation_scheme
from desktop.core.undo import Op
from desktop.workspace.changes import Changes

if TYPE_CHECKING:
    from desktop.workspace.session import Workspace


class RelationSchemeEditor:
    """The project's relation types and attribute fields, edited as the workspace's annotator."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.repo = workspace.repo

    def save_type(self, rtype: RelationType) -> Changes:
        """Add a relation type or change the one with its key."""
        self._check_labels(rtype.heads + rtype.tails, f"relation type {rtype.key}")
        before = self._type(rtype.key)
        if before == rtype:
            return Changes()
        verb = "Add" if before is None else "Edit"
        return self.workspace.apply_ops(f"{verb} relation type {rtype.key}", [SaveRelationType(before, rtype)])

    def delete_type(self, key: str) -> Changes:
        before = self._type(key)
        if before is None:
            raise NotFound(f"no relation type {key!r} in this project")
        if self.repo.relation_counts().get(key):
            raise ConflictError(f"relation type {key!r} is still in use; delete or retype its relations first")
        return self.workspace.apply_ops(f"Delete relation type {key}", [SaveRelationType(before, None)])

    def save_field(self, field: AttributeField) -> Changes:
        """Add an attribute field or change the one with its label and name."""
        self._check_labels((field.label,), f"attribute {field.path}")
        before = self._field(field.label, field.name)
        if before == field:
            return Changes()
        verb = "Add" if before is None else "Edit"
        return self.workspace.apply_ops(f"{verb} attribute {field.path}", [SaveAttributeField(before, field)])

    def delete_field(self, label: str, name: str) -> Changes:
        before = self._field(label, name)
        if before is None:
            raise NotFound(f"no attribute {label}.{name} in this project")
        return self.workspace.apply_ops(f"Delete attribute {before.path}", [SaveAttributeField(before, None)])

    def add_defaults(self) -> Changes:
        """The default scheme's relation types and fields this project lacks, where it has their labels."""
        labels = set(self.workspace.labels())
        scheme = default_relation_scheme()
        ops: list[Op] = [
            SaveRelationType(None, t)
            for t in scheme.relation_types
            if self._type(t.key) is None and set(t.heads + t.tails) <= labels
        ]
        ops += [
            SaveAttributeField(None, f)
            for f in scheme.attributes
            if f.label in labels and self._field(f.label, f.name) is None
        ]
        return self.workspace.apply_ops("Add default relation types", ops) if ops else Changes()

    def _check_labels(self, keys: tuple[str, ...], owner: str) -> None:
        unknown = sorted(set(keys) - set(self.workspace.labels()))
        if unknown:
            raise InputError("relation_scheme.unknown_labels", owner=owner, labels=", ".join(unknown))

    def _type(self, key: str) -> RelationType | None:
        return next((t for t in self.repo.relation_types() if t.key == key), None)

    def _field(self, label: str, name: str) -> AttributeField | None:
        return next((f for f in self.repo.attribute_fields(label) if f.name == name), None)
