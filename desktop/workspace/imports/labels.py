"""Labels an import brings that the scheme lacks: added, with distinct colours
and the next free hotkeys.

Colours step round the hue circle by the golden angle (each new hue lands
in the largest gap left so far) and a candidate too close to a colour the
scheme already uses is passed over, so a corpus with a dozen new types
still gets a palette an annotator can tell apart.
"""

from __future__ import annotations

import colorsys
from collections.abc import Iterable

from desktop.core.hotkeys import next_free_hotkey
from desktop.core.model import Label
from desktop.storage.contract import ProjectStore

_GOLDEN = 0.618033988749895
_SHADES = ((0.62, 0.82), (0.75, 0.62), (0.45, 0.9))


def distinct_colours(existing: Iterable[str], count: int) -> list[str]:
    """`count` #rrggbb colours, apart from `existing` and from each other."""
    taken = [_rgb(c) for c in existing]
    out: list[str] = []
    step, min_distance = 0, 90.0
    while len(out) < count:
        saturation, value = _SHADES[(step // 16) % len(_SHADES)]
        rgb = colorsys.hsv_to_rgb((step * _GOLDEN) % 1.0, saturation, value)
        red, green, blue = (round(x * 255) for x in rgb)
        candidate = (red, green, blue)
        step += 1
        if step % 48 == 0:
            min_distance *= 0.8  # a crowded palette: accept closer colours rather than loop
        if all(_distance(candidate, other) >= min_distance for other in taken):
            taken.append(candidate)
            out.append("#{:02x}{:02x}{:02x}".format(*candidate))
    return out


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _distance(a: tuple, b: tuple) -> float:
    return sum((x - y) ** 2 for x, y in zip(a, b)) ** 0.5


def add_missing_labels(repo: ProjectStore, keys: Iterable[str], source: str) -> list[Label]:
    """Create the labels among `keys` the project lacks (inside an action)."""
    existing = repo.labels()
    known = {label.key for label in existing}
    missing = sorted(set(keys) - known)
    colours = distinct_colours((label.color for label in existing), len(missing))
    order = max((label.order for label in existing), default=-1) + 1
    hotkeys = [label.hotkey for label in existing]
    added = []
    for offset, (key, colour) in enumerate(zip(missing, colours)):
        hotkeys.append(next_free_hotkey(hotkeys))  # usable at once, like the scheme's own
        label = Label(
            key, key, key, colour, hotkeys[-1], description=f"added by importing {source}", order=order + offset
        )
        repo.save_label(label)
        added.append(label)
    return added
