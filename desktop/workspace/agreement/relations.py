"""The relations behind a pair's relation F1: those of either layer that found no match.

A relation of one layer is unmatched when the other layer has no relation of the
same type between the spans its ends were matched to (exact or overlap match, as
for span F1; either way round for a symmetric type), or when an end was not matched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop.core.agreement import LayerFacts, match
from desktop.core.agreement.fact_counts import unmatched_relations
from desktop.storage.locate import agreement_snapshot

if TYPE_CHECKING:
    from desktop.workspace.session import Workspace

Key = tuple[int, int, str]
NO_FACTS = LayerFacts()


@dataclass(frozen=True, slots=True)
class RelationMismatch:
    """A relation of one layer of a pair that the other layer did not match."""

    document_id: int
    layer: str
    head: Key  # start, end, label
    tail: Key
    type: str

    def as_dict(self) -> dict[str, Any]:
        return {"document_id": self.document_id, "layer": self.layer, "head": list(self.head),
                "tail": list(self.tail), "type": self.type}  # fmt: skip


def relation_disagreements(
    workspace: Workspace,
    a: str,
    b: str,
    rtype: str | None = None,
    *,
    mode: str = "exact",
    documents: Sequence[int] | None = None,
    snapshot: bool = False,
) -> list[RelationMismatch]:
    """Each relation of a or b (of type `rtype`, when given) left unmatched, by document and place."""
    reads = agreement_snapshot(workspace.repo) if snapshot else workspace.repo.agreement_input()
    with reads as read:
        ids = read.layers([a, b])
        symmetric = read.scheme().symmetric
        out: list[RelationMismatch] = []
        for doc in read.documents(ids, documents, text=False):
            mine, theirs = doc.facts.get(a, NO_FACTS).relations, doc.facts.get(b, NO_FACTS).relations
            if not mine and not theirs:
                continue
            b_to_a = {y: x for x, y in match(doc.spans[a], doc.spans[b], mode)}
            for layer, keys in zip((a, b), unmatched_relations(mine, theirs, b_to_a, symmetric)):
                out += [RelationMismatch(doc.id, layer, *key) for key in keys if rtype is None or key[2] == rtype]
        return sorted(out, key=lambda m: (m.document_id, m.head, m.tail, m.layer))
