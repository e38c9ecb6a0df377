"""Storing what an imported record links: relations, span attributes and entities.

Spans of a file are written in one statement after its last record, so the
layer above them is stored right after, in the same action (one transaction:
a bad link rolls the spans back too, nothing is half imported). A record's
span is found by (layer, offsets, label), so a span the project already had
(a duplicate the import skipped) takes the relation or value its copy in
the file carried. Entities are matched by external id, else created; a match
gains the file's aliases. Every write goes through the repository, journaled.
A span given no attributes takes the values its words say (autofill.py), as one
labelled in the window does; never in the native format, which says exactly
what its project held (a value cleared stays cleared, the round trip exact).
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import cast

from desktop.core.attributes import AttributeField, AttributeKind, AttributeValue, check_attribute
from desktop.core.errors import ConflictError, InputError
from desktop.core.model import Origin
from desktop.core.relations import Entity, Relation
from desktop.formats.links import OpenFields
from desktop.formats.records import DocumentRecord, EntityRecord, SpanRecord
from desktop.storage.contract import ProjectStore
from desktop.workspace.imports.gold import GoldPlacer
from desktop.workspace.imports.store import PendingRows
from desktop.workspace.relations import autofill
from desktop.workspace.relations.autofill import ValueFiller

SpanKey = tuple[int, int, int, str]  # annotator id, start, end, label
_KINDS = {bool: AttributeKind.BOOLEAN, int: AttributeKind.NUMBER, float: AttributeKind.NUMBER, str: AttributeKind.TEXT}


@dataclasses.dataclass
class LinksAdded:
    relations: int = 0
    attributes: int = 0
    entities: int = 0
    links: int = 0
    rejections: int = 0  # the review's relation rejections that came with gold


def scheme_fields(repo: ProjectStore) -> OpenFields:
    """The scheme's attribute fields by `label.name`, for the readers to type values by."""
    return OpenFields({f"{f.label}.{f.name}": f for f in repo.attribute_fields()})


def load_value_reading(fields: Mapping[str, AttributeField], labels: Iterable[str], fmt: str) -> None:
    """Load the reading of values from words (desktop.text.values, ~5 ms: its regular expressions
    and word tables) now if this file's spans may need it: called while the rows thread writes the
    file's last chunk, which the calling thread would only wait for. Loaded at the first value
    read instead, it ran beside the history's SQL after the spans, where the value reading was
    the longer side (issue 17). Not for the native format, which reads no values (`LinkStore`)."""
    if fmt == "jsonl" or "desktop.text.values" in sys.modules:
        return
    labels = set(labels)
    if any(f.kind is AttributeKind.VALUE and f.label in labels for f in fields.values()):
        import desktop.text.values  # noqa: F401


def _linked(record: DocumentRecord) -> bool:
    """The record links something: relations, entities, a span's attributes or entity."""
    return bool(record.relations or record.entities or any(s.attributes or s.entity for s in record.spans))


class LinkStore:
    """The links of one file's records, stored after its spans."""

    def __init__(
        self,
        repo: ProjectStore,
        path: Path,
        actor: str,
        annotator: str | None,
        fmt: str,
        gold: GoldPlacer | None = None,
        known: PendingRows | None = None,
    ) -> None:
        self.repo = repo
        self.known = known  # the file's spans as written (their ids), else read back per record
        self._layers: dict[str, int] = {}  # layer name -> id (gold is placed per document)
        self.gold = gold
        self.keep_origin = fmt == "jsonl" and annotator is None  # as for spans: the native format's history
        self.path = str(path)
        self.actor, self.annotator = actor, annotator
        self.added = LinksAdded()
        self.fields_added: list[str] = []
        self._entities: dict[int, int] = {}  # the file's entity id -> the project's
        self._by_external = {e.external_id: e for e in repo.entities() if e.external_id}
        self._fields = scheme_fields(repo)
        self._types = {t.key for t in repo.relation_types()}
        self._filler = None if fmt == "jsonl" else ValueFiller(repo)
        # Values found while the file's rows were still being written (`known.later`), written by `finish()`.
        self._deferred: list[tuple[int, list[tuple[int, str, AttributeValue]]]] = []
        self._filled: set[tuple[int, str]] = set()  # (span id, field) given a value by this import
        self._read: dict[tuple[str, str], dict[str, dict]] = {}  # (label, words) -> the values they say
        self._value_fields: dict[str, list[AttributeField]] = {}  # label -> its value fields (`_fill_new`)

    def prepare(self, labels: Iterable[str]) -> None:
        """Read the value fields of these labels now, while the connection is free: storing
        the links then reads nothing before it writes (and can go on while rows go in)."""
        if self._filler is not None:
            for label in labels:
                self._filler.value_fields(label)

    def finish(self) -> None:
        """Write the values found so far (after every row handed over before them)."""
        if self.known is not None:
            self.known.quiet()
        deferred, self._deferred = self._deferred, []
        for doc_id, rows in deferred:
            self.repo.add_span_attributes(doc_id, rows, action="attribute.fill")  # none of them had one

    def store(self, record: DocumentRecord, doc_id: int, path: str) -> None:
        """Store the record's links (`path`: the file errors name)."""
        self.path = path
        filler = self._filler
        if self._fills_new(record, doc_id) and self._fill_new(record, doc_id):
            return
        plain = [n for n, s in enumerate(record.spans) if filler and not s.attributes and filler.value_fields(s.label)]
        if self.gold is not None:
            self.finish()
            self.added.rejections += self.gold.rejections(doc_id, record, (path, record.line))
        linked = _linked(record)
        if not (plain or linked):
            return
        ids = self._span_ids(record, doc_id)
        if filler is not None:  # the stored text is the record's (documents are found by its hash)
            filler.know_text(doc_id, record.text)
        self._fill(doc_id, [(record.spans[n], ids[n]) for n in plain], record.text)
        if not linked:
            return
        self.finish()
        for entity in record.entities:
            self._entity(entity)
        for span, span_id in zip(record.spans, ids):
            for name, value in sorted(span.attributes.items()):
                self._attribute(span.label, span_id, name, value, record.line)
            if span.entity is not None and self.repo.span_entities([span_id]).get(span_id) is None:
                self.repo.link_span(span_id, self._entities[span.entity], action="entity.import")
                self.added.links += 1
        self._relations(record, doc_id, ids)

    def _fills_new(self, record: DocumentRecord, doc_id: int) -> bool:
        """`_fill_new` is for the record: values are read, no gold, no links, and its document was
        added by this import (every span of it is one the import wrote)."""
        return (
            self._filler is not None
            and self.gold is None
            and self.known is not None
            and doc_id in self.known.added_documents
            and not _linked(record)
        )

    def _fill_new(self, record: DocumentRecord, doc_id: int) -> bool:
        """`_fill` of a record without links whose document this import added (a doccano file's):
        its spans were all written by the import, so none has a value yet, and a span's id is
        looked up only when its words say a value (most say none: doccano-1k, 11 of 784). False,
        and nothing done, when a span's id is not among the ones the import wrote."""
        assert self._filler is not None and self.known is not None
        read, text, span_ids, fields_of = self._read, record.text, self.known.span_ids, self._value_fields
        values: dict[tuple[int, str], AttributeValue] = {}  # a span twice in a record is filled once
        for span in record.spans:
            fields = fields_of.get(span.label)
            if fields is None:
                fields = fields_of[span.label] = self._filler.value_fields(span.label)
            if not fields:  # (no span has attributes: `_fills_new`)
                continue
            words = text[span.start : span.end]
            found = read.get((span.label, words))
            if found is None:  # `ValueFiller.values_for` of a span without values, its words at hand
                found = {f.name: value for f in fields if (value := autofill.read_value(f, words)) is not None}
                read[span.label, words] = found
            if not found:
                continue
            layer = self._layer(self.annotator or span.annotator or self.actor)
            span_id = span_ids.get((doc_id, layer, span.start, span.end, span.label))
            if span_id is None:
                return False
            for name, value in found.items():
                values.setdefault((span_id, name), value)
        self._keep(doc_id, values)
        return True

    def _fill(self, doc_id: int, plain: list[tuple[SpanRecord, int]], text: str) -> None:
        """The values the words of spans given no attributes say (a value the span has is kept);
        `text` is the document's. A label's words are read once a file (its figures and dates
        repeat: a third of the 5,000-document bench file's)."""
        if self._filler is None or not plain:
            return
        written = self.known.written if self.known is not None else set()
        unwritten = [span_id for _, span_id in plain if span_id not in written]
        if unwritten:
            self.finish()
        have = self.repo.span_attributes(unwritten) if unwritten else {}
        values: dict[tuple[int, str], AttributeValue] = {}  # a span twice in a record is filled once
        for span, span_id in plain:
            given = have.get(span_id, {})
            key = (span.label, text[span.start : span.end])
            found = None if given else self._read.get(key)
            if found is None:
                found = self._filler.values_for(doc_id, span.start, span.end, span.label, given)
                if not given:
                    self._read[key] = found
            for name, value in found.items():
                values.setdefault((span_id, name), value)
        self._keep(doc_id, values)

    def _keep(self, doc_id: int, values: dict[tuple[int, str], AttributeValue]) -> None:
        """Note the values found for the document's spans, to be written by `finish()`."""
        # ... once in a file that repeats its document (the span written once, met twice)
        rows = [
            (span_id, name, value) for (span_id, name), value in values.items() if (span_id, name) not in self._filled
        ]
        self._filled.update((span_id, name) for span_id, name, _ in rows)
        if rows:
            self._deferred.append((doc_id, rows))
        self.added.attributes += len(rows)

    def _span_ids(self, record: DocumentRecord, doc_id: int) -> list[int]:
        layer = {}
        for span in record.spans:
            name = self.annotator or span.annotator or self.actor
            if name not in layer:
                gold = self.gold.placed.get(doc_id) if self.gold is not None and name in self.gold.names else None
                layer[name] = gold.id if gold is not None else self._layer(name)
        keys = [(layer[self.annotator or s.annotator or self.actor], s.start, s.end, s.label) for s in record.spans]
        known = self.known.span_ids if self.known is not None else {}
        found = [known.get((doc_id, *key)) for key in keys]
        if None not in found:
            return cast(list[int], found)
        self.finish()
        stored: dict[SpanKey, int] = {}  # (a gold span, written one by one)
        for s in self.repo.spans(doc_id):
            assert s.id is not None
            stored[s.annotator_id, s.start, s.end, s.label] = s.id
        return [stored[key] for key in keys]

    def _layer(self, name: str) -> int:
        if name not in self._layers:
            known = self.known.known_layer(name) if self.known is not None else None
            if known is None:
                self.finish()
            found = (known or self.repo.ensure_annotator(name)).id
            assert found is not None
            self._layers[name] = found
        return self._layers[name]

    def _entity(self, entity: EntityRecord) -> None:
        found = self.repo.entity(self._entities[entity.id]) if entity.id in self._entities else None
        if found is None and entity.external_id:
            found = self._by_external.get(entity.external_id)
        if found is None:
            found = self.repo.save_entity(
                Entity(entity.name, entity.type, entity.aliases, entity.external_id), action="entity.import"
            )
            self.added.entities += 1
        else:
            aliases = found.aliases + tuple(a for a in entity.aliases if a not in found.aliases)
            if aliases != found.aliases:
                found = self.repo.save_entity(dataclasses.replace(found, aliases=aliases), action="entity.import")
        if found.external_id:
            self._by_external[found.external_id] = found
        assert found.id is not None
        self._entities[entity.id] = found.id

    def _attribute(self, label: str, span_id: int, name: str, value: object, line: int) -> None:
        field = self._fields.get(f"{label}.{name}") or self._add_field(label, name, value, line)
        if field.kind is AttributeKind.ENTITY and isinstance(value, int):
            value = self._entities.get(value, value)  # the file's entity id -> the project's
        try:
            value = check_attribute(field, value)
        except InputError as exc:
            raise InputError(exc.why, path=self.path, line=line) from None
        before = self.repo.span_attributes([span_id]).get(span_id, {}).get(name)
        if before != value:
            self.repo.set_span_attribute(span_id, name, value, action="attribute.import")
            self.added.attributes += 1

    def _add_field(self, label: str, name: str, value: object, line: int) -> AttributeField:
        """A field for an attribute the scheme lacks, of the kind its value shows (as labels are added)."""
        kind = _KINDS.get(type(value), AttributeKind.VALUE)
        try:
            field = AttributeField(label, name, kind)
        except ValueError as exc:
            raise InputError("attribute.new_field", path=self.path, line=line, detail=str(exc)) from None
        self.repo.save_attribute_field(field, action="attribute_field.import")
        self._fields[f"{label}.{name}"] = field
        self.fields_added.append(field.path)
        return field

    def _relations(self, record: DocumentRecord, doc_id: int, ids: list[int]) -> None:
        existing = {(r.head, r.tail, r.type) for r in self.repo.relations(doc_id)} if record.relations else set()
        annotators = {s.id: s.annotator_id for s in self.repo.spans(doc_id)} if record.relations else {}
        for number, relation in enumerate(record.relations, 1):
            if relation.type not in self._types:
                raise InputError(
                    "relation.unknown_type", path=self.path, line=record.line, number=number, type=relation.type
                )
            head, tail = ids[relation.head], ids[relation.tail]
            if (head, tail, relation.type) in existing:
                continue
            keep = self.keep_origin and relation.origin in set(Origin)
            origin = Origin(relation.origin) if keep and relation.origin is not None else Origin.IMPORTED
            made = Relation(doc_id, annotators[head], head, tail, relation.type, origin, relation.note)
            try:
                if self.gold is not None and self.gold.is_gold(doc_id, made.annotator_id):
                    provenance = self.gold.relation_provenance(doc_id, relation.provenance, (self.path, record.line))
                    self.repo.insert_gold_relation(made, provenance, action="gold.import_relation")
                else:
                    self.repo.insert_relation(made, action="relation.import")
            except ConflictError as exc:
                raise InputError(
                    "relation.refused", path=self.path, line=record.line, number=number, detail=str(exc)
                ) from exc
            existing.add((head, tail, relation.type))
            self.added.relations += 1
