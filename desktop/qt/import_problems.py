"""Asking what to do with a file an import refused for its bad records: list
them (line and reason, the first `SHOWN` of them) and offer to import the
valid records or to skip the file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout, QWidget

from desktop.i18n import isolate, number, tr
from desktop.qt.plain import label
from desktop.qt.reasons import explain
from desktop.workspace.imports.annotated import FileImport

SHOWN = 200


class BadRecordsDialog(QDialog):
    """Import the N valid records of a file (accepted) or skip the file (rejected)."""

    def __init__(self, result: FileImport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Import"))
        self.resize(620, 420)
        bad = result.bad_records
        self.heading = label(
            tr(
                "{file} has {bad} records that cannot be imported, and {valid} "
                "valid ones. Nothing from it is imported yet.",
                file=isolate(Path(result.path).name),
                bad=number(len(bad)),
                valid=number(result.valid_records),
            ),
            self,
        )
        self.heading.setWordWrap(True)
        self.heading.setToolTip(result.path)
        self.lines = QPlainTextEdit(self)
        self.lines.setReadOnly(True)
        self.lines.setPlainText("\n".join(_lines(result)))
        self.buttons = QDialogButtonBox(self)
        self.import_button = self.buttons.addButton(
            tr("Import the {n} valid records", n=number(result.valid_records)), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.skip_button = self.buttons.addButton(tr("Skip this file"), QDialogButtonBox.ButtonRole.RejectRole)
        self.skip_button.setDefault(True)  # nothing is imported unless asked for
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.lines, 1)
        layout.addWidget(self.buttons)


def _lines(result: FileImport) -> list[str]:
    """`line N: reason` for the first `SHOWN` bad records, then how many more."""
    lines = []
    for bad in result.bad_records[:SHOWN]:
        reason = isolate(explain(bad.why))
        lines.append(
            tr("line {line}: {reason}", line=number(bad.line), reason=reason) if bad.line is not None else reason
        )
    more = len(result.bad_records) - SHOWN
    if more > 0:
        lines.append(tr("… and {n} more", n=number(more)))
    return lines


def ask_about_bad_records(parent: QWidget, result: FileImport) -> bool:
    """True when the user chooses to import the file's valid records."""
    return BadRecordsDialog(result, parent).exec() == QDialog.DialogCode.Accepted


def import_message(summary) -> tuple[str, list[str]]:
    """What an import did, in the UI's language: one line, and a line per skipped
    file or record (its reason as the reader gave it)."""
    counts = {key: number(value) for key, value in summary.counts.items()}
    done = tr("{documents} documents imported, {present} already present, {skipped} skipped", **counts)
    if summary.counts.get("spans") or summary.counts.get("duplicates"):
        done += tr("; {spans} spans added, {duplicates} already there", **counts)
    if summary.unnamed_layers:  # the import options can name them
        done += tr(
            "; Label Studio users known only by their id went to layers {layers}",
            layers=", ".join(isolate(name) for name in summary.unnamed_layers),
        )
    if summary.counts.get("suggestions"):  # Label Studio predictions, as the import options asked
        done += tr("; {suggestions} predictions added as pending suggestions to review", **counts)
    if summary.counts.get("predictions"):
        done += tr(
            "; {predictions} Label Studio predictions counted, not imported "
            "(the import options can add them as suggestions)",
            **counts,
        )
    if summary.counts.get("predictions_by_id"):
        done += tr(
            "; {predictions_by_id} predictions listed by their id only, so not in the file "
            "(export the tasks from Label Studio with their predictions to import them)",
            **counts,
        )
    problems = [
        tr("{file} was skipped: {reason}", file=isolate(path), reason=explain(why)) for path, why in summary.skipped
    ]
    listed = {path for path, _ in summary.skipped}
    problems += [explain(why) for why in summary.problems if not any(path in str(why) for path in listed)]
    if summary.unit_notes:
        problems.append(
            tr(
                "{n} doccano records have emoji or other characters outside the BMP "
                "before their spans: their offsets were read as UTF-16 units, as "
                "doccano's web UI counts them.",
                n=number(summary.unit_notes),
            )
        )
    return done, problems
