"""What follows a label to its new key beyond the foreign keys: relation types and entities.

Spans, suggestions, gazetteers and attribute fields name a label by foreign key
and follow its key in the database. Relation types list their allowed head and
tail labels as text, and an entity's type is a label key without a foreign key
(labels come and go): those are rewritten by ops of the renaming step itself.
"""

from __future__ import annotations

import dataclasses

from desktop.core.relation_ops import SaveEntity, SaveRelationType
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
