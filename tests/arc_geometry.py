"""Reading a relation arc's drawn path in tests: where a label may sit on it."""

from __future__ import annotations

from PySide6.QtCore import QRectF


def rail(arc, label: QRectF) -> tuple[float, float]:
    """Left and right of the arc's drawn horizontal stretch through the label's middle."""
    path, y = arc.path, label.center().y()
    points = [path.elementAt(i) for i in range(path.elementCount())]
    stretches = [
        (min(a.x, b.x), max(a.x, b.x))
        for a, b in zip(points, points[1:])
        if abs(a.y - y) < 0.01 and abs(b.y - y) < 0.01
    ]
    assert stretches, f"{arc.caption!r}: no stretch of its arc at its label's height {y}"
    return max(stretches, key=lambda s: s[1] - s[0])
