"""Suggestions › Sources…: which learner suggests, how often each source was right, muting the weak ones.

One row per source: accepted, rejected, pending, precision (in the UI language's digits) and a
Muted checkbox that takes effect at once (unticking it is the undo). Weak sources (enough
decisions, precision under the threshold) are marked and offered for muting, never muted
silently (desktop.workspace.suggestions.trust says why).
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import N_, language, number, tr
from desktop.qt.plain import label
from desktop.qt.source_names import learner_text, source_name
from desktop.qt.suggestion_layer import SuggestionLayer
from desktop.qt.suggestion_trust import percent
from desktop.workspace.suggestions.trust import MIN_DECISIONS, SourceRecord, set_threshold, weak_below

COLUMNS = (N_("Source"), N_("Accepted"), N_("Rejected"), N_("Pending"), N_("Precision"), N_("Muted"))
MUTED = COLUMNS.index("Muted")


class SourcesDialog(QDialog):
    """The per-source record of the analyst's decisions, with muting."""

    def __init__(self, layer: SuggestionLayer, parent: QWidget | None = None) -> None:
        from desktop.workspace.suggestions.learners import learner_in_use  # here: opening a window loads no learner

        super().__init__(parent)
        self.layer = layer
        self.records: list[SourceRecord] = []
        self.setWindowTitle(tr("Suggestion sources"))
        self.resize(640, 360)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels([tr(c) for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.threshold = QSpinBox(self)
        self.threshold.setRange(0, 100)
        self.threshold.setSuffix(tr("%"))
        if language() == "fa":  # the spin box's own digits: Persian, as every number in the Persian UI
            self.threshold.setLocale(QLocale(QLocale.Language.Persian, QLocale.Country.Iran))
        self.note = label("", self)
        self.note.setWordWrap(True)
        self.learner = label(learner_text(layer.bridge.attempt(learner_in_use, layer.bridge.workspace)), self)
        self.learner.setWordWrap(True)
        self.mute_weak = QPushButton(tr("Mute weak sources"), self)
        buttons = QDialogButtonBox(self)
        buttons.addButton(tr("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        row = QHBoxLayout()
        row.addWidget(label(tr("Mark a source weak below this precision:"), self))
        row.addWidget(self.threshold)
        row.addStretch(1)
        row.addWidget(self.mute_weak)
        layout = QVBoxLayout(self)
        layout.addWidget(self.learner)
        layout.addWidget(self.table)
        layout.addLayout(row)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        buttons.rejected.connect(self.reject)
        self.mute_weak.clicked.connect(self._on_mute_weak)
        self.table.itemChanged.connect(self._on_item_changed)
        self.threshold.setValue(round(weak_below(layer.bridge.workspace) * 100))
        self.threshold.valueChanged.connect(self._on_threshold_changed)
        self.refresh()

    def refresh(self) -> None:
        """Read the records again and show them."""
        self.records = self.layer.bridge.attempt(self.layer.api.source_records) or []
        self.table.blockSignals(True)  # filling the checkboxes is not the analyst muting
        self.table.setRowCount(len(self.records))
        for row, record in enumerate(self.records):
            self._fill(row, record)
        self.table.blockSignals(False)
        weak = [r for r in self.records if r.weak and not r.muted]
        self.mute_weak.setEnabled(bool(weak))
        self.note.setText(
            tr(
                "A source is weak after {n} decisions with a precision under the threshold; "
                "muted sources are neither shown nor suggested again. Weak now: {weak}",
                n=number(MIN_DECISIONS),
                weak=number(len(weak)),
            )
        )

    def _fill(self, row: int, record: SourceRecord) -> None:
        name = source_name(record.source) + ("  " + tr("(weak)") if record.weak else "")
        cells = [name, number(record.accepted), number(record.rejected), number(record.pending)]
        cells.append(percent(record.precision))
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if column:
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.table.setItem(row, column, item)
        muted = QTableWidgetItem(tr("muted") if record.muted else "")
        muted.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
        muted.setCheckState(Qt.CheckState.Checked if record.muted else Qt.CheckState.Unchecked)
        self.table.setItem(row, MUTED, muted)

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() != MUTED or not 0 <= item.row() < len(self.records):
            return
        source = self.records[item.row()].source
        wanted = item.checkState() == Qt.CheckState.Checked
        self.layer.bridge.attempt(self.layer.api.set_muted, [source], wanted)
        self._changed()

    def _on_mute_weak(self) -> None:
        self.layer.bridge.attempt(self.layer.api.mute_weak)
        self._changed()

    def _on_threshold_changed(self, value: int) -> None:
        self.layer.bridge.attempt(set_threshold, self.layer.bridge.workspace, value / 100)
        self.refresh()

    def _changed(self) -> None:
        """Muting changed what the window shows: redraw its suggestions, then this table."""
        self.layer.reload()
        self.refresh()


def show_sources(layer: SuggestionLayer, parent: QWidget) -> None:
    """Open the Sources dialog over the window."""
    SourcesDialog(layer, parent).exec()
