"""The main window's File menu: projects, import, export, merge, annotator.

Dialogs are imported where they open: the window starts without loading them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QMenu

from desktop.i18n import isolate, tr
from desktop.qt.reasons import explain_error
from desktop.qt.tasks import Task, run_with_progress

if TYPE_CHECKING:
    from desktop.qt.main_window import MainWindow
    from desktop.workspace.imports.everything import ImportSummary
    from desktop.workspace.merge.projects import MergeReport
    from desktop.workspace.own_writes import JournalMark, OwnWrites


class FileCommands:
    """What the File menu does, for one main window (the dialogs' parent)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def new_project(self) -> None:
        from desktop.qt.project_dialogs import choose_new_project, start_folder

        w = self.window
        path = choose_new_project(w, start_folder(w.bridge.workspace.path))
        if path is None:
            return
        if path.exists():  # never replaced: a project file is someone's work
            w.show_error(
                tr(
                    "{file} already exists: choose another name, or open it with File → Open project…",
                    file=isolate(str(path)),
                )
            )
            return
        w.project_new_requested.emit(str(path))

    def open_project(self) -> None:
        from desktop.qt.project_dialogs import choose_project, start_folder

        w = self.window
        path = choose_project(w, start_folder(w.bridge.workspace.path))
        if path is not None:
            w.project_open_requested.emit(str(path))

    def new_server_project(self) -> None:
        """A new project in a database of a PostgreSQL server, named by its URL."""
        from desktop.qt.server_dialogs import ask_server_url

        url = ask_server_url(self.window, tr("New server project"))
        if url:
            self.window.project_new_requested.emit(url)

    def open_server_project(self) -> None:
        """A project on a PostgreSQL server, named by its URL (the password is asked if the server wants one)."""
        from desktop.qt.server_dialogs import ask_server_url

        url = ask_server_url(self.window, tr("Open server project"))
        if url:
            self.window.project_open_requested.emit(url)

    def recent_menu(self) -> QMenu:
        from desktop.qt.recent_menu import RecentMenu

        menu = RecentMenu(self.window.settings, self.window)
        menu.project_chosen.connect(self.window.project_open_requested)
        return menu

    def import_files(self) -> None:
        from desktop.qt.project_dialogs import choose_files

        w = self.window
        paths = choose_files(
            w,
            tr("Import"),
            tr(
                "Text and annotated files (*.txt *.jsonl *.json *.conll *.tsv);;"
                "brat collections: choose their .ann files (*.ann);;All files (*)"
            ),
        )
        if not paths:
            return
        # brat: the .ann files chosen stand for their folder, read whole as one collection
        paths = list(dict.fromkeys(str(Path(p).parent) if p.endswith(".ann") else p for p in paths))
        from desktop.qt.import_dialog import ask_import_options

        workspace = w.bridge.workspace
        options = ask_import_options(w, workspace.path, workspace.plain_text_defaults(), paths)
        if options is not None:  # the choices `barchasb import` offers (plain text; doccano's unit; Label Studio's)
            self.import_paths(paths, **options)

    def import_paths(self, paths: list[str], **options: Any) -> Task:
        """Import files of any supported format in the background; reload when done.
        `options` go to `import_everything` as they are (e.g. `skip_invalid=True`)."""
        from desktop.workspace.imports.everything import import_everything
        from desktop.workspace.own_writes import writing_apart

        w = self.window
        project, actor = w.bridge.workspace, w.bridge.workspace.annotator.name
        seen = w.watch.mark_seen()
        return run_with_progress(
            w,
            tr("Importing…"),
            lambda progress, _: writing_apart(
                project, lambda ws: import_everything(ws, actor, paths, progress, **options)
            ),
            lambda done: self._imported(done[0], done[1], seen, options),
            lambda exc: w.show_error(explain_error(exc)),
        )

    def _imported(self, summary: ImportSummary, writes: OwnWrites, seen: JournalMark, options: dict[str, Any]) -> None:
        """Reload; for each file refused for bad records, ask whether to import its valid
        records (then import those files again, skipping the bad records)."""
        from desktop.qt.import_problems import ask_about_bad_records, import_message

        w = self.window
        self._acknowledge(seen, writes)  # our own import, not a change made elsewhere
        w.rebuild_labels()  # new labels: their hotkeys work at once
        w.reload_documents()
        again = [result.path for result in summary.refused if ask_about_bad_records(w, result)]
        done, problems = import_message(summary)
        if problems:
            w.show_error("\n".join([done, *problems]))
        else:
            w.statusBar().showMessage(done, 8000)
        if again:
            self.import_paths(again, **{**options, "skip_invalid": True})

    def export(self) -> None:
        from desktop.qt.export_dialog import ExportDialog

        ExportDialog(self.window.bridge.workspace, self.window).exec()

    def _acknowledge(self, seen: JournalMark, writes: OwnWrites) -> None:
        """The worker's writes are the window's own: not news at the next look, nor (while the
        search index is built) after the build's commits; anything else committed meanwhile is."""
        mark = self.window.watch.acknowledge(seen, writes)
        if mark is not None:
            self.window.search.own_writes_seen(mark)

    def merge(self) -> None:
        from desktop.qt.project_dialogs import choose_files
        from desktop.workspace.merge.projects import merge_projects
        from desktop.workspace.own_writes import writing_apart

        w = self.window
        paths = choose_files(w, tr("Merge projects"), tr("Barchasb projects (*.barchasb);;All files (*)"))
        if not paths:
            return
        project, actor = w.bridge.workspace, w.bridge.workspace.annotator.name
        seen = w.watch.mark_seen()
        run_with_progress(
            w,
            tr("Merging…"),
            lambda progress, _: writing_apart(project, lambda ws: merge_projects(ws, paths, progress, actor=actor)),
            lambda done: self._merged(done[0], done[1], seen),
            lambda exc: w.show_error(explain_error(exc)),
        )

    def _merged(self, report: MergeReport, writes: OwnWrites, seen: JournalMark) -> None:
        w = self.window
        self._acknowledge(seen, writes)  # our own merge, not a change made elsewhere
        w.rebuild_labels()  # new labels: their hotkeys work at once
        w.reload_documents()
        w.bridge.changed.emit(report.changes)
        added = sum(len(f.documents_added) for f in report.files)
        w.statusBar().showMessage(
            tr("Merged {files} files: {documents} new documents", files=len(report.files), documents=added), 8000
        )

    def switch_annotator(self) -> None:
        from desktop.qt.dialogs import AnnotatorDialog

        w = self.window
        login = w.bridge.workspace.team_login
        if login:  # the server decides whose layer a login writes: no name typed here could change it
            w.show_error(
                tr(
                    "On a team project you work as your login's annotator, {name}: to work as someone else, "
                    "open the project with their login.",
                    name=isolate(login),
                )
            )
            return
        dialog = AnnotatorDialog(w.bridge.workspace.annotator.name, w)
        if dialog.exec() and dialog.name():
            if w.bridge.set_annotator(dialog.name()) is None:
                return
            w.settings.set("annotator", dialog.name())
            current = w.editor.document_id
            w.reload_documents()
            if current is not None:
                w.open_document(current)
