"""What follows a label to its new key beyond the foreign keys.

Spans, suggestions, gazetteers, attribute fields, the review's span rejections and
gold provenance name a label by foreign key and follow its key in the database;
the review's relation rejections and gold relation provenance name their ends'
labels as text and are rewritten by the storage's rename (both ways, so undo's
rename turns them back). Relation types list their allowed head and tail labels
as text, and an entity's type is a label key without a foreign key (labels come
and go): those are rewritten by ops of the renaming step itself. The rule labels
(which label a figure or date rule suggests, a project setting that defaults to
`DEFAULT_RULE_LABELS`) follow as the label op is applied. A suggester model keeps
the keys it was trained on until it is trained again.
"""

from __future__ import annotations

import dataclasses

from desktop.core.relation_ops import SaveEntity, SaveRelationType
from desktop.core.review_relation_ops import DeleteRelationRejection
from desktop.core.undo import Op
from desktop.storage.contract import ProjectStore


def following_key(repo: ProjectStore, key: str, new_key: str) -> list[Op]:
    """Ops that point relation types and entities naming label `key` at `new_key` instead."""
    ops: list[Op] = []
    for rtype in repo.relation_types():
        if key in rtype.heads or key in rtype.tails:
            after = dataclasses.replace(
                rtype, heads=_renamed(rtype.heads, key, new_key), tails=_renamed(rtype.tails, key, new_key)
            )
            ops.append(SaveRelationType(rtype, after))
    ops += [SaveEntity(e, dataclasses.replace(e, type=new_key)) for e in repo.entities() if e.type == key]
    return ops


def _renamed(keys: tuple[str, ...], key: str, new_key: str) -> tuple[str, ...]:
    return tuple(new_key if k == key else k for k in keys)


def stale_under(repo: ProjectStore, new_key: str) -> list[Op]:
    """Ops removing relation rejections that still name `new_key`, though no label has it (left
    by a label deleted before relation rejections were deleted with it): under the renamed label
    they would turn into decisions nobody made about it, or collide with its own."""
    return [DeleteRelationRejection(r) for r in repo.relation_rejections_with_label(new_key)]


def follow_rule_labels(repo: ProjectStore, key: str, new_key: str) -> None:
    """Point the rule kinds that suggest label `key` at `new_key` (inside the caller's action)."""
    from desktop.suggest.rules import DEFAULT_RULE_LABELS, RULE_LABELS_SETTING  # (a rename: not when a project opens)

    stored = repo.setting(RULE_LABELS_SETTING)
    mapping = dict(DEFAULT_RULE_LABELS) if stored is None else dict(stored)
    if key in mapping.values():
        repo.set_setting(
            RULE_LABELS_SETTING, {kind: new_key if label == key else label for kind, label in mapping.items()}
        )
