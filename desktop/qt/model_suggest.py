"""Suggestions › Suggest with a local model…: a Hugging Face token-classification model the
analyst downloaded, run over every document.

The dialog takes the model's folder (typed, or chosen with Choose…), reads its config.json at
once (cheap: no torch) and lists the model's entity types, each with a combo of the project's
labels or «ignore». Suggest runs the model in a worker thread behind a progress dialog with
Cancel (desktop.workspace.suggestions.model_run says why a thread and what a cancel keeps).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import BarchasbError
from desktop.i18n import isolate, language, number, tr
from desktop.qt.plain import label
from desktop.qt.reasons import explain_error
from desktop.qt.suggestion_layer import SuggestionLayer
from desktop.qt.tasks import Task, run_with_progress


class ModelDialog(QDialog):
    """The model's folder and the label each of its entity types becomes."""

    def __init__(self, layer: SuggestionLayer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layer = layer
        self.combos: dict[str, QComboBox] = {}
        self.setWindowTitle(tr("Suggest with a local model"))
        self.resize(560, 320)
        self.path = QLineEdit(self)
        self.path.setPlaceholderText(tr("The folder holding the model's config.json"))
        choose = QPushButton(tr("Choose…"), self)
        self.about = label("", self)
        self.about.setWordWrap(True)
        self.form = QFormLayout()
        buttons = QDialogButtonBox(self)
        self.suggest = buttons.addButton(tr("Suggest"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.suggest.setEnabled(False)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(choose)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.about)
        layout.addLayout(self.form)
        layout.addStretch(1)
        layout.addWidget(buttons)
        choose.clicked.connect(self._on_choose)
        self.path.editingFinished.connect(self._on_path_changed)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

    def _on_choose(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("Choose the model's folder"), self.path.text())
        if folder:
            self.path.setText(folder)
            self._on_path_changed()

    def _on_path_changed(self) -> None:
        """Read the folder's config.json and list its entity types (or say what is wrong)."""
        from desktop.workspace.suggestions.model_run import model_labels

        while self.form.rowCount():
            self.form.removeRow(0)
        self.combos = {}
        try:
            info, mapping = model_labels(self.layer.bridge.workspace, self.path.text().strip())
        except BarchasbError as exc:
            self.about.setText(explain_error(exc))
            self.suggest.setEnabled(False)
            return
        self.about.setText(tr("Model «{name}»: {n} entity types", name=isolate(info.name), n=number(len(info.types))))
        for kind in info.types:
            self.combos[kind] = self._combo(mapping.get(kind))
            self.form.addRow(label(kind, self), self.combos[kind])
        self.suggest.setEnabled(True)

    def _combo(self, chosen: str | None) -> QComboBox:
        combo = QComboBox(self)
        combo.addItem(tr("ignore"), None)
        for item in self.layer.editor.labels().values():
            combo.addItem(item.name_fa if language() == "fa" else item.name_en, item.key)
        combo.setCurrentIndex(max(0, combo.findData(chosen)) if chosen else 0)
        return combo

    def mapping(self) -> dict[str, str | None]:
        return {kind: combo.currentData() for kind, combo in self.combos.items()}


def suggest_with_model(layer: SuggestionLayer, parent: QWidget) -> Task | None:
    """Ask for the model and its map, then run it over every document in the background (the task)."""
    from desktop.workspace.suggestions.model_run import RunCancelled, apply_run, plan_model_run

    dialog = ModelDialog(layer, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    workspace = layer.bridge.workspace
    run = layer.bridge.attempt(plan_model_run, workspace, dialog.path.text().strip(), dialog.mapping())
    if run is None:
        return None

    def stored(result) -> None:
        ops, report = result
        layer.bridge.attempt(apply_run, workspace, ops, report, f"Suggest with {run.source}")
        added = sum(report.added.values())
        layer.show_status(tr("{n} new suggestions", n=number(added)), 8000)

    def failed(exc: Exception) -> None:
        stopped = isinstance(exc, RunCancelled)
        layer.show_status(tr("The model was stopped; nothing was stored") if stopped else explain_error(exc), 10000)

    return run_with_progress(parent, tr("Running the model…"), run.compute, stored, failed)
