"""The choices File → Import… offers once the files are chosen: the same as `barchasb import`.

Normalise Persian text (`--normalize` / `--no-normalize`, on unless the
project says otherwise) and make the digits of numbers Persian
(`--unify-digits`, the project's default). They apply to plain-text files;
annotated files keep their text as written, as on the command line. The
choices are remembered per project for the rest of the session.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from desktop.i18n import tr
from desktop.qt.plain import label

_REMEMBERED: dict[Path, dict[str, bool]] = {}  # project -> the choices last made in this session


class ImportOptionsDialog(QDialog):
    """Two check boxes and Import / Cancel; `choices()` are `import_everything`'s keywords."""

    def __init__(self, initial: dict[str, bool], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import_options")
        self.setWindowTitle(tr("Import"))
        self.normalize_box = QCheckBox(tr("Normalise Persian text (letters, ZWNJ, spacing)"), self)
        self.unify_box = QCheckBox(tr("Make the digits of numbers Persian"), self)
        self.normalize_box.setChecked(initial.get("normalize_text", True))
        self.unify_box.setChecked(initial.get("unify_digits", False))
        self.unify_box.setEnabled(self.normalize_box.isChecked())
        self.normalize_box.toggled.connect(self._on_normalize_toggled)
        note = label(tr("Digits, numbers, dates, times, phone numbers, web and e-mail addresses and "
                        "Latin words are otherwise kept exactly as written. These choices apply to "
                        "plain-text files; annotated files keep their text as it is."), self)
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        buttons.button(QDialogButtonBox.Ok).setText(tr("Import"))  # ours: Qt's own would stay English
        buttons.button(QDialogButtonBox.Cancel).setText(tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        for widget in (self.normalize_box, self.unify_box, note, buttons):
            layout.addWidget(widget)

    def _on_normalize_toggled(self, checked: bool) -> None:
        # Text that is not normalised is stored verbatim, digits included.
        self.unify_box.setEnabled(checked)

    def choices(self) -> dict[str, bool]:
        normalize = self.normalize_box.isChecked()
        return {"normalize_text": normalize, "unify_digits": normalize and self.unify_box.isChecked()}


def ask_import_options(parent: QWidget, project: Path, defaults: dict[str, bool]) -> dict[str, bool] | None:
    """The analyst's choices for importing into `project` (None if cancelled),
    starting from the ones last made for it in this session, else `defaults`."""
    dialog = ImportOptionsDialog(_REMEMBERED.get(Path(project), defaults), parent)
    if dialog.exec() != QDialog.Accepted:
        return None
    _REMEMBERED[Path(project)] = dialog.choices()
    return dialog.choices()
