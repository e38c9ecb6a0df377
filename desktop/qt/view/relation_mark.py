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

    def like(self, relation_id: int, head: Range, tail: Range) -> RelationMark:
        """Another relation drawn as this one (colour, label, direction: checked already), so
        only its ends are checked: a document's 5,000 arcs without 5,000 colour matches."""
        if not (0 <= head[0] < head[1] and 0 <= tail[0] < tail[1]):
            RelationMark(relation_id, head, tail, self.color, self.label)  # raises, naming the bad end
        mark = _new_mark(RelationMark)
        _SET_ID(mark, relation_id)
        _SET_HEAD(mark, head)
        _SET_TAIL(mark, tail)
        _SET_COLOR(mark, self.color)
        _SET_LABEL(mark, self.label)
        _SET_DIRECTED(mark, self.directed)
        _SET_CHOSEN(mark, False)
        return mark


_new_mark = object.__new__
# The slots' own setters: a frozen dataclass's __setattr__ refuses, its __init__ checks.
_SET_ID, _SET_HEAD, _SET_TAIL, _SET_COLOR, _SET_LABEL, _SET_DIRECTED, _SET_CHOSEN = (
    RelationMark.__dict__[name].__set__ for name in ("id", "head", "tail", "color", "label", "directed", "chosen")
)
