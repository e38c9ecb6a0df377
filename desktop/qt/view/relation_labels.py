"""Where arc labels go once their arcs are laid out: inside the viewport, off the arrowheads
and clear of each other, slid along their rail (relation_geometry.py places them first)."""

from __future__ import annotations

from PySide6.QtCore import QRectF


class Placed:
    """Boxes already on screen (labels, arrowheads), by band of height: a label only meets
    those on its own line's rails, so a screen with hundreds of arcs stays a short search.
    Kept as plain (left, top, right, bottom) tuples: it runs at every paint."""

    def __init__(self, height: float) -> None:
        self._height = max(height, 1.0)
        self._bands: dict[int, list[tuple[float, float, float, float]]] = {}

    def add(self, box: QRectF) -> None:
        edges = box.left(), box.top(), box.right(), box.bottom()
        for band in range(int(edges[1] // self._height), int(edges[3] // self._height) + 1):
            self._bands.setdefault(band, []).append(edges)

    def meeting(self, box: QRectF) -> tuple[float, float] | None:
        """The left and right of a placed box `box` overlaps (None: it is clear)."""
        left, top, right, bottom = box.left(), box.top(), box.right(), box.bottom()
        for band in range(int(top // self._height), int(bottom // self._height) + 1):
            for lo, t, r, b in self._bands.get(band, ()):
                if lo < right and left < r and t < bottom and top < b:
                    return lo, r
        return None


_SLIDES = 6  # a label slides past at most this many boxes in its way, then stays


def clear(box: QRectF, placed: Placed, page: tuple[float, float] | None) -> QRectF:
    """`box` slid along its rail into the page and off the boxes placed before it: an arc that
    turns at the margin near a line's end would put its label half off screen, and two arcs
    from one chip to two spans there would put theirs on top of each other."""
    box = _inside(box, page)
    inward = -1.0 if page is None or box.center().x() > (page[0] + page[1]) / 2 else 1.0
    for _ in range(_SLIDES):
        hit = placed.meeting(box)
        if hit is None:
            break
        shift = (hit[0] - box.right() - 2) if inward < 0 else (hit[1] - box.left() + 2)
        box = _inside(box.translated(shift, 0), page)
    return box


def _inside(box: QRectF, page: tuple[float, float] | None) -> QRectF:
    if page is None:
        return box
    if box.right() > page[1]:
        box = box.translated(page[1] - box.right(), 0)
    return box.translated(page[0] - box.left(), 0) if box.left() < page[0] else box
