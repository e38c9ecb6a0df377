"""Editing the label scheme: add, rename, change a key, recolour, set hotkeys, reorder, delete.

Every edit is one undoable step of `SaveLabel` ops, run through the
workspace like a span edit (one transaction, journaled, announced with
`labels_changed`). Deleting a label first removes every row that names it
(spans of all layers with gold's provenance, suggestions, rejections of spans
and relations, gazetteers) in the same step, so undo brings all of them back with their ids.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.core.errors import ConflictError, InputError
from desktop.core.hotkeys import check_hotkey, next_free_hotkey
from desktop.core.model import Label, check_label_key
from desktop.core.reasons import plain
from desktop.core.review_relation_ops import DeleteRelationRejection
from desktop.core.undo import DeleteRejection, EditGazetteer, Op, RemoveSuggestions, SaveGazetteer, SaveLabel
from desktop.storage.contract import ProjectStore
from desktop.workspace.changes import Changes
from desktop.workspace.imports.labels import distinct_colours
from desktop.workspace.relations.rekey import follow_rule_labels, following_key, stale_under
from desktop.workspace.review.ops import removal_op

if TYPE_CHECKING:
    from desktop.workspace.session import Workspace

_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
UNCHANGED = object()  # keyword default: leave this field as it is


@dataclass(frozen=True, slots=True)
class LabelUsage:
    """What deleting a label would remove along with it."""

    spans: int
    gold_spans: int
    suggestions: int
    rejections: int
    gazetteers: tuple[str, ...]


class Scheme:
    """The project's labels, edited as the workspace's annotator."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.repo = workspace.repo

    def labels(self) -> list[Label]:
        return self.repo.labels()

    def span_counts(self) -> dict[str, int]:
        return self.repo.label_span_counts()

    def add(
        self,
        key: str,
        name_fa: str = "",
        name_en: str = "",
        color: str = "",
        hotkey: str | None = None,
        description: str = "",
    ) -> Changes:
        """A new label at the end; empty names take the key, no colour a distinct one,
        no hotkey (None) the next free one ('' for none)."""
        key = key.strip()
        try:
            check_label_key(key)
        except ValueError:
            raise InputError("label.key_rules", key=key) from None
        existing = self.labels()
        if any(label.key == key for label in existing):
            raise ConflictError(f"there is a label {key!r} already")
        color = color or distinct_colours((label.color for label in existing), 1)[0]
        hotkey = next_free_hotkey(label.hotkey for label in existing) if hotkey is None else hotkey
        order = max((label.order for label in existing), default=-1) + 1
        label = self._valid(
            Label(key, key, key, "#000000", order=order),
            name_fa=name_fa or key,
            name_en=name_en or key,
            color=color,
            hotkey=hotkey,
            description=description,
        )
        return self._step(f"Add label {key}", [SaveLabel(None, label)])

    def edit(
        self,
        key: str,
        *,
        name_fa=UNCHANGED,
        name_en=UNCHANGED,
        color=UNCHANGED,
        hotkey=UNCHANGED,
        description=UNCHANGED,
    ) -> Changes:
        """Change any of a label's names, colour, hotkey and description: one step."""
        before = self.repo.label(key)
        given = {"name_fa": name_fa, "name_en": name_en, "color": color, "hotkey": hotkey, "description": description}
        after = self._valid(before, **{k: v for k, v in given.items() if v is not UNCHANGED})
        return self._step(f"Edit label {key}", [SaveLabel(before, after)] if after != before else [])

    def rename(self, key: str, name_fa: str, name_en: str) -> Changes:
        return self.edit(key, name_fa=name_fa, name_en=name_en)

    def change_key(self, key: str, new_key: str) -> Changes:
        """Give a label another key, one step: its spans (every layer), suggestions, gazetteers,
        rejections and attribute fields follow by foreign key, the review's relation rows in
        storage; relation types' allowed head and tail labels and entity types are rewritten by
        ops of the same step, and the rule labels as the label op is applied, so undo turns all back."""
        before = self.repo.label(key)
        new_key = new_key.strip()
        if new_key == key:
            return Changes()
        try:
            check_label_key(new_key)
        except ValueError:
            raise InputError("label.key_rules", key=new_key) from None
        if self.repo.has_label(new_key):
            raise ConflictError(f"there is a label {new_key!r} already")
        ops = stale_under(self.repo, new_key)
        ops.append(SaveLabel(before, dataclasses.replace(before, key=new_key)))
        ops += following_key(self.repo, key, new_key)
        return self._step(f"Change label key {key} to {new_key}", ops)

    def recolour(self, key: str, color: str) -> Changes:
        return self.edit(key, color=color)

    def set_hotkey(self, key: str, hotkey: str) -> Changes:
        return self.edit(key, hotkey=hotkey)

    def reorder(self, keys: list[str]) -> Changes:
        """Put the labels in this order (every key once)."""
        labels = {label.key: label for label in self.labels()}
        if sorted(keys) != sorted(labels):
            raise InputError("label.order", labels=", ".join(labels))
        ops: list[Op] = [
            SaveLabel(labels[k], dataclasses.replace(labels[k], order=i))
            for i, k in enumerate(keys)
            if labels[k].order != i
        ]
        return self._step("Reorder labels", ops)

    def move(self, key: str, offset: int) -> Changes:
        """Move a label up (-1) or down (+1) in the order; at an end, nothing changes."""
        keys = [label.key for label in self.labels()]
        i = keys.index(self.repo.label(key).key)
        j = max(0, min(len(keys) - 1, i + offset))
        keys.insert(j, keys.pop(i))
        return self.reorder(keys)

    def usage(self, key: str) -> LabelUsage:
        self.repo.label(key)  # NotFound names an unknown key
        gold = self.repo.gold_annotator()
        spans = self.repo.spans_with_label(key)
        return LabelUsage(
            len(spans),
            sum(1 for s in spans if gold and s.annotator_id == gold.id),
            len(self.repo.suggestions_with_label(key)),
            len(self.repo.rejections_with_label(key)),
            tuple(g.name for g in self.repo.gazetteers() if g.label == key),
        )

    def delete(self, key: str) -> Changes:
        """Remove a label with every span, suggestion, rejection and gazetteer naming it."""
        label = self.repo.label(key)
        sources = self.repo.gold_sources_with_label(key)
        if sources:
            raise ConflictError(
                f"label {key!r} cannot be deleted: {sources} gold spans were accepted "
                "from candidates with it, and review keeps where gold came from"
            )
        ops: list[Op] = []
        suggestions = tuple(self.repo.suggestions_with_label(key))
        if suggestions:
            ops.append(RemoveSuggestions(suggestions))
        ops += [DeleteRejection(r) for r in self.repo.rejections_with_label(key)]
        ops += [DeleteRelationRejection(r) for r in self.repo.relation_rejections_with_label(key)]
        for gazetteer in (g for g in self.repo.gazetteers() if g.label == key):
            entries = tuple(self.repo.gazetteer_entries(gazetteer.name))
            ops += [EditGazetteer(gazetteer.name, removed=entries)] if entries else []
            ops.append(SaveGazetteer(gazetteer, None))
        ops += [removal_op(self.repo, span) for span in self.repo.spans_with_label(key)]
        return self._step(f"Delete label {key}", ops + [SaveLabel(label, None)])

    def _valid(self, label: Label, **changes) -> Label:
        """`label` with `changes`, checked; InputError or ConflictError says what is wrong."""
        if "name_fa" in changes or "name_en" in changes:
            for field in ("name_fa", "name_en"):
                changes[field] = _name(changes.get(field, getattr(label, field)), field)
        if "color" in changes and not _COLOR.fullmatch(changes["color"] or ""):
            raise InputError("label.colour", colour=changes["color"])
        if "hotkey" in changes:
            try:
                changes["hotkey"] = check_hotkey(changes["hotkey"])
            except ValueError as exc:
                raise InputError(plain(str(exc))) from None
            owner = next(
                (
                    other
                    for other in self.labels()
                    if changes["hotkey"] and other.hotkey.upper() == changes["hotkey"] and other.key != label.key
                ),
                None,
            )
            if owner is not None:
                raise ConflictError(f"hotkey {changes['hotkey']!r} is label {owner.key!r}'s already")
        if "description" in changes:
            changes["description"] = changes["description"].strip()
        return dataclasses.replace(label, **changes)

    def _step(self, description: str, ops: list[Op]) -> Changes:
        return self.workspace.apply_ops(description, ops) if ops else Changes()


def _name(name: str, field: str) -> str:
    persian = field == "name_fa"
    name = name.strip()
    if not name:
        raise InputError("label.no_persian_name" if persian else "label.no_english_name")
    if len(name) > 80 or any(unicodedata.category(c) in ("Cc", "Cs") for c in name):
        raise InputError("label.persian_name_rules" if persian else "label.english_name_rules")
    return name


def apply_label_op(repo: ProjectStore, op: SaveLabel, verb: str | None) -> SaveLabel:
    """Write one label op (inside the caller's action); a new key renames the label first."""
    prefix = f"{verb}." if verb else ""
    if op.after is None:
        assert op.before is not None  # a deletion names the label it deletes
        repo.delete_label(op.before.key, action=f"{prefix}label.delete")
        return op
    if op.before is not None and op.before.key != op.after.key:
        repo.rename_label(op.before.key, op.after.key, action=f"{prefix}label.rename")
        follow_rule_labels(repo, op.before.key, op.after.key)  # here, so that undo's rename turns it back
    repo.save_label(op.after, action=f"{prefix}label.{'create' if op.before is None else 'update'}")
    return op
