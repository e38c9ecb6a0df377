"""Merging the other file's relation scheme and entity registry, before its documents.

- **Relation types** missing here are added (a hotkey another type has here is
  dropped). One of the same key must mean the same: equally directed, and every
  head and tail label it allows there allowed here, else the merge of that file
  stops with a ConflictError naming the file and the difference.
- **Attribute fields** missing here are added; one of the same label and name must
  have the same kind and (a choice field) offer every choice it offers there.
- **Entities** match by canonical name and type: a match gets the aliases (and an
  external id it lacks) of the other; the rest are added. The returned map takes
  the other file's entity ids to ours, for links and entity-valued attributes.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from desktop.core.attributes import AttributeField
from desktop.core.errors import ConflictError
from desktop.core.relations import Entity, RelationType
from desktop.storage.contract import ProjectStore
from desktop.storage.merge_facts import SourceFacts

if TYPE_CHECKING:
    from desktop.workspace.merge.projects import FileMerge


def merge_relation_scheme(repo: ProjectStore, other: SourceFacts, result: FileMerge) -> None:
    """Add the relation types and attribute fields this project lacks; refuse conflicting ones."""
    mine = {t.key: t for t in repo.relation_types()}
    taken = {t.hotkey.upper() for t in mine.values() if t.hotkey}
    for rtype in other.relation_types():
        local = mine.get(rtype.key)
        if local is not None:
            _check_type(result.path, local, rtype)
            continue
        if rtype.hotkey and rtype.hotkey.upper() in taken:  # two types on one key: the menu could pick neither
            rtype = dataclasses.replace(rtype, hotkey="")
        elif rtype.hotkey:
            taken.add(rtype.hotkey.upper())
        repo.save_relation_type(rtype, action="merge.relation_type")
        result.relation_types_added.append(rtype.key)
    fields = {f.path: f for f in repo.attribute_fields()}
    for field in other.attribute_fields():
        if field.path in fields:
            _check_field(result.path, fields[field.path], field)
            continue
        repo.save_attribute_field(field, action="merge.attribute_field")
        result.attribute_fields_added.append(field.path)


def _check_type(path: str, local: RelationType, incoming: RelationType) -> None:
    def allowed(t: RelationType) -> str:
        return f"{', '.join(t.heads) or 'any label'} → {', '.join(t.tails) or 'any label'}"

    if local.directed != incoming.directed:
        way = {True: "directed", False: "symmetric"}
        raise ConflictError(
            f"{path}: relation type {local.key!r} is {way[incoming.directed]} there and {way[local.directed]} here;"
            " make the two schemes agree before merging"
        )
    if not (_within(incoming.heads, local.heads) and _within(incoming.tails, local.tails)):
        raise ConflictError(
            f"{path}: relation type {local.key!r} allows {allowed(incoming)} there but only {allowed(local)} here;"
            " make the two schemes agree before merging"
        )


def _within(theirs: tuple[str, ...], ours: tuple[str, ...]) -> bool:
    """Every label `theirs` allows, `ours` allows too (empty: any label)."""
    return not ours or (bool(theirs) and set(theirs) <= set(ours))


def _check_field(path: str, local: AttributeField, incoming: AttributeField) -> None:
    if local.kind != incoming.kind:
        raise ConflictError(
            f"{path}: attribute {local.path} is a {incoming.kind.value} field there and a {local.kind.value} field"
            " here; make the two schemes agree before merging"
        )
    missing = [c for c in incoming.choice_keys if c not in local.choice_keys]  # names may differ: values are keys
    if missing:
        raise ConflictError(
            f"{path}: attribute {local.path} has choices this project lacks: {', '.join(missing)};"
            " make the two schemes agree before merging"
        )


def merge_registry(repo: ProjectStore, other: SourceFacts, result: FileMerge) -> dict[int, int]:
    """Bring the other registry in; returns {their entity id: ours}."""
    mine = {(e.name, e.type): e for e in repo.entities()}
    ids: dict[int, int] = {}
    for entity in other.entities():
        local = mine.get((entity.name, entity.type))
        if local is None:
            local = repo.save_entity(dataclasses.replace(entity, id=None), action="merge.entity")
            mine[(local.name, local.type)] = local
            result.entities_added += 1
        else:
            grown = _grown(local, entity)
            if grown is not None:
                local = mine[(local.name, local.type)] = repo.save_entity(grown, action="merge.entity")
                result.entities_updated += 1
        assert entity.id is not None and local.id is not None  # both read back from a store
        ids[entity.id] = local.id
    return ids


def _grown(local: Entity, incoming: Entity) -> Entity | None:
    """The local entity with the other's aliases and external id it lacks, or None if it lacks none."""
    aliases = local.aliases + tuple(a for a in incoming.aliases if a not in local.aliases and a != local.name)
    external = local.external_id or incoming.external_id
    if aliases == local.aliases and external == local.external_id:
        return None
    return dataclasses.replace(local, aliases=aliases, external_id=external)
