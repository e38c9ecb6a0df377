"""Agreement you can click through: a matrix of annotator pairs, a per-label bar
chart for the chosen pair, and the disagreeing spans behind any cell."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.agreement.report import AgreementReport
from desktop.core.model import Label
from desktop.i18n import N_, decimal, isolate, number, tr
from desktop.qt.plain import label
from desktop.qt.review_marks import label_name
from desktop.qt.tasks import Task
from desktop.workspace.agreement.project import Mismatch, pair_disagreements, project_agreement

MEASURES = (
    ("f1", "exact", N_("F1, exact match")),
    ("f1", "overlap", N_("F1, overlap match")),
    ("kappa", "exact", N_("Cohen's kappa (tokens)")),
)


def _figure(value: float | None) -> str:
    return "—" if value is None else decimal(value)


def _describe(m: Mismatch, document: str, text: str, labels: dict[str, Label]) -> str:
    """One disagreement as a reader needs it: the words, the labels by name (file names,
    words and offsets isolated, so a right-to-left line keeps each in its own order)."""

    def span(start: int, end: int, key: str) -> str:
        return tr(
            "{label} «{words}» {range}",
            label=label_name(labels, key),
            words=isolate(text[start:end].replace("\n", " ")),
            range=isolate(tr("[{start}, {end})", start=number(start), end=number(end))),
        )

    other = tr(", ").join(span(*key) for key in m.other)  # Persian has its own comma
    return tr(
        "{document}: {layer}: {span} ↔ {other}",
        document=isolate(document),
        layer=isolate(m.layer),
        span=span(m.start, m.end, m.label),
        other=other or tr("nothing"),
    )


class LabelBars(QWidget):
    """Horizontal bars: one label's F1 for the chosen pair."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, float | None]] = []
        self.setMinimumHeight(160)

    def set_rows(self, rows: list[tuple[str, float | None]]) -> None:
        self.rows = rows
        self.setMinimumHeight(24 * len(rows) + 8)
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        width = self.width() - 180
        for i, (name, value) in enumerate(self.rows):
            y = 4 + 24 * i
            painter.setPen(self.palette().text().color())
            # the name where a line starts (AlignLeading: the right in a Persian window)
            painter.drawText(
                self._box(0, y, 110, 20), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeading, name
            )
            painter.drawText(self._box(width + 120, y, 60, 20), Qt.AlignmentFlag.AlignVCenter, _figure(value))
            if value is not None:
                painter.fillRect(self._box(115, y + 3, max(1.0, width * value), 14), QColor("#3d7fd9"))
        painter.end()

    def _box(self, x: float, y: float, w: float, h: float) -> QRectF:
        """A box laid out left to right, mirrored in a right-to-left window."""
        if self.layoutDirection() == Qt.LayoutDirection.RightToLeft:
            x = self.width() - x - w
        return QRectF(x, y, w, h)


class AgreementDialog(QDialog):
    jump_requested = Signal(int, int, int)  # document, start, end

    def __init__(self, workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.report: AgreementReport | None = None
        self.setWindowTitle(tr("Agreement"))
        self.resize(900, 620)
        self.measure = QComboBox(self)
        for measure, mode, text in MEASURES:
            self.measure.addItem(tr(text), (measure, mode))
        self.summary = label(tr("Computing…"), self)
        self.matrix = QTableWidget(0, 0, self)
        self.bars = LabelBars(self)
        self.mismatches = QListWidget(self)
        self._layout()
        self.measure.currentIndexChanged.connect(lambda _: self._fill_matrix())
        self.matrix.cellClicked.connect(self._on_cell)
        self.mismatches.itemActivated.connect(self._on_mismatch)
        self.task = Task(lambda _progress, _cancelled: project_agreement(workspace, snapshot=True), self)
        self.task.succeeded.connect(self._on_report)
        self.task.failed.connect(lambda exc: self.summary.setText(str(exc)))
        self.task.start()

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.measure)
        top.addWidget(self.summary, 1)
        side = QVBoxLayout()
        side.addWidget(label(tr("F1 per label (exact) for the chosen pair"), self))
        side.addWidget(self.bars)
        side.addWidget(label(tr("Disagreeing spans (double-click to open)"), self))
        side.addWidget(self.mismatches, 1)
        body = QHBoxLayout()
        body.addWidget(self.matrix, 1)
        body.addLayout(side, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body, 1)

    def _on_report(self, report: AgreementReport) -> None:
        self.report = report
        alpha = _figure(report.alpha)
        self.summary.setText(
            tr(
                "{documents} documents, {layers} layers; Krippendorff's alpha {alpha}",
                documents=number(report.documents),
                layers=number(len(report.layers)),
                alpha=alpha,
            )
        )
        self._fill_matrix()

    def _fill_matrix(self) -> None:
        if self.report is None:
            return
        layers = self.report.layers
        measure, mode = self.measure.currentData()
        values = self.report.matrix(measure, mode)
        self.matrix.setRowCount(len(layers))
        self.matrix.setColumnCount(len(layers))
        self.matrix.setHorizontalHeaderLabels(layers)
        self.matrix.setVerticalHeaderLabels(layers)
        for r, row in enumerate(values):
            for c, value in enumerate(row):
                item = QTableWidgetItem(_figure(value))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if value is not None:
                    item.setBackground(QColor.fromHsvF(0.33 * max(0.0, value), 0.45, 0.95))
                    item.setForeground(QColor("#000000"))
                self.matrix.setItem(r, c, item)

    def _on_cell(self, row: int, column: int) -> None:
        if self.report is None or row == column:
            return
        a, b = self.report.layers[row], self.report.layers[column]
        pair = self.report.pair(a, b)
        labels = self.workspace.labels()
        self.bars.set_rows([(label_name(labels, name), pair.f1("exact", name)) for name in self.report.labels])
        mode = self.measure.currentData()[1]
        self.mismatches.clear()
        names = {info.id: info.name for info in self.workspace.document_infos()}
        texts: dict[int, str] = {}
        for m in pair_disagreements(self.workspace, a, b, mode=mode, snapshot=True):
            if m.document_id not in texts:
                texts[m.document_id] = self.workspace.document_text(m.document_id)
            name = names.get(m.document_id, str(m.document_id))
            item = QListWidgetItem(_describe(m, name, texts[m.document_id], labels))
            item.setData(Qt.ItemDataRole.UserRole, (m.document_id, m.start, m.end))
            self.mismatches.addItem(item)

    def _on_mismatch(self, item: QListWidgetItem) -> None:
        self.jump_requested.emit(*item.data(Qt.ItemDataRole.UserRole))

    def done(self, result: int) -> None:
        if self.task.isRunning():
            self.task.wait()
        super().done(result)
