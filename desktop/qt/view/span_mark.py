"""The value the document view draws for one span."""

from __future__ import annotations

import re
from dataclasses import dataclass

_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
STYLES = frozenset({"solid", "suggested", "selected"})


@dataclass(frozen=True, slots=True)
class SpanMark:
    """One highlighted span: code-point offsets `[start, end)` into the text.

    `caption` is the label name shown in the chip above the span's first
    line; `style` is "solid" (a saved span), "suggested" (pale, dashed: a
    proposal not yet accepted) or "selected" (emphasised).
    """

    id: int
    start: int
    end: int
    color: str
    caption: str
    style: str = "solid"

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"span {self.id}: bad range [{self.start}, {self.end})")
        if not _COLOR.fullmatch(self.color):
            raise ValueError(f"span {self.id}: colour {self.color!r} is not #rrggbb")
        if self.style not in STYLES:
            raise ValueError(f"span {self.id}: unknown style {self.style!r}")

    @property
    def length(self) -> int:
        return self.end - self.start

    def contains(self, cp: int) -> bool:
        return self.start <= cp < self.end
