"""Left-to-right construction of an `OffsetMap` from kept and replaced pieces.

The normaliser and the aligner describe what they did as a sequence of
"these n characters correspond" (`keep`) and "these raw characters became
those stored ones" (`replace`); the builder merges neighbours into as few
anchors as the map needs.
"""

from __future__ import annotations

from desktop.text.offsets import OffsetMap


class MapBuilder:
    """Builds an `OffsetMap` left to right from kept and replaced pieces."""

    def __init__(self) -> None:
        self._s = [0]
        self._r = [0]
        self._k: list[bool] = []

    def keep(self, n: int) -> None:
        """`n` characters correspond one to one (equal or substituted)."""
        if n > 0:
            self._append(n, n, True)

    def replace(self, stored_n: int, raw_n: int) -> None:
        """`raw_n` raw characters became `stored_n` stored ones, no correspondence."""
        if stored_n or raw_n:
            self._append(stored_n, raw_n, False)

    def absorb(self, raw_n: int) -> None:
        """Raw characters were dropped that belong to the previous character.

        Used for combining marks: `کاملاً`→`کاملا` should map the final `ا`
        back to `اً`, so a span ending there still covers the diacritic.
        """
        if self._k and self._k[-1] and self._s[-1] > self._s[-2]:
            self._s[-1] -= 1
            self._r[-1] -= 1
            if self._s[-1] == self._s[-2]:
                self._s.pop(), self._r.pop(), self._k.pop()
            self._append(1, 1 + raw_n, False)
        else:
            self.replace(0, raw_n)

    def _append(self, ds: int, dr: int, linear: bool) -> None:
        if self._k and self._k[-1] == linear and (linear or self._same_shape(ds, dr)):
            self._s[-1] += ds
            self._r[-1] += dr
        else:
            self._s.append(self._s[-1] + ds)
            self._r.append(self._r[-1] + dr)
            self._k.append(linear)

    def _same_shape(self, ds: int, dr: int) -> bool:
        # Only runs of pure insertions or of pure deletions merge. Keeping a
        # replacement apart from its neighbours keeps spans tight: "..."->"…"
        # does not swallow a dropped character after it, and each CRLF of
        # "\r\n\r\n" still maps to its own "\n".
        last_ds, last_dr = self._s[-1] - self._s[-2], self._r[-1] - self._r[-2]
        return (ds == 0 and last_ds == 0) or (dr == 0 and last_dr == 0)

    def build(self) -> OffsetMap:
        """The finished map (the builder may be discarded afterwards)."""
        return OffsetMap(self._s, self._r, self._k)
