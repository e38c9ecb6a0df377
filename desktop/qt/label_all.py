"""'Label all occurrences': a preview of every match before anything changes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import language, number, tr
from desktop.qt.bridge import WorkspaceBridge
from desktop.qt.plain import label
from desktop.workspace.project.search import Occurrence, find_occurrences, label_occurrences


class LabelAllDialog(QDialog):
    """Find `query` (Persian-aware, whole words) here or in the project; apply to the ticked."""

    def __init__(
        self,
        bridge: WorkspaceBridge,
        query: str,
        document_id: int,
        label_key: str | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.bridge, self.query, self.document_id = bridge, query, document_id
        self.occurrences: list[Occurrence] = []
        self.setWindowTitle(tr("Label all occurrences"))
        self.resize(720, 480)
        self.labels = QComboBox(self)
        for key, item in bridge.workspace.labels().items():
            self.labels.addItem(item.name_fa if language() == "fa" else item.name_en, key)
        if label_key:
            self.labels.setCurrentIndex(self.labels.findData(label_key))
        self.here = QRadioButton(tr("This document"), self)
        self.everywhere = QRadioButton(tr("Whole project"), self)
        self.here.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.here)
        group.addButton(self.everywhere)
        self.list = QListWidget(self)
        self.summary = label("", self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Cancel, self
        )
        self._layout(query)
        self.here.toggled.connect(lambda _: self.refresh())
        self.labels.currentIndexChanged.connect(lambda _: self.refresh())
        self.buttons.button(QDialogButtonBox.StandardButton.Apply).clicked.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        self.refresh()

    def _layout(self, query: str) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(label(tr("Text: {query}", query=query), self))
        row = QHBoxLayout()
        row.addWidget(self.labels)
        row.addWidget(self.here)
        row.addWidget(self.everywhere)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)

    def refresh(self) -> None:
        scope = self.document_id if self.here.isChecked() else None
        self.occurrences = find_occurrences(self.bridge.workspace, self.query, self.labels.currentData(), scope) or []
        self.list.clear()
        for occurrence in self.occurrences:
            text = f"{occurrence.document_name}:  …{occurrence.before}【{occurrence.text}】{occurrence.after}…"
            if occurrence.other:  # a second label on these words only if the analyst ticks it
                text += "  " + tr("(already «{label}»)", label=self._name(occurrence.other))
            item = QListWidgetItem(text.replace("\n", " "))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            unchecked = occurrence.labelled or occurrence.other
            item.setCheckState(Qt.CheckState.Unchecked if unchecked else Qt.CheckState.Checked)
            if occurrence.labelled:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.list.addItem(item)
        new = sum(1 for o in self.occurrences if not o.labelled and not o.other)
        self.summary.setText(
            tr("{total} found, {new} not yet labelled", total=number(len(self.occurrences)), new=number(new))
        )

    def _name(self, key: str) -> str:
        label = self.bridge.workspace.labels().get(key)
        return key if label is None else (label.name_fa if language() == "fa" else label.name_en)

    def chosen(self) -> list[Occurrence]:
        return [
            o
            for i, o in enumerate(self.occurrences)
            if self.list.item(i).checkState() == Qt.CheckState.Checked and not o.labelled
        ]

    def apply(self) -> None:
        chosen = self.chosen()
        if chosen:
            self.bridge.attempt(label_occurrences, self.bridge.workspace, chosen, self.labels.currentData())
        self.accept()
