"""The active-learning curves drawn with Qt's QPainter offscreen (when matplotlib is absent)."""

from __future__ import annotations

import os
from pathlib import Path

COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c")
W, H, MARGIN = 640, 420, 60


def plot_qt(results: dict[str, list[tuple]], target: float, png: Path) -> None:
    """F1 against labelled documents, one line per arm, the target dashed."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPen

    _app = QGuiApplication.instance() or QGuiApplication([])  # fonts need an application
    xs = [n for rows in results.values() for n, *_ in rows]
    lo, hi = min(xs), max(xs) if max(xs) > min(xs) else min(xs) + 1

    def point(n: float, f1: float) -> QPointF:
        return QPointF(MARGIN + (n - lo) / (hi - lo) * (W - 2 * MARGIN), H - MARGIN - f1 * (H - 2 * MARGIN))

    image = QImage(W, H, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("black"), 1))
    painter.drawLine(point(lo, 0), point(hi, 0))
    painter.drawLine(point(lo, 0), point(lo, 1))
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        painter.drawText(point(lo, tick) + QPointF(-40, 4), f"{tick:.2f}")
    for n in sorted(set(xs)):
        painter.drawText(point(n, 0) + QPointF(-8, 18), str(n))
    painter.drawText(QPointF(W / 2 - 60, H - 15), "labelled documents")
    painter.drawText(QPointF(10, 20), "PER/ORG/LOC micro F1 on the held-out 20%")
    painter.setPen(QPen(QColor("grey"), 1, Qt.PenStyle.DashLine))
    painter.drawLine(point(lo, target), point(hi, target))
    for index, (arm, rows) in enumerate(results.items()):
        colour = QColor(COLOURS[index % len(COLOURS)])
        painter.setPen(QPen(colour, 2))
        points = [point(n, f1) for n, f1, *_ in rows]
        for a, b in zip(points, points[1:]):
            painter.drawLine(a, b)
        for p in points:
            painter.drawEllipse(p, 3, 3)
        painter.drawText(QPointF(W - 250, 40 + 18 * index), f"— {arm}")
    painter.end()
    if not image.save(str(png)):
        raise OSError(f"could not write {png}")
