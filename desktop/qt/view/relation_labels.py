"""Where arc labels go once their arcs are laid out: on their own arc's rail, inside the
viewport, off the arrowheads and clear of each other (relation_geometry.py places them first)."""

from __future__ import annotations

from collections.abc import Iterable

type Edges = tuple[float, float, float, float]  # left, top, right, bottom
type Box = tuple[float, float, float, float, float]  # left, top, right, bottom, weight


class Placed:
    """Boxes already on screen (labels, arrowheads), by band of height: a label only meets
    those on its own line's rails, so a screen with hundreds of arcs stays a short search.
    Kept as plain (left, top, right, bottom, weight) tuples: it runs at every paint. Apart
    from them, `chips` (suggestions' chips) a label keeps off only where it can."""

    def __init__(self, height: float, chips: Iterable[Edges] = ()) -> None:
        self._height = max(height, 1.0)
        self._bands: dict[int, list[Box]] = {}
        self._chips: dict[int, list[Box]] = {}
        for chip in chips:
            self.add(chip, chip=True)
        self.chips = bool(self._chips)

    def add(self, edges: Edges, weight: float = 1.0, chip: bool = False) -> None:
        """Place a box; `weight`: how much worse covering a pixel of it is than of a label. It
        is kept in the band of every label top that would meet it, so a look-up reads one band."""
        bands, height = self._chips if chip else self._bands, self._height
        box = (*edges, weight)
        for band in range(int((edges[1] - height) // height), int(edges[3] // height) + 1):
            if (placed := bands.get(band)) is None:
                bands[band] = [box]
            else:
                placed.append(box)

    def meeting(
        self, left: float, top: float, right: float, bottom: float, chips: bool = False
    ) -> list[tuple[float, float, float]]:
        """Left, right and the height shared with the box of these edges (no taller than the
        band) times its weight, of each placed box it overlaps (`chips`: of each chip only)."""
        return [
            (lo, r, ((b if b < bottom else bottom) - (t if t > top else top)) * w)
            for lo, t, r, b, w in (self._chips if chips else self._bands).get(int(top // self._height), ())
            if lo < right and left < r and t < bottom and top < b
        ]


_GAP = 2.0  # pixels a label keeps from a box it clears
_TRIES = 8  # places along a rail tried for the least covered one, the nearest first


# A stretch of an arc's rail its label may go on: the label's middle wished for, its top, and
# the stretch's left and right (a plain tuple: every paint makes one or two for every arc).
type Spot = tuple[float, float, tuple[float, float]]


def clear_place(
    width: float, height: float, spots: list[Spot], placed: Placed, page: tuple[float, float] | None
) -> tuple[float, float] | None:
    """Left and top of a label box on its own arc (`spots`, the better first) clear of the
    boxes placed before it, the nearest its wished middle; None: no place is clear. On each
    spot it slides along the rail into the page and off the boxes in its way: an arc that
    turns at the margin near a line's end would put its label half off screen, and arcs from
    one chip to spans close together would put theirs on top of each other. A label never
    leaves its rail (slid onto another arc's line, it reads as that relation's type): it
    stays within the rail where it fits there, else its middle stays over the rail. It keeps
    off the chips too where that leaves it a clear place, else it goes as if they were not
    there. In plain numbers, not rectangles: every paint places every arc's label."""
    found, met = _clear(width, height, spots, placed, page, placed.chips)
    if found is None and met:
        found, _ = _clear(width, height, spots, placed, page, False)
    return found


def _clear(
    width: float, height: float, spots: list[Spot], placed: Placed, page: tuple[float, float] | None, chips: bool
) -> tuple[tuple[float, float] | None, bool]:
    """`clear_place`, off the chips too if `chips`; and whether any chip was in the way."""
    met = False
    for middle, top, rail in spots:
        low, high = _bounds(width, rail, page)
        want = min(max(middle - width / 2, low), high)
        bottom = top + height
        if chips and (soft := placed.meeting(low - _GAP, top, high + width + _GAP, bottom, chips=True)):
            met = True
            if not placed.meeting(want - _GAP, top, want + width + _GAP, bottom) and not any(
                lo < want + width + _GAP and want - _GAP < r for lo, r, _ in soft
            ):
                return (want, top), met
            boxes = placed.meeting(low - _GAP, top, high + width + _GAP, bottom) + soft
        else:
            if not placed.meeting(want - _GAP, top, want + width + _GAP, bottom):
                return (want, top), met  # most labels: clear where they are wished
            boxes = placed.meeting(low - _GAP, top, high + width + _GAP, bottom)
        best, far = None, 0.0
        at = low  # the left of the clear stretch the sweep is in
        for lo, r, _ in sorted(boxes):
            if (last := lo - _GAP - width) >= at:  # the label fits between `at` and this box
                left = min(max(want, at), last)
                if best is None or abs(left - want) < far:
                    best, far = left, abs(left - want)
            at = max(at, r + _GAP)
        if at <= high:
            left = min(max(want, at), high)
            if best is None or abs(left - want) < far:
                best = left
        if best is not None:
            return (best, top), met
    return None, met


def least_covered(
    width: float, height: float, spots: list[Spot], placed: Placed, page: tuple[float, float] | None
) -> tuple[float, float]:
    """Left and top of a label box on its own arc covering the least of the boxes placed
    before it (arrowheads count double), where no place is clear (`clear_place`)."""
    best = (0.0, 0.0, -1.0)
    for middle, top, rail in spots:
        left, cost = _least(middle, top, width, height, rail, placed, page)
        if best[2] < 0 or cost < best[2]:
            best = (left, top, cost)
    return best[0], best[1]


def widest_gap(
    spots: list[Spot], height: float, placed: Placed, page: tuple[float, float] | None
) -> tuple[float, float, float]:
    """Left, top and width of the widest clear stretch of rail among `spots` (width 0: none),
    for a label shortened to fit where no place fits it whole."""
    best = (0.0, 0.0, 0.0)
    for _, top, (a, b) in spots:
        if page is not None:
            a, b = max(a, page[0]), min(b, page[1])
        at = a
        for lo, r, _ in sorted(placed.meeting(a - _GAP, top, b + _GAP, top + height)):
            if lo - _GAP - at > best[2]:
                best = (at, top, lo - _GAP - at)
            at = max(at, r + _GAP)
        if b - at > best[2]:
            best = (at, top, b - at)
    return best


def _least(
    middle: float,
    top: float,
    width: float,
    height: float,
    rail: tuple[float, float],
    placed: Placed,
    page: tuple[float, float] | None,
) -> tuple[float, float]:
    """The left of the label on one stretch of rail covering the least, and how much."""
    low, high = _bounds(width, rail, page)
    want = min(max(middle - width / 2, low), high)
    boxes = placed.meeting(low - _GAP, top, high + width + _GAP, top + height)
    least = _overlap(want, width, boxes)
    ends = {low, high}  # and where the label just clears a box, on the rail
    for lo, r, _ in boxes:
        if low < (x := lo - _GAP - width) < high:
            ends.add(x)
        if low < (x := r + _GAP) < high:
            ends.add(x)
    best = want
    for left in sorted(ends, key=lambda x: abs(x - want))[:_TRIES]:
        cost = _overlap(left, width, boxes, least)
        if cost < least:
            best, least = left, cost
    return best, least


def _bounds(width: float, rail: tuple[float, float], page: tuple[float, float] | None) -> tuple[float, float]:
    """The lowest and highest left of the label: within the rail if it fits there, else its
    middle over the rail; within the page (which wins)."""
    a, b = rail
    if page is not None:
        a, b = max(a, page[0]), min(b, page[1])
    if width <= b - a:
        low, high = a, b - width
    else:
        low, high = a - width / 2, max(a, b) - width / 2
    if page is not None:
        low, high = max(low, page[0]), min(high, page[1] - width)
        if high < low:  # the page narrower than the label, or the rail off the page
            low = high = min(max(low, page[0]), max(page[0], page[1] - width))
    return low, high


def _overlap(left: float, width: float, boxes: list[tuple[float, float, float]], enough: float = -1.0) -> float:
    """The area of the placed boxes (grown by the gap, times their weight) under a label at
    `left`; counting stops past `enough` (if not negative)."""
    start, end = left - _GAP, left + width + _GAP
    total = 0.0
    for lo, r, shared in boxes:
        if lo < end and start < r:
            total += ((r if r < end else end) - (lo if lo > start else start)) * shared
            if total > enough >= 0:
                break
    return total
