"""Offset maps between stored (normalised) text and the raw original.

An `OffsetMap` is a monotone chain of anchors `(stored_pos, raw_pos)`. Each
segment between two neighbouring anchors is either *linear* (same length on
both sides, character k of one side is character k of the other, possibly
substituted, e.g. `ي`→`ی`) or *opaque* (an edit whose inside has no
character correspondence: an insertion, a deletion, `50%`→`۵۰ ٪`'s new
space, `\\r\\n`→`\\n`). Anchors are only stored where the kind or the delta
changes (and around opaque replacements), so a 1 MB document with few edits needs a handful of integers.

Span mapping is conservative: an end point inside an opaque segment grows
the span to cover the whole segment, and pure deletions just outside a span
are left out, so a token maps to exactly the raw characters it came from.
"""

from __future__ import annotations

import json
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Sequence


class OffsetMap:
    """Maps positions and spans between stored text and raw text."""

    __slots__ = ("_stored", "_raw", "_linear")

    def __init__(self, stored: Sequence[int], raw: Sequence[int], linear: Sequence[bool]) -> None:
        self._stored = array("q", stored)
        self._raw = array("q", raw)
        self._linear = bytes(bool(k) for k in linear)
        self._check()

    def _check(self) -> None:
        s, r, k = self._stored, self._raw, self._linear
        if not s or len(s) != len(r) or len(k) != len(s) - 1 or s[0] or r[0]:
            raise ValueError("offset map needs anchors starting at (0, 0), one kind per segment")
        for i, lin in enumerate(k):
            ds, dr = s[i + 1] - s[i], r[i + 1] - r[i]
            if ds < 0 or dr < 0 or (ds == 0 and dr == 0) or (lin and ds != dr):
                raise ValueError(f"bad offset map segment {i}: {ds=} {dr=} linear={lin}")

    @classmethod
    def identity(cls, n: int) -> OffsetMap:
        """The map of a text that was stored unchanged (length `n`)."""
        return cls([0, n], [0, n], [True]) if n else cls([0], [0], [])

    @property
    def stored_length(self) -> int:
        return self._stored[-1]

    @property
    def raw_length(self) -> int:
        return self._raw[-1]

    @property
    def anchor_count(self) -> int:
        """Number of stored anchors: a measure of the map's size."""
        return len(self._stored)

    def to_raw(self, pos: int) -> int:
        """Raw position where stored character `pos` begins (0..len inclusive)."""
        _check_pos(pos, self.stored_length)
        return _map_start(self._stored, self._raw, self._linear, pos)

    def to_stored(self, raw_pos: int) -> int:
        """Stored position where raw character `raw_pos` begins (best effort)."""
        _check_pos(raw_pos, self.raw_length)
        return _map_start(self._raw, self._stored, self._linear, raw_pos)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw range holding exactly the characters of stored `[start, end)`."""
        return _map_span(self._stored, self._raw, self._linear, start, end)

    def stored_span(self, raw_start: int, raw_end: int) -> tuple[int, int]:
        """Stored range made from raw `[raw_start, raw_end)` (best effort, monotone)."""
        return _map_span(self._raw, self._stored, self._linear, raw_start, raw_end)

    def segments(self) -> list[tuple[int, int, int, int, bool]]:
        """`(stored_start, stored_end, raw_start, raw_end, linear)` per segment."""
        s, r = self._stored, self._raw
        return [(s[i], s[i + 1], r[i], r[i + 1], bool(k)) for i, k in enumerate(self._linear)]

    def to_json(self) -> str:
        """Compact JSON: anchor lists and a string of segment kinds ('L'/'O')."""
        kinds = "".join("L" if k else "O" for k in self._linear)
        return json.dumps(
            {"v": 1, "s": self._stored.tolist(), "r": self._raw.tolist(), "k": kinds}, separators=(",", ":")
        )

    @classmethod
    def from_json(cls, data: str) -> OffsetMap:
        obj = json.loads(data)
        if obj.get("v") != 1:
            raise ValueError(f"unknown offset map version {obj.get('v')!r}")
        return cls(obj["s"], obj["r"], [c == "L" for c in obj["k"]])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, OffsetMap):
            return NotImplemented
        return (self._stored, self._raw, self._linear) == (other._stored, other._raw, other._linear)

    def __repr__(self) -> str:
        return f"OffsetMap(stored={self.stored_length}, raw={self.raw_length}, anchors={self.anchor_count})"


def _check_pos(pos: int, length: int) -> None:
    if not 0 <= pos <= length:
        raise IndexError(f"position {pos} outside 0..{length}")


def _map_start(src: array[int], dst: array[int], linear: bytes, p: int) -> int:
    # The last anchor at or before p: deletions sitting at p are skipped over.
    i = bisect_right(src, p) - 1
    if src[i] == p:
        return int(dst[i])
    return int(dst[i] + (p - src[i]) if linear[i] else dst[i])


def _map_end(src: array[int], dst: array[int], linear: bytes, p: int) -> int:
    # The first anchor at or after p: deletions sitting at p stay outside.
    i = bisect_left(src, p)
    if src[i] == p:
        return int(dst[i])
    return int(dst[i - 1] + (p - src[i - 1]) if linear[i - 1] else dst[i])


def _map_span(src: array[int], dst: array[int], linear: bytes, start: int, end: int) -> tuple[int, int]:
    if not 0 <= start <= end <= src[-1]:
        raise IndexError(f"span [{start}, {end}) outside 0..{src[-1]}")
    a = _map_start(src, dst, linear, start)
    return a, max(a, _map_end(src, dst, linear, end))
