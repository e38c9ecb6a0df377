"""The pieces of a brat document being read: its lines, what they defined, its entities.

`desktop.formats.brat` reads text-bound annotations and relations,
`desktop.formats.brat_links` what points at them (attributes, entities,
notes); both work on one `BratDoc`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from desktop.core.errors import InputError
from desktop.core.reasons import Reason
from desktop.formats.links import Fields
from desktop.formats.records import EntityRecord, RelationRecord, SpanRecord

LOCAL = "Barchasb"  # resource of project entities without an external id: `Barchasb:7`
BARE = "external"  # resource of an external id that names none: `external:Q5925432`
_LOCAL_KEY = re.compile(rf"{LOCAL}:([1-9][0-9]{{0,17}})")
_LOCAL_ID = re.compile(rf"\tReference \S+ {_LOCAL_KEY.pattern}(?=[\t\r\n]|$)", re.MULTILINE)
# Where a line ends for Python's str.splitlines, which brat's server reads an .ann with: a
# T line's text may hold none of them, so a span over a line break is written in pieces
LINE_BREAKS = re.compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")


class BratEntities:
    """The entities of a collection by `RESOURCE:ENTRY`, one id each across its
    documents. `Barchasb:7` keeps id 7 (so an export reads back to the same
    bytes); other entities get ids no such line uses."""

    def __init__(self) -> None:
        self.by_key: dict[str, EntityRecord] = {}
        self.used: set[int] = set()
        self.next = 1

    def reserve(self, ann: str) -> None:
        self.used.update(int(number) for number in _LOCAL_ID.findall(ann))

    def get(self, key: str, make: Callable[[int], EntityRecord]) -> EntityRecord:
        if key not in self.by_key:
            local = _LOCAL_KEY.fullmatch(key)
            if local:
                number = int(local.group(1))
            else:
                while self.next in self.used:
                    self.next += 1
                number = self.next
            self.used.add(number)
            self.by_key[key] = make(number)
        return self.by_key[key]


@dataclass(slots=True)
class BratLine:
    """One annotation line: `ID<TAB>FIELDS[<TAB>TAIL]`."""

    number: int
    id: str
    fields: list[str]  # the space-separated words of the second tab field
    tail: str | None  # the third tab field (text of T and N, note of #)


@dataclass(slots=True)
class BratDoc:
    """A document while its lines are read: what each id became so far."""

    text: str
    path: str
    fields: Fields
    report: list[str]
    registry: BratEntities
    spans: dict[str, int] = field(default_factory=dict)  # T id -> index in `out`
    relations: dict[str, int] = field(default_factory=dict)
    skipped: set[str] = field(default_factory=set)  # event ids: what points at them is left out
    out: list[SpanRecord] = field(default_factory=list)
    links: list[RelationRecord] = field(default_factory=list)
    entities: dict[int, EntityRecord] = field(default_factory=dict)

    def error(self, line: BratLine, code: str | Reason, **params: object) -> InputError:
        """An error on `line`, naming its id: `code` and `params` as `InputError` takes them."""
        why = code if isinstance(code, Reason) else Reason(code, params)
        return InputError("brat.line", path=self.path, line=line.number, id=line.id, reason=why)


def pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """`[start, end)` as a T line can hold it: the parts between its line breaks (a span
    starts and ends on words, so line breaks at its edges are not expected and stay out)."""
    found, at = [], start
    for brk in LINE_BREAKS.finditer(text, start, end):
        if brk.start() > at:
            found.append((at, brk.start()))
        at = brk.end()
    if at < end:
        found.append((at, end))
    return found or [(start, end)]


def across_lines(text: str, parts: list[tuple[int, int]]) -> bool:
    """Whether pieces only leave out line breaks (and spaces around them) between them, so
    they are one Barchasb span from the first start to the last end."""
    gaps = [text[end:start] for (_, end), (start, _) in zip(parts, parts[1:], strict=False)]
    return all(gap.isspace() and LINE_BREAKS.search(gap) for gap in gaps)


def span_of(doc: BratDoc, line: BratLine, target: str) -> int:
    """The index of the span a line refers to by its T id."""
    if target not in doc.spans:
        raise doc.error(line, "brat.not_text_bound", target=target)
    return doc.spans[target]
