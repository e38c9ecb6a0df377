"""The CRF's learning curve on PEYMA as a PNG, drawn with Qt's QPainter offscreen
(matplotlib is not in the venv): micro F1 and each label's F1 against training documents."""

from __future__ import annotations

import math
import os
from pathlib import Path

COLOURS = {"PER/ORG/LOC": "#000000", "PER": "#1f77b4", "ORG": "#d62728", "LOC": "#2ca02c"}
W, H, LEFT, RIGHT, TOP, BOTTOM = 760, 480, 64, 24, 44, 56
Y_HI = 1.0


def plot(rows: list[dict], png: Path, title: str) -> None:
    """One line per label over `rows` ({"documents": n, "f1": micro, "PER": f1, ...})."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPen

    _app = QGuiApplication.instance() or QGuiApplication([])  # fonts need an application
    x_hi = max(r["documents"] for r in rows)
    y_lo = min(0.3, math.floor(min(min(r[k] for k in ("f1", *COLOURS) if k in r) for r in rows) * 10) / 10)

    def point(n: float, f1: float) -> QPointF:
        x = LEFT + n / x_hi * (W - LEFT - RIGHT)
        return QPointF(x, H - BOTTOM - (f1 - y_lo) / (Y_HI - y_lo) * (H - TOP - BOTTOM))

    image = QImage(W, H, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("black"), 1))
    painter.drawLine(point(0, y_lo), point(x_hi, y_lo))
    painter.drawLine(point(0, y_lo), point(0, Y_HI))
    for step in range(int(round((Y_HI - y_lo) / 0.1)) + 1):
        tick = y_lo + step * 0.1
        painter.setPen(QPen(QColor("#dddddd"), 1))
        painter.drawLine(point(0, tick), point(x_hi, tick))
        painter.setPen(QPen(QColor("black"), 1))
        painter.drawText(point(0, tick) + QPointF(-40, 4), f"{tick:.1f}")
    for r in rows:
        painter.drawText(point(r["documents"], y_lo) + QPointF(-10, 18), str(r["documents"]))
    painter.drawText(QPointF(W / 2 - 60, H - 14), "training documents")
    painter.drawText(QPointF(10, 22), title)
    painter.setPen(QPen(QColor("grey"), 1, Qt.PenStyle.DashLine))
    painter.drawLine(point(0, 0.85), point(x_hi, 0.85))
    painter.drawText(point(0, 0.85) + QPointF(4, -4), "goal 0.85")
    for index, (name, colour) in enumerate(COLOURS.items()):
        key = "f1" if name == "PER/ORG/LOC" else name
        points = [point(r["documents"], r[key]) for r in rows]
        painter.setPen(QPen(QColor(colour), 2.5 if key == "f1" else 1.5))
        for a, b in zip(points, points[1:]):
            painter.drawLine(a, b)
        for p in points:
            painter.drawEllipse(p, 2.5, 2.5)
        painter.drawText(QPointF(W - RIGHT - 200, H - BOTTOM - 90 + 18 * index), f"— {name} ({rows[-1][key]:.3f})")
    painter.end()
    if not image.save(str(png)):
        raise OSError(f"could not write {png}")
