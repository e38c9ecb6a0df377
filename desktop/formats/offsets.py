"""Offset units at the format boundary: Unicode code points and UTF-16 code units.

Barchasb stores code points (`text[start:end]` in Python). JavaScript counts
UTF-16 units, and so does every web UI built on its string indices: doccano's
among them. The two differ only after a character outside the Basic
Multilingual Plane (an emoji, a flag, some rare CJK), which takes two UTF-16
units (a surrogate pair) and one code point. Conversion is exact: a UTF-16
offset that falls between the two halves of a pair names no character
boundary and is refused, never rounded.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

UTF16 = "utf16"
CODEPOINTS = "codepoints"
UNITS = (UTF16, CODEPOINTS)
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")  # half of an astral character, escaped in JSON


def json_bmp_only(json_text: str) -> bool:
    """True when no string of this JSON text can hold a character outside the BMP (none
    written, none escaped as a surrogate pair): both units then count alike in every record,
    told for a whole file in one C call instead of a search per record."""
    if len(json_text.encode("utf-16-le", "surrogatepass")) != 2 * len(json_text):
        return False
    return _SURROGATE_ESCAPE.search(json_text) is None


def astral_positions(text: str) -> list[int]:
    """Code-point indices of the characters outside the BMP, in order."""
    return [match.start() for match in _ASTRAL.finditer(text)]


def astral_before(text: str, end: int) -> int:
    """How many characters outside the BMP come before code point `end`."""
    return len(_ASTRAL.findall(text, 0, max(0, end)))


def shifted_characters(text: str, ends: list[int]) -> int:
    """Characters outside the BMP before the last of `ends` (span ends, in code
    points): how many make the two units disagree for these spans (0: they agree)."""
    return astral_before(text, max(ends)) if ends else 0


@dataclass(frozen=True, slots=True)
class UnitNote:
    """A record whose offsets differ between the units, in a file whose unit the
    user did not state: the default was used, and the report says where."""

    path: str
    line: int
    characters: int  # characters outside the BMP before the record's last span ends

    def as_dict(self) -> dict[str, str | int]:
        return {"path": self.path, "line": self.line, "characters": self.characters}


class OffsetInsidePair(ValueError):
    """A UTF-16 offset that points between the two halves of a surrogate pair."""


class Utf16Map:
    """Code point <-> UTF-16 unit offsets of one text (cheap when it is all BMP)."""

    def __init__(self, text: str) -> None:
        self.astral = astral_positions(text)
        # The UTF-16 index of each astral character's first (high) surrogate.
        self.high = [position + i for i, position in enumerate(self.astral)]
        self.length = len(text) + len(self.astral)  # in UTF-16 units

    def to_utf16(self, offset: int) -> int:
        """The UTF-16 offset of code point `offset`."""
        return offset + bisect_left(self.astral, offset)

    def from_utf16(self, offset: int) -> int:
        """The code point offset of UTF-16 `offset`; `OffsetInsidePair` when there is none."""
        before = bisect_left(self.high, offset)  # pairs that start before `offset`
        if before and offset == self.high[before - 1] + 1:
            raise OffsetInsidePair(offset)
        return offset - before
