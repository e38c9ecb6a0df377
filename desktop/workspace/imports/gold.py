"""Gold from the native JSONL: the exported gold layer comes back as gold.

A layer of the file whose spans or relations carry `provenance` (the review decision
that made them: only gold's do) is the exported project's gold layer. Its spans are
stored as gold spans with their provenance, its relations as gold relations with
theirs, and the record's `relation_rejections` as the review's relation rejections;
a provenance's source id is pointed at the local copy of the layer span or relation
it names (None when the project has no such copy), as merging does. With
`--annotator` the file's history is re-attributed and nothing becomes gold.

A project that already has gold follows the merge rules (desktop/workspace/merge/):
per document, the file's gold joins the local gold layer when one of the two holds
the other (equal, or one only adds spans); otherwise it goes, side by side, to an
ordinary layer `gold@<file name>` (no provenance) for review to show the difference,
and the record's relation rejections are left out: they decided about another gold.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from desktop.core.errors import InputError
from desktop.core.model import Annotator
from desktop.core.review import Method, Provenance
from desktop.core.review_relations import RelationProvenance, RelationRejection
from desktop.formats.records import DocumentRecord
from desktop.storage.contract import ProjectStore

Key = tuple[int, int, str]


def gold_names(records: Iterable[DocumentRecord]) -> frozenset[str]:
    """The file's layers that carry review decisions: its gold."""
    names: set[str] = set()
    for record in records:
        names |= {s.annotator for s in record.spans if s.provenance is not None and s.annotator}
        names |= {r.annotator for r in record.relations if r.provenance is not None and r.annotator}
    return frozenset(names)


class GoldPlacer:
    """Where each document's incoming gold goes: the local gold layer, or `gold@<file>`."""

    def __init__(self, repo: ProjectStore, names: frozenset[str], stem: str) -> None:
        self.repo, self.names, self.stem = repo, names, stem
        self.placed: dict[int, Annotator] = {}

    def target(self, doc_id: int, record: DocumentRecord, added: bool) -> Annotator:
        """The layer the record's gold joins (decided once per document)."""
        if doc_id in self.placed:
            return self.placed[doc_id]
        gold = self.repo.gold_annotator()
        incoming = {(s.start, s.end, s.label) for s in record.spans if s.annotator in self.names}
        held = set() if gold is None or added else {(s.start, s.end, s.label) for s in self.repo.spans(doc_id, gold.id)}
        if incoming <= held or held <= incoming:
            made = gold or self.repo.gold_annotator(create=True)
        else:
            made = self.repo.ensure_annotator(f"{gold.name if gold else 'gold'}@{self.stem}")
        self.placed[doc_id] = made
        return made

    def is_gold(self, doc_id: int, layer_id: int | None = None) -> bool:
        """Whether the document's incoming gold joined the gold layer (and `layer_id` is it)."""
        found = self.placed.get(doc_id)
        return found is not None and found.kind == "gold" and layer_id in (None, found.id)

    def span_provenance(self, doc_id: int, data: dict[str, Any] | None, where: tuple[str, int]) -> Provenance | None:
        """A gold span's provenance as the file states it, its source id pointed here."""
        if data is None:
            return None
        source = data.get("source")
        try:
            key = None if source is None else (int(source["start"]), int(source["end"]), str(source["label"]))
            layers = () if source is None else tuple(str(n) for n in source.get("layers", ()))
            made = Provenance(Method(data["method"]), str(data["decided_by"]), str(data.get("decided_at", "")),
                              None, layers, key)  # fmt: skip
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError("gold.provenance", path=where[0], line=where[1], detail=str(exc)) from None
        if key is None:
            return made  # drawn: no source
        for name in layers:
            layer = self.repo.find_annotator(name)
            local = None if layer is None else self.repo.span_at(doc_id, layer.id, *key)
            if local is not None:
                return Provenance(made.method, made.decided_by, made.decided_at, local, layers, key)
        return made

    def relation_provenance(
        self, doc_id: int, data: dict[str, Any] | None, where: tuple[str, int]
    ) -> RelationProvenance | None:
        """A gold relation's provenance as the file states it, its source id pointed here."""
        if data is None:
            return None
        source = data.get("source")
        try:
            key = None if source is None else (_key(source["head"]), _key(source["tail"]), str(source["type"]))
            layers = () if source is None else tuple(str(n) for n in source.get("layers", ()))
            made = RelationProvenance(Method(data["method"]), str(data["decided_by"]),
                                      str(data.get("decided_at", "")), None, layers, key)  # fmt: skip
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError("gold.provenance", path=where[0], line=where[1], detail=str(exc)) from None
        local = self._relation_id(doc_id, layers, key) if key is not None else None
        return RelationProvenance(made.method, made.decided_by, made.decided_at, local, layers, key)

    def _relation_id(self, doc_id: int, layers: tuple[str, ...], key: tuple[Key, Key, str]) -> int | None:
        for name in layers:
            layer = self.repo.find_annotator(name)
            if layer is None:
                continue
            keys = {s.id: (s.start, s.end, s.label) for s in self.repo.spans(doc_id, layer.id)}
            for r in self.repo.relations(doc_id, layer.id):
                if (keys.get(r.head), keys.get(r.tail), r.type) == key:
                    return r.id
        return None

    def rejections(self, doc_id: int, record: DocumentRecord, where: tuple[str, int]) -> int:
        """Store the record's relation rejections gold lacks, when its gold joined ours; how many."""
        if not record.relation_rejections:
            return 0
        if doc_id not in self.placed:  # rejections of a document whose gold has no spans
            self.target(doc_id, record, added=False)
        if not self.is_gold(doc_id):
            return 0
        held = {r.key for r in self.repo.relation_rejections(doc_id)}
        added = 0
        for item in record.relation_rejections:
            try:
                made = RelationRejection(doc_id, _key(item["head"]), _key(item["tail"]), str(item["type"]),
                                         tuple(str(n) for n in item.get("layers", ())),
                                         str(item.get("decided_by", "")), str(item.get("decided_at", "")))  # fmt: skip
            except (KeyError, TypeError, ValueError) as exc:
                raise InputError("gold.rejection", path=where[0], line=where[1], detail=str(exc)) from None
            if made.key not in held:
                self.repo.insert_relation_rejection(made, action="gold.import_rejection")
                held.add(made.key)
                added += 1
        return added


def _key(value: Any) -> Key:
    start, end, label = value
    if isinstance(start, bool) or isinstance(end, bool):
        raise ValueError(f"span key {value!r} needs whole-number offsets")
    return int(start), int(end), str(label)
