"""The export dialog: format, layer, filters, split; a progress bar; a choice
for spans the format cannot take, listed before anything is written."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import BarchasbError
from desktop.formats.align import Policy
from desktop.formats.writing import DEFAULT_INNER_SPACE, EXTENSIONS, FOLDER_FORMATS, FORMATS
from desktop.i18n import N_, isolate, language, number, tr
from desktop.qt.export_problems import problem_line
from desktop.qt.import_dialog import OFFSETS
from desktop.qt.plain import ask, label
from desktop.qt.reasons import explain_error
from desktop.qt.tasks import Task
from desktop.storage.export_source import Selection
from desktop.workspace import Workspace
from desktop.workspace.export.project import ExportOptions, export_project, missing_folder
from desktop.workspace.export.report import ExportNeedsChoice, ExportReport

STATUSES = (("", N_("Any status")), ("done", N_("Done")), ("in_progress", N_("In progress")))
POLICIES = (
    ("ask", N_("Ask me")),
    ("expand", N_("Expand to whole tokens")),
    ("contract", N_("Contract to whole tokens")),
    ("skip", N_("Skip them")),
)
INNER_SPACES = (
    ("zwnj", N_("Join with ZWNJ (read as one token)")),
    ("underscore", N_("Join with an underscore")),
    ("keep", N_("Keep the space")),
)


FORMAT_NAMES = {
    "jsonl": "JSONL",
    "doccano": "doccano",
    "label-studio": "Label Studio",
    "hf": "Hugging Face",
    "conll": "CoNLL",
    "spacy": "spaCy",
    "brat": "brat",
}  # names of formats and tools: the same in every language
DESCRIBED_FORMATS = {"rel-table": N_("Relation table (JSONL)")}  # not a tool's name: translated


class ExportDialog(QDialog):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.task: Task | None = None
        self.report: ExportReport | None = None
        self.setWindowTitle(tr("Export"))
        self.resize(640, 620)
        self._build()
        self._on_format_changed()

    # --- construction -------------------------------------------------------------

    def _build(self) -> None:
        self.format = QComboBox(self)
        for name in FORMATS:
            shown = tr(DESCRIBED_FORMATS[name]) if name in DESCRIBED_FORMATS else FORMAT_NAMES.get(name, name)
            self.format.addItem(shown, name)
        self.layer = QComboBox(self)
        self.layer.addItem(tr("All layers (annotator kept)"), "all")
        self.layer.addItem(tr("Gold layer"), "gold")
        for annotator in self.workspace.annotators():
            if annotator.kind == "human":
                self.layer.addItem(annotator.name, annotator.name)
        self.status = _combo(self, STATUSES)
        self.labels = QListWidget(self)
        for key, item in self.workspace.labels().items():
            entry = QListWidgetItem(item.name_fa if language() == "fa" else item.name_en)
            entry.setData(Qt.ItemDataRole.UserRole, key)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Checked)
            self.labels.addItem(entry)
        self.labels.setMaximumHeight(120)
        self.tokens = QCheckBox(tr("Include tokens (spaCy / Prodigy shape)"), self)
        self.scheme = _combo(self, (("bio", "BIO"), ("bioes", "BIOES")))
        self.unit = _combo(self, (("sentence", N_("Sentence")), ("document", N_("Document"))))
        self.split = QCheckBox(tr("Split into train / dev / test"), self)
        self.weights = [QSpinBox(self) for _ in range(3)]
        for box, value in zip(self.weights, (80, 10, 10)):
            box.setRange(0, 100)
            box.setValue(value)
        self.seed = QSpinBox(self)
        self.seed.setRange(0, 2**31 - 1)
        self.misaligned = _combo(self, POLICIES)
        self.overlapping = _combo(self, (POLICIES[0], POLICIES[3]))
        self.offsets = _combo(self, OFFSETS)  # doccano: utf16 first, the default
        self.inner_space = _combo(self, INNER_SPACES)
        self.inner_space.setCurrentIndex(self.inner_space.findData(DEFAULT_INNER_SPACE))
        self.output = QLineEdit(self)
        browse = QPushButton(tr("Browse…"), self)
        browse.clicked.connect(self._on_browse)
        self.progress = QProgressBar(self)
        self.problems = QPlainTextEdit(self)
        self.problems.setReadOnly(True)
        self.problems.setVisible(False)
        self.message = label("", self)
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton(tr("Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self._layout(browse)
        self.format.currentIndexChanged.connect(self._on_format_changed)
        self.split.toggled.connect(self._on_format_changed)
        self.export_button.clicked.connect(self.start)
        self.close_button.clicked.connect(self._on_close)

    def _layout(self, browse: QPushButton) -> None:
        form = QFormLayout()
        form.addRow(tr("Format"), self.format)
        form.addRow(tr("Layer"), self.layer)
        form.addRow(tr("Documents"), self.status)
        form.addRow(tr("Labels"), self.labels)
        form.addRow("", self.tokens)
        form.addRow(tr("Tags"), _row(self.scheme, label(tr("per"), self), self.unit))
        form.addRow("", self.split)
        form.addRow(tr("Weights and seed"), _row(*self.weights, label(tr("seed"), self), self.seed))
        form.addRow(tr("Spans off token edges"), self.misaligned)
        form.addRow(tr("Overlapping spans"), self.overlapping)
        form.addRow(tr("doccano offsets count"), self.offsets)
        form.addRow(tr("Spaces inside tokens"), self.inner_space)
        form.addRow(tr("Save to"), _row(self.output, browse))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.buttons)

    # --- reacting -------------------------------------------------------------------

    def _on_format_changed(self) -> None:
        fmt = self.format.currentData()
        self.tokens.setEnabled(fmt == "jsonl")
        self.scheme.setEnabled(fmt in ("hf", "conll"))
        self.unit.setEnabled(fmt in ("hf", "conll"))
        self.offsets.setEnabled(fmt == "doccano")
        self.inner_space.setEnabled(fmt == "conll")
        for box in (*self.weights, self.seed):
            box.setEnabled(self.split.isChecked())
        stem = self.workspace.path.with_suffix("")
        folder = self.split.isChecked() or fmt in FOLDER_FORMATS
        suggested = f"{stem}-{fmt}" if folder else f"{stem}{EXTENSIONS[fmt]}"
        if not self.output.text() or self.output.property("suggested") == self.output.text():
            self.output.setText(suggested)
            self.output.setProperty("suggested", suggested)

    def _on_browse(self) -> None:
        from desktop.qt.project_dialogs import choose_target

        folder = self.split.isChecked() or self.format.currentData() in FOLDER_FORMATS  # brat: .txt/.ann pairs
        path = choose_target(self, tr("Export to folder") if folder else tr("Export to"), self.output.text(), folder)
        if path is not None:
            self.output.setText(str(path))

    def options(self) -> ExportOptions:
        labels = tuple(
            self.labels.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.labels.count())
            if self.labels.item(i).checkState() == Qt.CheckState.Checked
        )
        status = self.status.currentData()
        selection = Selection(self.layer.currentData(), (status,) if status else (), labels)
        split = tuple(float(b.value()) for b in self.weights) if self.split.isChecked() else ()
        return ExportOptions(
            self.format.currentData(),
            selection,
            split,
            self.seed.value(),
            self.tokens.isChecked(),
            self.scheme.currentData(),
            self.unit.currentData(),
            Policy(self.misaligned.currentData()),
            Policy(self.overlapping.currentData()),
            inner_space=self.inner_space.currentData(),
            offsets=self._offsets(),
        )

    def _offsets(self) -> str | None:
        """doccano's offset unit, stated since the dialog shows it; other formats have none."""
        return self.offsets.currentData() if self.format.currentData() == "doccano" else None

    # --- running --------------------------------------------------------------------

    def start(self) -> None:
        options, out = self.options(), self._output_path()
        missing = missing_folder(options, out)
        if missing is not None and not self._create_asked(missing):
            self.message.setText(
                tr("Nothing written: the folder {folder} does not exist.", folder=isolate(str(missing)))
            )
            return
        workspace, create = self.workspace, missing is not None
        # export_project reads through a snapshot of its own: safe in the task's thread.
        self.task = Task(lambda progress, _: export_project(workspace, options, out, progress, create), self)
        self.task.progressed.connect(self._on_progress)
        self.task.succeeded.connect(self._on_done)
        self.task.failed.connect(self._on_failed)
        self.export_button.setEnabled(False)
        self.problems.setVisible(False)
        self.message.setText(tr("Exporting…"))
        self.task.start()

    def _output_path(self) -> Path:
        """The path typed; a relative one is beside the project, not wherever Barchasb started."""
        out = Path(self.output.text().strip()).expanduser()
        return out if out.is_absolute() else self.workspace.path.parent / out

    def _create_asked(self, folder: Path) -> bool:
        """Ask before making a folder: a typo must not leave folders anywhere on disk."""
        return ask(
            self,
            tr("Export"),
            tr("The folder {folder} does not exist. Create it?", folder=isolate(str(folder))),
            tr("Create the folder"),
            tr("Cancel"),
        )

    def _on_progress(self, done: int, total: int, _name: str) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)

    def _on_done(self, report: ExportReport) -> None:
        self.report = report
        self.export_button.setEnabled(True)
        skipped = f" {tr('{n} spans skipped', n=number(report.skipped))}" if report.skipped else ""
        grouped = report.count("ents_missing")  # spaCy
        if grouped:
            skipped += " " + tr(
                "{n} overlapping spans are in the span group only; their words are marked unknown in the entities.",
                n=number(grouped),
            )
        self.message.setText(
            tr(
                "Wrote {documents} documents, {spans} spans to {files}.",
                documents=number(report.documents),
                spans=number(report.spans),
                files=tr(", ").join(isolate(str(f)) for f in report.files),
            )
            + skipped
        )

    def _on_failed(self, exc: Exception) -> None:
        self.export_button.setEnabled(True)
        self.progress.setValue(0)
        if isinstance(exc, ExportNeedsChoice):
            self.report = exc.report
            lines = [problem_line(p) for p in exc.report.unresolved]  # describe() is the CLI's English
            self.problems.setPlainText("\n".join(lines))
            self.problems.setVisible(True)
            self.message.setText(
                tr(
                    "Nothing written: {n} spans do not fit this format. "
                    "Choose what to do with them above and export again.",
                    n=number(len(lines)),
                )
            )
        elif isinstance(exc, BarchasbError):
            self.message.setText(explain_error(exc))
        else:
            self.message.setText(tr("Export failed: {error}", error=f"{type(exc).__name__}: {exc}"))

    def _on_close(self) -> None:
        self.reject()

    def done(self, result: int) -> None:
        """However the dialog closes, a running export is cancelled (nothing written)."""
        if self.task is not None and self.task.isRunning():
            self.task.cancel()
            self.task.wait()
        super().done(result)


def _combo(parent: QWidget, items) -> QComboBox:
    box = QComboBox(parent)
    for value, text in items:
        box.addItem(tr(text), value)
    return box


def _row(*widgets: QWidget) -> QWidget:
    holder = QWidget()
    layout = QHBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    return holder
