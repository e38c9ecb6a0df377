"""The value the document view draws for one relation between two spans."""

from __future__ import annotations

import re
from dataclasses import dataclass

_COLOR = re.compile(r"#[0-9a-fA-F]{6}")

Range = tuple[int, int]


@dataclass(frozen=True, slots=True)
class RelationMark:
    """One relation as drawn: an arc from the head span to the tail span.

    `head` and `tail` are code-point ranges `[start, end)` of the two spans
    (the view finds their chips from them); `label` is the short type name
    written on the arc; a `directed` relation gets an arrowhead at its tail,
    a symmetric one none; a `chosen` one is drawn emphasised with both ends
    outlined.
    """

    id: int
    head: Range
    tail: Range
    color: str
    label: str
    directed: bool = True
    chosen: bool = False

    def __post_init__(self) -> None:
        for name, (start, end) in (("head", self.head), ("tail", self.tail)):
            if not 0 <= start < end:
                raise ValueError(f"relation {self.id}: bad {name} range [{start}, {end})")
        if not _COLOR.fullmatch(self.color):
            raise ValueError(f"relation {self.id}: colour {self.color!r} is not #rrggbb")
