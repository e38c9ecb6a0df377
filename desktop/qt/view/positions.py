"""Positions in the shown text: code points (Python) <-> UTF-16 (Qt).

This is the one place that converts. Everything outside the view speaks
code points; Qt's cursors and layouts count UTF-16 units, and each
paragraph (QTextBlock) counts from its own start.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from desktop.text.utf16 import Utf16Index

_BREAK = re.compile("[\n\u2029]")
# QTextDocument also splits paragraphs at these; shown as same-length
# stand-ins so block boundaries stay exactly at "\n" and U+2029.
# NUL (which a JSON escape can smuggle in) would end the text for parts of Qt.
_STAND_INS = {"\r": " ", "\ufdd0": "\ufffd", "\ufdd1": "\ufffd", "\x00": "\ufffd"}
_DISPLAY = str.maketrans(_STAND_INS)


def display_text(text: str) -> str:
    """`text` as handed to Qt: same length, same paragraph breaks."""
    if any(ch in text for ch in _STAND_INS):
        return text.translate(_DISPLAY)
    return text


def _block_starts(text: str) -> list[int]:
    """Where each paragraph starts; `str.find` where only "\n" breaks, 5x faster than the regex."""
    if "\u2029" in text:
        return [0] + [m.end() for m in _BREAK.finditer(text)]
    starts, at = [0], text.find("\n")
    while at != -1:
        starts.append(at + 1)
        at = text.find("\n", at + 1)
    return starts


class TextPositions:
    """Paragraph starts and UTF-16 conversion for one document text."""

    __slots__ = ("_u16", "block_starts", "length")

    def __init__(self, text: str) -> None:
        self._u16 = Utf16Index(text)
        self.length = len(text)
        self.block_starts = _block_starts(text)

    @property
    def block_count(self) -> int:
        return len(self.block_starts)

    def block_of(self, cp: int) -> int:
        """Paragraph holding code point `cp` (the last one for `cp == length`)."""
        return bisect_right(self.block_starts, cp) - 1

    def blocks_of(self, start: int, end: int) -> range:
        """Paragraphs touched by the non-empty range `[start, end)`."""
        return range(self.block_of(start), self.block_of(end - 1) + 1)

    def block_bounds(self, block: int) -> tuple[int, int]:
        """Code-point range of a paragraph's text, without its break."""
        start = self.block_starts[block]
        if block + 1 < len(self.block_starts):
            return start, self.block_starts[block + 1] - 1
        return start, self.length

    def check_range(self, start: int, end: int) -> None:
        """ValueError unless `[start, end)` is a range of positions in the text."""
        if not 0 <= start <= end <= self.length:
            raise ValueError(f"range [{start}, {end}) outside 0..{self.length}")

    @property
    def length_u16(self) -> int:
        return self._u16.length_u16

    def to_u16(self, cp: int) -> int:
        return self._u16.to_utf16(cp)

    def range_to_cp(self, start_u16: int, end_u16: int) -> tuple[int, int]:
        """Code-point range of a Qt range; halves of a surrogate pair grow to it."""
        return self._u16.range_to_cp(start_u16, end_u16)

    def local_range(self, block: int, start: int, end: int) -> tuple[int, int] | None:
        """`[start, end)` clipped to a paragraph, in that block's UTF-16 units."""
        lo, hi = self.block_bounds(block)
        start, end = max(start, lo), min(end, hi)
        if start >= end:
            return None
        base = self._u16.to_utf16(lo)
        return self._u16.to_utf16(start) - base, self._u16.to_utf16(end) - base
