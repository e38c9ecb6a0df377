"""brat lines that point at spans: attributes (A, M), entities (N, *) and notes (#)."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from desktop.core.attributes import AttributeKind
from desktop.formats.brat_model import BARE, LOCAL, BratDoc, BratLine, span_of
from desktop.formats.records import EntityRecord


def attribute(doc: BratDoc, line: BratLine) -> None:
    """An A or M line: a value of the span's attribute (true when it has none)."""
    if len(line.fields) < 2:
        raise doc.error(line, "brat.attribute_fields")
    name, target, words = line.fields[0], line.fields[1], line.fields[2:]
    if target in doc.skipped or target in doc.relations:
        doc.report.append(f"{doc.path}:{line.number}: {line.id}: an attribute of {target} left out")
        return
    index = span_of(doc, line, target)
    span = doc.out[index]
    if name in span.attributes:
        raise doc.error(line, "brat.attribute_twice", target=target, name=name)
    value = _typed(doc, line, span.label, name, " ".join(words)) if words else True
    doc.out[index] = replace(span, attributes={**span.attributes, name: value})


def _typed(doc: BratDoc, line: BratLine, label: str, name: str, value: str) -> Any:
    """brat's values are words; the scheme's field says what they stand for."""
    kind = doc.fields[f"{label}.{name}"].kind if f"{label}.{name}" in doc.fields else AttributeKind.TEXT
    if kind in (AttributeKind.NUMBER, AttributeKind.VALUE, AttributeKind.ENTITY, AttributeKind.BOOLEAN):
        try:
            return json.loads(value)
        except ValueError:
            raise doc.error(line, "brat.attribute_value", name=name, value=value, kind=kind.value) from None
    return value


def entity(doc: BratDoc, line: BratLine) -> None:
    """An N line: the span is a mention of the entity RESOURCE:ENTRY names."""
    if len(line.fields) != 3 or ":" not in line.fields[2]:
        raise doc.error(line, "brat.normalisation_fields")
    target, key = line.fields[1], line.fields[2]
    index = span_of(doc, line, target)
    span = doc.out[index]
    if span.entity is not None:
        raise doc.error(line, "brat.normalised_twice", target=target)
    resource, _, entry = key.partition(":")
    external = "" if resource == LOCAL else entry if resource == BARE else key
    name = (line.tail or "").strip() or doc.text[span.start : span.end]
    entity = doc.registry.get(key, lambda number: EntityRecord(number, name, span.label, (), external))
    _link(doc, index, entity)


def equiv(doc: BratDoc, line: BratLine) -> None:
    """A `*\tEquiv` line: the spans are mentions of one entity."""
    indexes = [span_of(doc, line, target) for target in line.fields[1:] if target]
    linked = [doc.out[i].entity for i in indexes if doc.out[i].entity is not None]
    if len(set(linked)) > 1:
        raise doc.error(line, "brat.equiv_entities")
    if linked:
        entity = doc.entities[linked[0]]  # type: ignore[index]
    else:
        first = doc.out[indexes[0]]
        key = f"equiv:{doc.path}:{line.number}"
        entity = doc.registry.get(key, lambda n: EntityRecord(n, doc.text[first.start : first.end], first.label))
    for index in indexes:
        _link(doc, index, entity)


def _link(doc: BratDoc, index: int, entity: EntityRecord) -> None:
    span = doc.out[index]
    mention = doc.text[span.start : span.end]
    known = doc.entities.get(entity.id, entity)
    if mention != known.name and mention not in known.aliases:
        known = replace(known, aliases=(*known.aliases, mention))
    doc.entities[entity.id] = known
    doc.out[index] = replace(span, entity=entity.id)


def note(doc: BratDoc, line: BratLine) -> None:
    """A # line: a note on a span or a relation (several make lines)."""
    if len(line.fields) != 2:
        raise doc.error(line, "brat.note_fields")
    target, note = line.fields[1], line.tail or ""
    if target in doc.relations:
        index = doc.relations[target]
        relation = doc.links[index]
        doc.links[index] = replace(relation, note=_join(relation.note, note))
    elif target in doc.spans:
        index = doc.spans[target]
        doc.out[index] = replace(doc.out[index], note=_join(doc.out[index].note, note))
    else:
        doc.report.append(f"{doc.path}:{line.number}: {line.id}: a note on {target} left out")


def _join(old: str, new: str) -> str:
    return new if not old else f"{old}\n{new}"  # brat notes are one line: several make lines
