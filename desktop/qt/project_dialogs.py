"""Choosing files: a project to open or create, files to import or merge, where to export.

One QFileDialog object rather than the static helpers: the platform's own
dialog is still used where there is one, and where Qt draws it (no desktop
portal, offscreen tests) its labels are ours, translated, and a test can find
it as the active modal widget and type a path into it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from desktop.i18n import tr

SUFFIX = "barchasb"


def start_folder(current: Path) -> Path:
    """Where the dialogs start: the open project's folder, or the home folder
    when that is Barchasb's own data folder (the sample project's)."""
    from desktop.paths import data_dir

    folder = current.parent
    return Path.home() if folder == data_dir() else folder


def _dialog(
    parent: QWidget | None, title: str, accept: str, folder: Path | None, filters: str | None = None
) -> QFileDialog:
    filters = filters or tr("Barchasb projects (*.barchasb);;All files (*)")
    dialog = QFileDialog(parent, title, str(folder or ""), filters)
    dialog.setObjectName("project_file_dialog")
    dialog.setLabelText(QFileDialog.DialogLabel.Accept, accept)
    dialog.setLabelText(QFileDialog.DialogLabel.Reject, tr("Cancel"))
    dialog.setLabelText(QFileDialog.DialogLabel.LookIn, tr("Look in:"))
    dialog.setLabelText(QFileDialog.DialogLabel.FileName, tr("File name:"))
    dialog.setLabelText(QFileDialog.DialogLabel.FileType, tr("Files of type:"))
    return dialog


def _chosen(dialog: QFileDialog) -> Path | None:
    if not dialog.exec() or not dialog.selectedFiles():
        return None
    return Path(dialog.selectedFiles()[0])


def choose_project(parent: QWidget | None, folder: Path | None = None) -> Path | None:
    """An existing project file, or None when the analyst cancels."""
    dialog = _dialog(parent, tr("Open project"), tr("Open"), folder)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return _chosen(dialog)


def choose_new_project(parent: QWidget | None, folder: Path | None = None) -> Path | None:
    """Where a new project goes (".barchasb" added when no suffix is typed), or None.
    An existing file is refused by the caller, never replaced, so the dialog does
    not offer to overwrite it."""
    dialog = _dialog(parent, tr("New project"), tr("Create"), folder)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setDefaultSuffix(SUFFIX)
    dialog.setOption(QFileDialog.Option.DontConfirmOverwrite)
    return _chosen(dialog)


def choose_files(parent: QWidget | None, title: str, filters: str, folder: Path | None = None) -> list[str]:
    """Existing files to read (import, merge); [] when the analyst cancels."""
    dialog = _dialog(parent, title, tr("Open"), folder, filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    return dialog.selectedFiles() if dialog.exec() else []


def choose_file(parent: QWidget | None, title: str, filters: str, folder: Path | None = None) -> Path | None:
    """One existing file to read, or None."""
    dialog = _dialog(parent, title, tr("Open"), folder, filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return _chosen(dialog)


def choose_target(parent: QWidget | None, title: str, start: str, folder_only: bool) -> Path | None:
    """Where an export goes: a file to write (its replacement confirmed), or a folder."""
    dialog = _dialog(parent, title, tr("Choose"), None, tr("All files (*)"))
    dialog.selectFile(start)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave if not folder_only else QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.Directory if folder_only else QFileDialog.FileMode.AnyFile)
    if folder_only:
        dialog.setOption(QFileDialog.Option.ShowDirsOnly)
    return _chosen(dialog)
