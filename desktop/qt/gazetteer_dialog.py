"""Editing the project's gazetteers: pick a list, add and remove entries, import."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import language, number, tr
from desktop.qt.bridge import WorkspaceBridge
from desktop.qt.plain import label
from desktop.qt.source_names import gazetteer_name
from desktop.workspace.suggestions.gazetteers import Gazetteers, seed_gazetteers


class GazetteerDialog(QDialog):
    def __init__(self, bridge: WorkspaceBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.setWindowTitle(tr("Gazetteers"))
        self.resize(520, 560)
        self.lists = QComboBox(self)
        self.entries = QListWidget(self)
        self.entries.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.new_entry = QLineEdit(self)
        self.new_entry.setPlaceholderText(tr("New entry (… stands for a gap of a few words)"))
        self.info = label("", self)
        add = QPushButton(tr("Add"), self)
        remove = QPushButton(tr("Remove selected"), self)
        load = QPushButton(tr("Import file…"), self)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        row = QHBoxLayout()
        row.addWidget(self.new_entry, 1)
        row.addWidget(add)
        buttons = QHBoxLayout()
        buttons.addWidget(remove)
        buttons.addWidget(load)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        for part in (self.lists, self.info, self.entries):
            layout.addWidget(part)
        layout.addLayout(row)
        layout.addLayout(buttons)
        layout.addWidget(close)
        add.clicked.connect(self.add_entry)
        self.new_entry.returnPressed.connect(self.add_entry)
        remove.clicked.connect(self.remove_selected)
        load.clicked.connect(self._on_import)
        close.rejected.connect(self.reject)
        self.lists.currentIndexChanged.connect(lambda _: self.show_entries())
        bridge.attempt(seed_gazetteers, bridge.workspace)  # older projects: first use
        self.reload_lists()

    @property
    def api(self) -> Gazetteers:
        return Gazetteers(self.bridge.workspace)

    def name(self) -> str | None:
        return self.lists.currentData()

    def reload_lists(self) -> None:
        current = self.name()
        self.lists.blockSignals(True)
        self.lists.clear()
        for info in self.api.gazetteers():
            self.lists.addItem(
                tr(
                    "{list} → {label} ({n})",
                    list=gazetteer_name(info.name),
                    label=self._label_name(info.label),
                    n=number(info.size),
                ),
                info.name,
            )
        self.lists.blockSignals(False)
        index = self.lists.findData(current)
        self.lists.setCurrentIndex(max(index, 0))
        self.show_entries()

    def _label_name(self, key: str) -> str:
        label = self.bridge.workspace.labels().get(key)
        return key if label is None else (label.name_fa if language() == "fa" else label.name_en)

    def show_entries(self) -> None:
        self.entries.clear()
        if name := self.name():
            entries = self.api.entries(name)
            self.entries.addItems(entries)
            self.info.setText(tr("{n} entries", n=number(len(entries))))

    def add_entry(self) -> None:
        text = self.new_entry.text().strip()
        if text and (name := self.name()) and self.bridge.attempt(self.api.add_entries, name, [text]):
            self.new_entry.clear()
            self.reload_lists()

    def remove_selected(self) -> None:
        chosen = [item.text() for item in self.entries.selectedItems()]
        if chosen and (name := self.name()):
            self.bridge.attempt(self.api.remove_entries, name, chosen)
            self.reload_lists()

    def _on_import(self) -> None:
        from desktop.qt.project_dialogs import choose_file

        chosen = choose_file(self, tr("Import gazetteer"), tr("Text files (*.txt);;All files (*)"))
        path = str(chosen) if chosen else ""
        if path:
            self.bridge.attempt(self.api.import_file, path)
            self.reload_lists()
