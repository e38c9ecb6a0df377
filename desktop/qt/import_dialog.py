"""The choices File → Import… offers once the files are chosen: the same as `barchasb import`.

Normalise Persian text (`--normalize` / `--no-normalize`, on unless the
project says otherwise) and make the digits of numbers Persian
(`--unify-digits`, the project's default). They apply to plain-text files;
annotated files keep their text as written, as on the command line. When a
chosen file is in doccano's format, the unit its offsets count
(`--offsets utf16|codepoints`) is asked too; for Label Studio files, the
names of its users' layers (`--annotator-map 1=sara`) and whether its
predictions (a model's pre-annotations) become pending suggestions to review
(`--predictions suggestions`; else they are only counted). The choices are
remembered per project for the rest of the session.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QDialogButtonBox, QLineEdit, QVBoxLayout, QWidget

from desktop.core.errors import InputError
from desktop.formats.detect import sniff_format
from desktop.formats.offsets import CODEPOINTS, UTF16
from desktop.i18n import N_, tr
from desktop.qt.plain import label
from desktop.workspace.imports.annotators import parse_annotator_map

_REMEMBERED: dict[Path, dict] = {}  # project -> the choices last made in this session
OFFSETS = (
    (UTF16, N_("UTF-16 units, as doccano's web UI counts them (an emoji counts two)")),
    (CODEPOINTS, N_("Unicode code points (Python, spaCy; an emoji counts one)")),
)


class ImportOptionsDialog(QDialog):
    """Two check boxes (and, for doccano files, their offset unit; for Label Studio files, the
    users' layers and whether to import predictions) and Import / Cancel; `choices()` are
    `import_everything`'s keywords."""

    def __init__(
        self, initial: dict, parent: QWidget | None = None, doccano: bool = False, label_studio: bool = False
    ) -> None:
        super().__init__(parent)
        self.setObjectName("import_options")
        self.setWindowTitle(tr("Import"))
        self.normalize_box = QCheckBox(tr("Normalise Persian text (letters, ZWNJ, spacing)"), self)
        self.unify_box = QCheckBox(tr("Make the digits of numbers Persian"), self)
        self.normalize_box.setObjectName("normalize")
        self.unify_box.setObjectName("unify_digits")
        self.normalize_box.setChecked(initial.get("normalize_text", True))
        self.unify_box.setChecked(initial.get("unify_digits", False))
        self.unify_box.setEnabled(self.normalize_box.isChecked())
        self.normalize_box.toggled.connect(self._on_normalize_toggled)
        note = label(
            tr(
                "Digits, numbers, dates, times, phone numbers, web and e-mail addresses and "
                "Latin words are otherwise kept exactly as written. These choices apply to "
                "plain-text files; annotated files keep their text as it is."
            ),
            self,
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Import"))  # ours: Qt's own would stay English
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        self.offsets = self._offsets(initial) if doccano else None
        self.users = self._users(initial) if label_studio else None
        self.users_problem = label("", self)
        self.users_problem.setVisible(False)
        self.predictions_box = self._predictions(initial) if label_studio else None
        layout = QVBoxLayout(self)
        unit = (label(tr("Offsets in doccano files count:"), self), self.offsets) if doccano else ()
        users = (
            (
                label(
                    tr(
                        "Layers of Label Studio users (user id or e-mail = name, separated by "
                        "commas; unnamed users become ls-ID):"
                    ),
                    self,
                ),
                self.users,
                self.users_problem,
                self.predictions_box,
            )
            if label_studio
            else ()
        )
        for widget in (self.normalize_box, self.unify_box, note, *unit, *users, buttons):
            layout.addWidget(widget)
        self._tab_order()

    def _tab_order(self) -> None:
        """Tab goes down the dialog as it reads (the buttons were made before the fields)."""
        ok, cancel = QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel
        chain: list[QWidget | None] = [
            self.normalize_box,
            self.unify_box,
            self.offsets,
            self.users,
            self.predictions_box,
        ]
        chain += [self.buttons.button(ok), self.buttons.button(cancel)]
        shown = [widget for widget in chain if widget is not None]
        for first, second in zip(shown, shown[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _offsets(self, initial: dict) -> QComboBox:
        box = QComboBox(self)
        box.setObjectName("offsets")
        for value, text in OFFSETS:
            box.addItem(tr(text), value)
        box.setCurrentIndex(max(0, box.findData(initial.get("offsets") or UTF16)))
        return box

    def _users(self, initial: dict) -> QLineEdit:
        edit = QLineEdit(", ".join(f"{key}={name}" for key, name in initial.get("annotator_map", ())), self)
        edit.setObjectName("annotator_map")
        edit.setPlaceholderText("1=sara, 2=omid")
        return edit

    def _predictions(self, initial: dict) -> QCheckBox:
        box = QCheckBox(tr("Import the model's &predictions as suggestions to review"), self)
        box.setObjectName("predictions")
        box.setToolTip(
            tr(
                "Label Studio's predictions (a model's pre-annotations) become pending suggestions "
                "in your layer, to accept or reject one by one. Left unticked, they are only counted."
            )
        )
        box.setChecked(bool(initial.get("predictions", False)))
        return box

    def _annotator_map(self) -> tuple:
        """The pairs written in the users field (raises InputError when malformed)."""
        text = self.users.text() if self.users is not None else ""
        return parse_annotator_map(part for part in text.split(",") if part.strip())

    def accept(self) -> None:
        try:
            self._annotator_map()
        except InputError:  # stay open: the analyst fixes the field
            self.users_problem.setText(tr("Write each user as ID=NAME or E-MAIL=NAME, once."))
            self.users_problem.setVisible(True)
            return
        super().accept()

    def _on_normalize_toggled(self, checked: bool) -> None:
        # Text that is not normalised is stored verbatim, digits included.
        self.unify_box.setEnabled(checked)

    def choices(self) -> dict:
        normalize = self.normalize_box.isChecked()
        chosen: dict[str, object] = {
            "normalize_text": normalize,
            "unify_digits": normalize and self.unify_box.isChecked(),
        }
        if self.offsets is not None:  # shown, so stated: no guess to warn about
            chosen["offsets"] = self.offsets.currentData()
        if self.users is not None:
            chosen["annotator_map"] = self._annotator_map()
        if self.predictions_box is not None:
            chosen["predictions"] = self.predictions_box.isChecked()
        return chosen


def ask_import_options(parent: QWidget, project: Path, defaults: dict, paths: Iterable[str | Path] = ()) -> dict | None:
    """The analyst's choices for importing `paths` into `project` (None if cancelled),
    starting from the ones last made for it in this session, else `defaults`."""
    formats = {sniff_format(Path(path)) for path in paths}
    initial = {**defaults, **_REMEMBERED.get(Path(project), {})}
    dialog = ImportOptionsDialog(initial, parent, "doccano" in formats, "label-studio" in formats)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    _REMEMBERED[Path(project)] = {**_REMEMBERED.get(Path(project), {}), **dialog.choices()}
    return dialog.choices()
