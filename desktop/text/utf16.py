"""Code point <-> UTF-16 position conversion for the Qt boundary.

Python strings index code points; Qt counts UTF-16 code units. They differ
only after astral characters (emoji, some CJK), each of which is one code
point but two UTF-16 units. A sorted list of the astral code-point indices
turns each conversion into one bisect.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class Utf16Index:
    """Converts positions in one text between code points and UTF-16 units."""

    __slots__ = ("_astral_cp", "_astral_u16", "length_cp", "length_u16")

    def __init__(self, text: str) -> None:
        # A text without astral characters (all Persian) is told by its UTF-16 length, one C call
        # where the search takes 3 ms a megabyte. A lone surrogate counts one unit either way.
        bmp = len(text.encode("utf-16-le", "surrogatepass")) == 2 * len(text)
        self._astral_cp = [] if bmp else [m.start() for m in _ASTRAL.finditer(text)]
        # UTF-16 index of each astral character's high surrogate.
        self._astral_u16 = [cp + i for i, cp in enumerate(self._astral_cp)]
        self.length_cp = len(text)
        self.length_u16 = len(text) + len(self._astral_cp)

    @property
    def is_trivial(self) -> bool:
        """True when both counts agree everywhere (no astral characters)."""
        return not self._astral_cp

    def to_utf16(self, cp: int) -> int:
        """UTF-16 position of code point position `cp` (0..len inclusive)."""
        if not 0 <= cp <= self.length_cp:
            raise IndexError(f"code point position {cp} outside 0..{self.length_cp}")
        return cp + bisect_left(self._astral_cp, cp)

    def to_cp(self, u16: int) -> int:
        """Code point position of UTF-16 position `u16`.

        A position inside a surrogate pair snaps to the start of its character.
        """
        if not 0 <= u16 <= self.length_u16:
            raise IndexError(f"UTF-16 position {u16} outside 0..{self.length_u16}")
        # Astral characters starting strictly before u16 each add one unit.
        before = bisect_left(self._astral_u16, u16)
        if before and self._astral_u16[before - 1] + 1 == u16:
            return u16 - before  # low surrogate: snap to the pair's start
        return u16 - before

    def range_to_utf16(self, start: int, end: int) -> tuple[int, int]:
        return self.to_utf16(start), self.to_utf16(end)

    def range_to_cp(self, start: int, end: int) -> tuple[int, int]:
        """Code point range for a UTF-16 range; an end inside a pair grows to cover it."""
        cp_start = self.to_cp(start)
        cp_end = self.to_cp(end)
        i = bisect_right(self._astral_u16, end - 1) - 1
        if i >= 0 and self._astral_u16[i] + 1 == end:
            cp_end += 1
        return cp_start, max(cp_start, cp_end)
