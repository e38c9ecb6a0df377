"""Writing brat standoff: a `.txt` and a `.ann` per document, and `annotation.conf`.

One folder is one brat collection: `NAME.txt` holds the document's text as
is (UTF-8, no BOM added), `NAME.ann` its annotations in a fixed order (T lines
in span order, then R, A, N and # lines), so the same records always give the
same bytes and reading them back gives the same records. brat has no
annotators: the same span in two layers is written once, and a relation
joins the spans it joined. `annotation.conf` declares the labels, relation
types and attributes the collection uses, so brat shows them without a
"not configured" warning. Offsets are code points (see `desktop.formats.brat`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import BinaryIO

from desktop.core.errors import BarchasbError
from desktop.formats.brat_model import BARE, LOCAL, pieces
from desktop.formats.records import DocumentRecord, EntityRecord, RelationRecord, SpanRecord
from desktop.formats.writing import ExportItem, WriterOptions

_NOT_A_WORD = re.compile(r"\s")
_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


def brat_files(doc: DocumentRecord) -> tuple[str, str]:
    """The `.txt` and `.ann` contents of one document."""
    spans, index = _unique_spans(doc.spans)
    lines = [_text_bound(doc.text, i, s) for i, s in enumerate(spans, 1)]
    relations = _unique_relations(doc.relations, index)
    lines += [f"R{i}\t{_word(r.type)} Arg1:T{r.head + 1} Arg2:T{r.tail + 1}" for i, r in enumerate(relations, 1)]
    lines += _attributes(spans)
    lines += _normalisations(spans, {e.id: e for e in doc.entities})
    notes = [(f"T{i}", s.note) for i, s in enumerate(spans, 1) if s.note]
    notes += [(f"R{i}", r.note) for i, r in enumerate(relations, 1) if r.note]
    number = 0
    for target, note in notes:
        for part in note.split("\n"):
            number += 1
            lines.append(f"#{number}\tAnnotatorNotes {target}\t{part}")
    return doc.text, "".join(line + "\n" for line in lines)


def _text_bound(text: str, number: int, span: SpanRecord) -> str:
    """A span's T line; over a line break in pieces, their texts joined by a space (as brat does)."""
    parts = pieces(text, span.start, span.end)
    where = ";".join(f"{start} {end}" for start, end in parts)
    return f"T{number}\t{_word(span.label)} {where}\t{' '.join(text[start:end] for start, end in parts)}"


def _unique_spans(spans: list[SpanRecord]) -> tuple[list[SpanRecord], list[int]]:
    """Spans once per offsets and label (brat has no layers), and where each went."""
    first: dict[tuple[int, int, str], int] = {}
    out: list[SpanRecord] = []
    index = []
    for span in spans:
        key = (span.start, span.end, span.label)
        if key not in first:
            first[key] = len(out)
            out.append(span)
        index.append(first[key])
    return out, index


def _unique_relations(relations: list[RelationRecord], index: list[int]) -> list[RelationRecord]:
    seen: dict[tuple[int, int, str], RelationRecord] = {}
    for relation in relations:
        head, tail = index[relation.head], index[relation.tail]
        seen.setdefault((head, tail, relation.type), RelationRecord(head, tail, relation.type, note=relation.note))
    return list(seen.values())


def _attributes(spans: list[SpanRecord]) -> list[str]:
    lines: list[str] = []
    for i, span in enumerate(spans, 1):
        for name in sorted(span.attributes):
            value = span.attributes[name]
            if value is False:
                continue  # brat: a binary attribute that is absent is false
            word = "" if value is True else " " + _value(value)
            lines.append(f"A{len(lines) + 1}\t{_word(name)} T{i}{word}")
    return lines


def _value(value: object) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if "\t" in text or "\n" in text or "\r" in text or not text.strip():
        raise BarchasbError(f"attribute value {text!r} cannot be written to brat: it has a tab or line break")
    return text


def _normalisations(spans: list[SpanRecord], entities: dict[int, EntityRecord]) -> list[str]:
    lines: list[str] = []
    for i, span in enumerate(spans, 1):
        entity = entities.get(span.entity) if span.entity is not None else None
        if entity is None:
            continue
        external = entity.external_id
        key = f"{LOCAL}:{entity.id}" if not external else external if ":" in external else f"{BARE}:{external}"
        name = " ".join(entity.name.split())
        lines.append(f"N{len(lines) + 1}\tReference T{i} {_word(key)}\t{name}")
    return lines


def _word(value: str) -> str:
    if not value or _NOT_A_WORD.search(value):
        raise BarchasbError(f"{value!r} cannot be a brat type or id: it is empty or has whitespace")
    return value


def brat_stem(doc: DocumentRecord, taken: set[str]) -> str:
    """A file name (without extension) for the document, unique among `taken`."""
    name = doc.name.rsplit(".", 1)[0] if doc.name.lower().endswith(".txt") else doc.name
    stem = _UNSAFE_NAME.sub("_", name).strip(" .")[:120] or f"doc-{doc.id}"
    unique, n = stem, 1
    while unique.lower() in taken:
        n += 1
        unique = f"{stem}-{n}"
    taken.add(unique.lower())
    return unique


def annotation_conf(
    labels: set[str], relations: dict[str, tuple[set[str], set[str]]], attributes: dict[str, dict[str, set[str]]]
) -> str:
    """brat's `annotation.conf` for what was written: entities, relation types with
    the labels seen at each end, attributes with the values seen."""
    lines = ["[entities]", *sorted(labels), "", "[relations]"]
    for type_, (heads, tails) in sorted(relations.items()):
        lines.append(f"{type_}\tArg1:{'|'.join(sorted(heads))}, Arg2:{'|'.join(sorted(tails))}")
    lines += ["", "[events]", "", "[attributes]"]
    for name, values in sorted(attributes.items()):
        targets = "|".join(sorted(values["labels"]))
        words = sorted(values["values"])
        lines.append(f"{name}\tArg:{targets}" + (f", Value:{'|'.join(words)}" if words else ""))
    return "\n".join(lines) + "\n"


class BratWriter:
    """A brat collection: `open_file(name)` gives the output for each file name
    (the export's atomic files in one folder); `close` adds `annotation.conf`."""

    def __init__(self, open_file: Callable[[str], BinaryIO], options: WriterOptions) -> None:
        self.open_file = open_file
        self.options = options
        self.records = 0
        self._taken: set[str] = {"annotation"}
        self._labels: set[str] = set()
        self._relations: dict[str, tuple[set[str], set[str]]] = {}
        self._attributes: dict[str, dict[str, set[str]]] = {}

    def write(self, item: ExportItem) -> None:
        doc = item.document
        text, ann = brat_files(doc)
        stem = brat_stem(doc, self._taken)
        self.open_file(f"{stem}.txt").write(text.encode("utf-8"))
        self.open_file(f"{stem}.ann").write(ann.encode("utf-8"))
        self.records += 1
        self._note_types(doc)

    def _note_types(self, doc: DocumentRecord) -> None:
        self._labels.update(s.label for s in doc.spans)
        for r in doc.relations:
            heads, tails = self._relations.setdefault(r.type, (set(), set()))
            heads.add(doc.spans[r.head].label)
            tails.add(doc.spans[r.tail].label)
        for span in doc.spans:
            for name, value in span.attributes.items():
                seen = self._attributes.setdefault(name, {"labels": set(), "values": set()})
                seen["labels"].add(span.label)
                if not isinstance(value, bool):
                    seen["values"].add(_value(value))

    def close(self) -> None:
        conf = annotation_conf(self._labels, self._relations, self._attributes)
        self.open_file("annotation.conf").write(conf.encode("utf-8"))
