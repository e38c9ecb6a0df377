"""brat standoff: a `.txt` file and its `.ann` file, read into one document record.

    T1<TAB>official 0 12<TAB>علی جهانگیری          text-bound: a span
    R1<TAB>holds Arg1:T1 Arg2:T2                  relation: head (first argument), tail
    A1<TAB>confirmed T1 / A2<TAB>status T3 signed  attribute: binary (true) or valued (M: old name)
    N1<TAB>Reference T1 Wikidata:Q5925432<TAB>اسحاق جهانگیری   normalisation: the span's entity
    #1<TAB>AnnotatorNotes T1<TAB>a note          note on a span or a relation
    *<TAB>Equiv T1 T4                             the spans are mentions of one entity

Offsets count the characters of the `.txt` as decoded from UTF-8, line
endings and a BOM included: brat's server slices the Python string it read
the file into (`annotation.py`, `_parse_textbound_annotation`), which counts
code points, as Barchasb does. The text after a T line's offsets must be the
span's text (brat checks the same). A T line is one line, so a span over a line
break is written in pieces around it (`32 41;43 53`, their texts joined by a space,
as brat does) and pieces with only line breaks between them read back as one span;
other discontinuous spans (`0 5;16 23`) have no Barchasb equivalent and are
refused; events (E lines), and attributes or notes on events, are left out with
one line each in `report`; anything else that
does not parse is an error naming the `.ann` file and line, and nothing of the
document is read. docs/formats.md has the rest.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from desktop.core.errors import InputError
from desktop.core.reasons import Reason
from desktop.formats import brat_links
from desktop.formats.brat_model import BratDoc, BratEntities, BratLine, across_lines, span_of
from desktop.formats.links import NO_FIELDS, Fields, check_links, check_type
from desktop.formats.records import DocumentRecord, RelationRecord, SpanRecord, check_span


def read_brat(
    text: str,
    ann: str,
    *,
    path: str,
    name: str = "",
    fields: Fields = NO_FIELDS,
    report: list[str] | None = None,
    registry: BratEntities | None = None,
) -> DocumentRecord:
    """The document of one `.txt` text and its `.ann` annotations (`path` names the
    `.ann` in errors). `registry` gives an entity the same id in every document of
    a collection (reserve each `.ann` first); `fields` types attribute values."""
    if registry is None:
        registry = BratEntities()
        registry.reserve(ann)
    doc = BratDoc(text, path, fields, [] if report is None else report, registry)
    lines = list(_lines(ann, path))
    seen: set[str] = set()
    for line in lines:
        if line.id != "*" and line.id in seen:
            raise doc.error(line, "brat.id_twice")
        seen.add(line.id)
    for kind in ("TE", "R", "AM", "N", "*", "#"):  # targets first, then what points at them
        for line in lines:
            if line.id[0] in kind:
                _HANDLERS[line.id[0]](doc, line)
    record = DocumentRecord(text, doc.out, {"name": name} if name else {}, name=name, line=1)
    record.relations = doc.links
    record.entities = sorted(doc.entities.values(), key=lambda e: e.id)
    return check_links(record, path=path, line=1, fields=fields)


def _lines(ann: str, path: str) -> Iterator[BratLine]:
    for number, raw in enumerate(ann.split("\n"), 1):
        raw = raw.removesuffix("\r")
        if not raw.strip():
            continue
        parts = raw.split("\t", 2)
        if len(parts) < 2 or not parts[0] or parts[0][0] not in "TRAMNE#*" or not parts[1].strip():
            raise InputError("brat.not_a_line", path=path, line=number, text=raw[:60])
        yield BratLine(number, parts[0], parts[1].split(" "), parts[2] if len(parts) > 2 else None)


def _text_bound(doc: BratDoc, line: BratLine) -> None:
    if line.id[0] == "E":
        doc.skipped.add(line.id)
        doc.report.append(f"{doc.path}:{line.number}: {line.id}: events are not supported; left out")
        return
    label, ranges = line.fields[0], " ".join(line.fields[1:])
    try:
        parts = [_range(part) for part in ranges.split(";")]
    except ValueError:
        raise doc.error(line, "brat.span_fields", fields=" ".join(line.fields)) from None
    length = sum(end - start for start, end in parts) + len(parts) - 1  # pieces' texts joined by a space
    stated = None if line.tail is None else line.tail[: max(0, length)]
    start, end = parts[0][0], parts[-1][1]
    try:
        for part in parts:
            check_span(doc.text, *part, label, None if len(parts) > 1 else stated, path=doc.path, line=line.number)
        if len(parts) > 1 and stated is not None and stated != (joined := " ".join(doc.text[a:b] for a, b in parts)):
            raise InputError("span.text_mismatch", path=doc.path, line=line.number, start=start, end=end,
                             label=label, stated=stated, actual=joined)  # fmt: skip
    except InputError as exc:
        raise doc.error(line, Reason("brat.crlf", {"reason": exc.why}) if "\r" in doc.text else exc.why) from None
    if not across_lines(doc.text, parts):
        raise doc.error(line, "brat.discontinuous", ranges=ranges)
    doc.spans[line.id] = len(doc.out)
    doc.out.append(SpanRecord(start, end, label))


def _range(part: str) -> tuple[int, int]:
    start, end = (int(word) for word in part.strip().split(" "))
    return start, end


def _relation(doc: BratDoc, line: BratLine) -> None:
    args = [word.partition(":") for word in line.fields[1:] if word]
    if len(args) != 2 or any(not role or not sep or not target for role, sep, target in args):
        raise doc.error(line, "brat.relation_fields")
    targets = [target for _, _, target in args]
    if doc.skipped & set(targets):
        doc.report.append(f"{doc.path}:{line.number}: {line.id}: a relation with an event left out")
        doc.skipped.add(line.id)
        return
    head, tail = (span_of(doc, line, target) for target in targets)
    type_ = check_type(line.fields[0], "relation", path=doc.path, line=line.number)
    doc.relations[line.id] = len(doc.links)
    doc.links.append(RelationRecord(head, tail, type_))


_HANDLERS = {
    "T": _text_bound,
    "E": _text_bound,
    "R": _relation,
    "A": brat_links.attribute,
    "M": brat_links.attribute,
    "N": brat_links.entity,
    "*": brat_links.equiv,
    "#": brat_links.note,
}


def read_brat_folder(
    folder: Path, *, fields: Fields = NO_FIELDS, report: list[str] | None = None
) -> list[DocumentRecord]:
    """Every `.txt` under `folder` (a brat collection) with its `.ann` (none: no
    annotations yet), in path order; any bad file and nothing is returned."""
    registry = BratEntities()
    pairs = []
    for txt in sorted(folder.rglob("*.txt")):
        ann = txt.with_suffix(".ann")
        pairs.append((txt, ann, _read(txt), _read(ann) if ann.exists() else ""))
        registry.reserve(pairs[-1][3])
    return [
        read_brat(
            text,
            notes,
            path=str(ann),
            name=str(txt.relative_to(folder)),
            fields=fields,
            report=report,
            registry=registry,
        )
        for txt, ann, text, notes in pairs
    ]


def _read(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8")  # a BOM stays a character: brat counts it
    except OSError as exc:
        raise InputError("text.unreadable", path=str(path), detail=str(exc.strerror or exc)) from exc
    except UnicodeDecodeError as exc:
        raise InputError("brat.not_utf8", path=str(path), byte=exc.start) from exc
