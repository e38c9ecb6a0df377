"""Where arc labels go once their arcs are laid out: inside the viewport, off the arrowheads
and clear of each other, slid along their rail (relation_geometry.py places them first)."""

from __future__ import annotations

type Edges = tuple[float, float, float, float]  # left, top, right, bottom


class Placed:
    """Boxes already on screen (labels, arrowheads), by band of height: a label only meets
    those on its own line's rails, so a screen with hundreds of arcs stays a short search.
    Kept as plain (left, top, right, bottom) tuples: it runs at every paint."""

    def __init__(self, height: float) -> None:
        self._height = max(height, 1.0)
        self._bands: dict[int, list[Edges]] = {}

    def add(self, edges: Edges) -> None:
        bands = self._bands
        for band in range(int(edges[1] // self._height), int(edges[3] // self._height) + 1):
            if (placed := bands.get(band)) is None:
                bands[band] = [edges]
            else:
                placed.append(edges)

    def meeting(self, left: float, top: float, right: float, bottom: float) -> tuple[float, float] | None:
        """The left and right of a placed box the box with these edges overlaps (None: it is clear)."""
        for band in range(int(top // self._height), int(bottom // self._height) + 1):
            for lo, t, r, b in self._bands.get(band, ()):
                if lo < right and left < r and t < bottom and top < b:
                    return lo, r
        return None


_SLIDES = 6  # a label slides past at most this many boxes in its way, then stays


def clear_left(
    left: float, top: float, width: float, height: float, placed: Placed, page: tuple[float, float] | None
) -> float:
    """The left of a label box slid along its rail into the page and off the boxes placed before
    it: an arc that turns at the margin near a line's end would put its label half off screen,
    and two arcs from one chip to two spans there would put theirs on top of each other. In
    plain numbers, not rectangles: every paint places every arc's label."""
    left = _inside(left, width, page)
    inward = -1.0 if page is None or left + width / 2 > (page[0] + page[1]) / 2 else 1.0
    bottom = top + height
    for _ in range(_SLIDES):
        right = left + width
        hit = placed.meeting(left, top, right, bottom)
        if hit is None:
            break
        shift = (hit[0] - right - 2) if inward < 0 else (hit[1] - left + 2)
        left = _inside(left + shift, width, page)
    return left


def _inside(left: float, width: float, page: tuple[float, float] | None) -> float:
    if page is None:
        return left
    if left + width > page[1]:
        left += page[1] - (left + width)
    return left + (page[0] - left) if left < page[0] else left
