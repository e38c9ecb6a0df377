"""Agreement you can click through: a matrix of annotator pairs, a per-label bar
chart for the chosen pair, its relation, attribute and entity-link figures, and
the disagreeing spans behind any cell."""

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
from desktop.core.relations import RelationType
from desktop.i18n import N_, decimal, isolate, number, tr
from desktop.qt.agreement_facts import FactTable, describe_relation, span_words
from desktop.qt.plain import label
from desktop.qt.review_marks import label_name
from desktop.qt.tasks import Task
from desktop.workspace.agreement.project import Mismatch, pair_disagreements, project_agreement
from desktop.workspace.agreement.relations import relation_disagreements
from desktop.workspace.relations import Relations, SpanAttributes

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
    other = tr(", ").join(span_words(text, key, labels) for key in m.other)  # Persian has its own comma
    return tr(
        "{document}: {layer}: {span} ↔ {other}",
        document=isolate(document),
        layer=isolate(m.layer),
        span=span_words(text, (m.start, m.end, m.label), labels),
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
        self.facts = FactTable(self)
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
        side.addWidget(label(tr("Relations, attributes and entity links for the chosen pair"), self))
        side.addWidget(self.facts)
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
        types = {t.key: t for t in Relations(self.workspace).types()}
        fields = {f.path: f for f in SpanAttributes(self.workspace).fields()}
        self.facts.show_pair(
            pair.facts, self.report.relation_types, self.report.attribute_fields, (types, fields, labels)
        )
        self._list_mismatches(a, b, labels, types)

    def _list_mismatches(self, a: str, b: str, labels: dict[str, Label], types: dict[str, RelationType]) -> None:
        """The spans, then the relations, of either layer that found no match (in the chosen mode)."""
        mode = self.measure.currentData()[1]
        self.mismatches.clear()
        names = {info.id: info.name for info in self.workspace.document_infos()}
        texts: dict[int, str] = {}

        def place(document_id: int) -> tuple[str, str]:
            if document_id not in texts:
                texts[document_id] = self.workspace.document_text(document_id)
            return names.get(document_id, str(document_id)), texts[document_id]

        for m in pair_disagreements(self.workspace, a, b, mode=mode, snapshot=True):
            self._add_mismatch(_describe(m, *place(m.document_id), labels), m.document_id, m.start, m.end)
        for r in relation_disagreements(self.workspace, a, b, mode=mode, snapshot=True):
            words = describe_relation(r, *place(r.document_id), labels, types)
            self._add_mismatch(words, r.document_id, min(r.head[0], r.tail[0]), max(r.head[1], r.tail[1]))

    def _add_mismatch(self, words: str, document_id: int, start: int, end: int) -> None:
        item = QListWidgetItem(words)
        item.setData(Qt.ItemDataRole.UserRole, (document_id, start, end))
        self.mismatches.addItem(item)

    def _on_mismatch(self, item: QListWidgetItem) -> None:
        self.jump_requested.emit(*item.data(Qt.ItemDataRole.UserRole))

    def done(self, result: int) -> None:
        if self.task.isRunning():
            self.task.wait()
        super().done(result)
