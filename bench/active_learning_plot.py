"""The active-learning curves drawn with Qt's QPainter offscreen (matplotlib is not in the venv).

Each run (arm and seed) is a thin line, each arm's mean over its finished seeds (reached the
target, every round before measured) a thick one, the target a dashed line, and the documents
each arm needed to reach it a dashed vertical line with the number.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

COLOURS = {"uncertainty": "#1f77b4", "random": "#ff7f0e"}
W, H, LEFT, RIGHT, TOP, BOTTOM = 760, 480, 64, 24, 44, 56


def plot_qt(runs: dict[str, list[dict]], report: dict, png: Path) -> None:
    """F1 against labelled documents for every run in `runs` (arm → runs), summarised by `report`."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPen

    _app = QGuiApplication.instance() or QGuiApplication([])  # fonts need an application
    target, step = report["protocol"]["target"], report["protocol"]["step"]
    rows = [row for arm_runs in runs.values() for run in arm_runs for row in run["rounds"]]
    x_hi = max(row["documents"] for row in rows)
    y_lo = math.floor(min(row["f1"] for row in rows) * 10) / 10
    y_hi = max(0.8, math.ceil(max(row["f1"] for row in rows) * 20) / 20)

    def point(n: float, f1: float) -> QPointF:
        x = LEFT + n / x_hi * (W - LEFT - RIGHT)
        return QPointF(x, H - BOTTOM - (f1 - y_lo) / (y_hi - y_lo) * (H - TOP - BOTTOM))

    image = QImage(W, H, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    _axes(painter, point, x_hi, y_lo, y_hi, QPen, QColor, QPointF)
    painter.setPen(QPen(QColor("grey"), 1, Qt.PenStyle.DashLine))
    painter.drawLine(point(0, target), point(x_hi, target))
    painter.drawText(point(0, target) + QPointF(4, -4), f"F1 {target}")
    for index, (arm, arm_runs) in enumerate(runs.items()):
        colour = QColor(COLOURS.get(arm, "#2ca02c"))
        pale = QColor(colour)
        pale.setAlpha(90)
        painter.setPen(QPen(pale, 1))
        for run in arm_runs:
            _polyline(painter, point, [(r["documents"], r["f1"]) for r in run["rounds"]], step)
        facts = report[arm]
        mean = [(int(n), p["mean"]) for n, p in facts["finished_curve"].items()]
        if not mean:  # no run finished yet: the longest one stands for the arm
            longest = max(arm_runs, key=lambda r: len(r["rounds"]))
            mean = [(r["documents"], r["f1"]) for r in longest["rounds"]]
        painter.setPen(QPen(colour, 2.5))
        _polyline(painter, point, sorted(mean), step, dots=True)
        legend = QPointF(LEFT + 160, H - BOTTOM - 50 + 18 * index)
        painter.fillRect(int(legend.x()) - 4, int(legend.y()) - 14, W - RIGHT - int(legend.x()), 18, QColor("white"))
        painter.drawText(legend, _legend(arm, facts))
        reached = facts["mean_documents_to_target"]
        if reached is not None:
            painter.setPen(QPen(colour, 1.5, Qt.PenStyle.DashLine))
            painter.drawLine(point(reached, y_lo), point(reached, target))
            painter.drawText(point(reached, target) + QPointF(4, 16 + 16 * index), f"{reached:.0f}")
    painter.end()
    if not image.save(str(png)):
        raise OSError(f"could not write {png}")


def _legend(arm: str, facts: dict) -> str:
    if not facts["finished_seeds"]:
        seed, to = max(facts["measured_to"].items(), key=lambda item: item[1])
        return f"— {arm}, seed {seed}: below 0.75 in every round to {to} documents (going on)"
    seeds = len(facts["finished_seeds"])
    reached = facts["mean_documents_to_target"]
    to = "not reached" if reached is None else f"{reached:.0f} documents"
    if seeds > 1:
        each = ", ".join(str(facts["documents_to_target"][s]) for s in facts["finished_seeds"])
        return f"— {arm}, mean of {seeds} seeds: 0.75 at {to} ({each})"
    return f"— {arm}, seed {','.join(map(str, facts['finished_seeds']))}: 0.75 at {to}"


def _polyline(painter, point, rows: list[tuple[int, float]], step: int, dots: bool = False) -> None:
    """Rounds joined only where they follow one another: a gap (rounds not measured) stays open."""
    for (n, f1), (m, g) in zip(rows, rows[1:]):
        if m - n == step:
            painter.drawLine(point(n, f1), point(m, g))
    if dots:
        for n, f1 in rows:
            painter.drawEllipse(point(n, f1), 2.5, 2.5)


def _axes(painter, point, x_hi: int, y_lo: float, y_hi: float, QPen, QColor, QPointF) -> None:  # noqa: N803
    painter.setPen(QPen(QColor("black"), 1))
    painter.drawLine(point(0, y_lo), point(x_hi, y_lo))
    painter.drawLine(point(0, y_lo), point(0, y_hi))
    tick = y_lo
    while tick <= y_hi + 1e-9:
        painter.drawText(point(0, tick) + QPointF(-40, 4), f"{tick:.2f}")
        tick += 0.05
    for n in range(0, x_hi + 1, 100 if x_hi > 300 else 20):
        painter.drawText(point(n, y_lo) + QPointF(-10, 18), str(n))
    painter.drawText(QPointF(W / 2 - 60, H - 14), "labelled documents")
    painter.drawText(
        QPointF(10, 22), "PEYMA: PER/ORG/LOC micro F1 on the held-out 20%, CRF retrained every 20 documents"
    )
