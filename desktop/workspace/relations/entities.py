"""Entity identity: the project's registry and the mentions linked to it.

One official across documents («جهانگیری», «اسحاق جهانگیری», «معاون اول») is
one entity with aliases; a span (mention) links to it. `suggest` proposes
entities for a mention by comparing Persian-folded names (desktop.text.folding:
Arabic/Persian letter forms, digits, ZWNJ and spacing do not matter).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from desktop.core.errors import ConflictError, InputError, NotFound
from desktop.core.ids import stored_id
from desktop.core.model import Span
from desktop.core.relation_ops import LinkEntity, SaveEntity
from desktop.core.relations import Entity
from desktop.core.undo import Op
from desktop.workspace.changes import Changes
from desktop.workspace.relations.entity_names import NameIndex

if TYPE_CHECKING:
    from desktop.workspace.session import Workspace


class Entities:
    """The entity registry and the links of the workspace annotator's spans."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.repo = workspace.repo

    def all(self) -> list[Entity]:
        return self.repo.entities()

    def mentions(self, entity_id: int) -> list[Span]:
        return self.repo.entity_mentions(entity_id)

    def mention_counts(self) -> dict[int, int]:
        """entity id → its number of mentions across the project (absent: none), in one query."""
        return self.repo.entity_mention_counts()

    def linked(self, span_id: int) -> Entity | None:
        entity_id = self.repo.span_entities([span_id]).get(span_id)
        return None if entity_id is None else self.repo.entity(entity_id)

    def create(self, name: str, type_key: str, aliases: tuple[str, ...] = (), external_id: str = "") -> Changes:
        """A new entity; its id is in `entities_added`."""
        if type_key not in self.workspace.labels():
            raise NotFound(f"no label {type_key!r} in this project")
        entity = _entity(name.strip(), type_key, aliases, external_id.strip())
        return self.workspace.apply_ops(f"Add entity {entity.name}", [SaveEntity(None, entity)])

    def update(self, entity_id: int, **changes: object) -> Changes:
        """Rename, retype, set aliases or the external id (keywords of `Entity`)."""
        before = self.repo.entity(entity_id)
        try:
            after = dataclasses.replace(before, **changes)  # type: ignore[arg-type]
        except (TypeError, ValueError) as exc:
            raise InputError("entity.invalid", name=before.name, detail=str(exc)) from None
        if after == before:
            return Changes()
        return self.workspace.apply_ops(f"Edit entity {before.name}", [SaveEntity(before, after)])

    def delete(self, entity_id: int) -> Changes:
        """Drop an entity, unlinking its mentions in the same step (undo relinks them)."""
        entity = self.repo.entity(entity_id)
        ops: list[Op] = [LinkEntity(s.document_id, stored_id(s), entity_id, None) for s in self.mentions(entity_id)]
        ops.append(SaveEntity(entity, None))
        return self.workspace.apply_ops(f"Delete entity {entity.name}", ops)

    def merge(self, keep_id: int, other_id: int) -> Changes:
        """Fold `other` into `keep`: its names become aliases, its mentions link to `keep`."""
        if keep_id == other_id:
            raise ConflictError("an entity cannot be merged into itself")
        keep, other = self.repo.entity(keep_id), self.repo.entity(other_id)
        merged = dataclasses.replace(keep, aliases=keep.aliases + other.names)
        ops: list[Op] = [LinkEntity(s.document_id, stored_id(s), other_id, keep_id) for s in self.mentions(other_id)]
        ops += [SaveEntity(keep, merged), SaveEntity(other, None)]
        return self.workspace.apply_ops(f"Merge entity {other.name} into {keep.name}", ops)

    def create_from_span(self, span_id: int) -> Changes:
        """A new entity named by the span's words, of its label, and the span linked to it: one step."""
        span = self._mine(span_id)
        name = self.repo.document_text(span.document_id)[span.start : span.end].strip()
        entity = dataclasses.replace(_entity(name, span.label, (), ""), id=self._fresh_id())
        before = self.repo.span_entities([span_id]).get(span_id)
        ops: list[Op] = [SaveEntity(None, entity), LinkEntity(span.document_id, span_id, before, entity.id)]
        return self.workspace.apply_ops(f"Add entity {entity.name}", ops)

    def split(self, entity_id: int, span_ids: list[int], name: str, aliases: tuple[str, ...] = ()) -> Changes:
        """Move some of an entity's mentions to a new entity (same type) named `name`: one step."""
        source = self.repo.entity(entity_id)
        mentions = {stored_id(s): s for s in self.mentions(entity_id)}
        strays = sorted(set(span_ids) - set(mentions))
        if strays:
            raise InputError("entity.not_a_mention", span=strays[0], name=source.name)
        if not span_ids:
            raise InputError("entity.no_mentions", name=source.name)
        entity = dataclasses.replace(_entity(name.strip(), source.type, aliases, ""), id=self._fresh_id())
        ops: list[Op] = [SaveEntity(None, entity)]
        ops += [LinkEntity(mentions[i].document_id, i, entity_id, entity.id) for i in sorted(set(span_ids))]
        return self.workspace.apply_ops(f"Split entity {source.name}", ops)

    def link(self, span_id: int, entity_id: int | None) -> Changes:
        """Link a span of this layer to an entity (None unlinks it)."""
        span = self._mine(span_id)
        if entity_id is not None:
            self.repo.entity(entity_id)  # NotFound names it
        before = self.repo.span_entities([span_id]).get(span_id)
        if before == entity_id:
            return Changes()
        what = "Unlink entity" if entity_id is None else "Link entity"
        return self.workspace.apply_ops(what, [LinkEntity(span.document_id, span_id, before, entity_id)])

    def unlink(self, span_id: int) -> Changes:
        return self.link(span_id, None)

    def _mine(self, span_id: int) -> Span:
        span = self.repo.span(span_id)
        if span.annotator_id != self.workspace.annotator.id:
            raise ConflictError(f"span #{span_id} is in another annotator's layer")
        return span

    def _fresh_id(self) -> int:
        """An id no entity has ever had. A step that makes an entity and links mentions to it
        needs the id before it is written; and undo may bring a deleted entity back with its
        old id, so the journal (every entity ever saved) is asked, not only today's registry."""
        journal = self.repo.history(entity="entity", limit=1_000_000_000)
        used = [e.id or 0 for e in self.all()] + [int(row["entity_id"]) for row in journal]
        return 1 + max(used, default=0)

    def suggest(self, span_id: int, index: NameIndex | None = None) -> list[Entity]:
        """Entities whose name or an alias, folded, is the mention's text: those of the
        span's label first; then those whose folded name contains the mention as words.
        `index` (from `name_index`) may be kept while the registry does not change."""
        span = self.repo.span(span_id)
        mention = self.repo.document_text(span.document_id)[span.start : span.end]
        return (index or self.name_index()).propose(mention, span.label)

    def name_index(self) -> NameIndex:
        return NameIndex(self.all())


def _entity(name: str, type_key: str, aliases: tuple[str, ...], external_id: str) -> Entity:
    try:
        return Entity(name, type_key, tuple(aliases), external_id)
    except ValueError as exc:
        raise InputError("entity.invalid", name=name, detail=str(exc)) from None
