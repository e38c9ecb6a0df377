"""The main window's action handlers (`_on_<action id>`), kept apart from wiring."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from desktop.core.model import Status
from desktop.i18n import isolate, tr
from desktop.qt.dialogs import AnnotatorDialog, NoteDialog
from desktop.qt.tasks import run_with_progress


class WindowCommands:
    """Mixed into MainWindow; relies on its editor, bridge, panels and settings."""

    # --- file -----------------------------------------------------------------------

    def _on_new_project(self) -> None:
        from desktop.qt.project_dialogs import choose_new_project, start_folder

        path = choose_new_project(self, start_folder(self.bridge.workspace.path))
        if path is None:
            return
        if path.exists():  # never replaced: a project file is someone's work
            self.show_error(tr("{file} already exists: choose another name, or open it with "
                               "File → Open project…", file=isolate(str(path))))
            return
        self.project_new_requested.emit(str(path))

    def _on_open_project(self) -> None:
        from desktop.qt.project_dialogs import choose_project, start_folder

        path = choose_project(self, start_folder(self.bridge.workspace.path))
        if path is not None:
            self.project_open_requested.emit(str(path))

    def _menu_open_recent(self):
        from desktop.qt.recent_menu import RecentMenu

        menu = RecentMenu(self.settings, self)
        menu.project_chosen.connect(self.project_open_requested)
        return menu

    def _on_import_files(self) -> None:
        from desktop.qt.project_dialogs import choose_files

        paths = choose_files(self, tr("Import"),
                             tr("Text and annotated files (*.txt *.jsonl *.json *.conll *.tsv);;All files (*)"))
        if not paths:
            return
        from desktop.qt.import_dialog import ask_import_options
        from desktop.workspace.importing import plain_text_defaults

        workspace = self.bridge.workspace
        options = ask_import_options(self, workspace.path, plain_text_defaults(workspace.repo))
        if options is not None:  # the choices `barchasb import` offers, for plain text
            self.import_paths(paths, **options)

    def import_paths(self, paths: list[str], **options):
        """Import files of any supported format in the background; reload when done.
        `options` go to `import_everything` as they are (e.g. `skip_invalid=True`)."""
        from desktop.workspace.transfer import import_everything

        project, actor = self.bridge.workspace.path, self.bridge.workspace.annotator.name
        return run_with_progress(
            self, tr("Importing…"),
            lambda progress, _: import_everything(project, actor, paths, progress, **options),
            lambda summary: self._on_imported(summary, options), lambda exc: self.show_error(str(exc)))

    def _on_imported(self, summary, options: dict | None = None) -> None:
        """Reload; for each file refused for bad records, ask whether to import its valid
        records (then import those files again, skipping the bad records)."""
        from desktop.qt.import_problems import ask_about_bad_records, import_message

        self.rebuild_labels()  # new labels: their hotkeys work at once
        self.reload_documents()
        self.watch.acknowledge()  # our own import, not a change made elsewhere
        again = [result.path for result in summary.refused if ask_about_bad_records(self, result)]
        done, problems = import_message(summary)
        if problems:
            self.show_error("\n".join([done, *problems]))
        else:
            self.statusBar().showMessage(done, 8000)
        if again:
            self.import_paths(again, **{**(options or {}), "skip_invalid": True})

    def _on_export(self) -> None:
        from desktop.qt.export_dialog import ExportDialog

        ExportDialog(self.bridge.workspace, self).exec()

    def _on_merge(self) -> None:
        from desktop.workspace.merge import merge_projects

        from desktop.qt.project_dialogs import choose_files

        paths = choose_files(self, tr("Merge projects"), tr("Barchasb projects (*.barchasb);;All files (*)"))
        if not paths:
            return
        project, actor = self.bridge.workspace.path, self.bridge.workspace.annotator.name
        return run_with_progress(
            self, tr("Merging…"), lambda progress, _: merge_projects(project, paths, progress, actor=actor),
            self._on_merged, lambda exc: self.show_error(str(exc)))

    def _on_merged(self, report) -> None:
        self.rebuild_labels()  # new labels: their hotkeys work at once
        self.reload_documents()
        self.watch.acknowledge()  # our own merge, not a change made elsewhere
        self.bridge.changed.emit(report.changes)
        added = sum(len(f.documents_added) for f in report.files)
        self.statusBar().showMessage(tr("Merged {files} files: {documents} new documents",
                                        files=len(report.files), documents=added), 8000)

    # --- suggestions ----------------------------------------------------------------

    def _on_accept_suggestion(self) -> None:
        self.suggestions.accept()

    def _on_reject_suggestion(self) -> None:
        self.suggestions.reject()

    def _on_next_suggestion(self) -> None:
        self.suggestions.step(True)

    def _on_previous_suggestion(self) -> None:
        self.suggestions.step(False)

    def _on_accept_all_suggestions(self) -> None:
        self.suggestions.accept_all()

    def _on_reject_all_suggestions(self) -> None:
        self.suggestions.reject_all()

    def _on_suggest_document(self) -> None:
        self.suggestions.run(whole_project=False)

    def _on_suggest_project(self) -> None:
        self.suggestions.run(whole_project=True)

    def _on_train_model(self) -> None:
        self.suggestions.train()

    def _on_edit_labels(self) -> None:
        from desktop.qt.scheme_dialog import SchemeDialog

        SchemeDialog(self.bridge, self).exec()

    def _on_gazetteers(self) -> None:
        from desktop.qt.gazetteer_dialog import GazetteerDialog

        GazetteerDialog(self.bridge, self).exec()

    def _on_propagate(self, checked: bool) -> None:
        self.suggestions.propagate = checked
        self.settings.set("propagate", checked)

    # --- review -----------------------------------------------------------------------

    def _on_review_mode(self) -> None:
        from desktop.qt.review_window import ReviewWindow

        if getattr(self, "review_window", None) is None:
            self.review_window = ReviewWindow(self.bridge, dark=self.view.is_dark())
        if self.editor.document_id is not None:
            self.review_window.open_document(self.editor.document_id)
        self.review_window.show()
        self.review_window.raise_()

    def _on_agreement(self) -> None:
        from desktop.qt.agreement_dialog import AgreementDialog

        dialog = AgreementDialog(self.bridge.workspace, self)
        dialog.jump_requested.connect(self.jump_to)
        dialog.show()
        self.agreement_dialog = dialog

    def jump_to(self, document_id: int, start: int, end: int) -> None:
        """Show a place of the project: the document, scrolled, the range selected."""
        if self.editor.document_id != document_id:
            self.open_document(document_id)
        self.view.select_range(start, end)
        self.raise_()

    def _on_switch_annotator(self) -> None:
        dialog = AnnotatorDialog(self.bridge.workspace.annotator.name, self)
        if dialog.exec() and dialog.name():
            if self.bridge.call("set_annotator", dialog.name()) is None:
                return
            self.settings.set("annotator", dialog.name())
            current = self.editor.document_id
            self.reload_documents()
            if current is not None:
                self.open_document(current)

    def _on_quit(self) -> None:
        self.close()

    # --- edit -----------------------------------------------------------------------

    def _on_undo(self) -> None:
        self._travel(self.bridge.call("undo"))

    def _on_redo(self) -> None:
        self._travel(self.bridge.call("redo"))

    def _travel(self, changes) -> None:
        """After undo/redo in another document, show that document."""
        if changes and self.editor.document_id not in changes.documents and changes.documents:
            self.open_document(min(changes.documents))

    def _on_label_all(self) -> None:
        from desktop.qt.label_all import LabelAllDialog

        selected = self.editor.selection_for_label()
        span = self.editor.spans.get(self.editor.current) if self.editor.current else None
        if selected is None and span is None:
            self.statusBar().showMessage(tr("Select a word or a span first"), 5000)
            return
        start, end = selected if selected else (span.start, span.end)
        LabelAllDialog(self.bridge, self.editor.text[start:end], self.editor.document_id,
                       span.label if span else None, self).exec()

    def _on_find(self) -> None:
        self.find_bar.open()

    def _on_find_next(self) -> None:
        self.find_bar.step(True)

    def _on_find_previous(self) -> None:
        self.find_bar.step(False)

    # --- span -----------------------------------------------------------------------

    def _on_next_span(self) -> None:
        self.editor.step_span(True)

    def _on_previous_span(self) -> None:
        self.editor.step_span(False)

    def _on_delete_span(self) -> None:
        self.editor.delete_current()

    def _on_note_span(self) -> None:
        span = self.editor.spans.get(self.editor.current) if self.editor.current else None
        if span is None:
            return
        dialog = NoteDialog(span.note, self)
        if dialog.exec():
            self.editor.set_note(dialog.note())

    def _on_start_earlier(self) -> None:
        self.editor.resize_current("start", -1)

    def _on_start_later(self) -> None:
        self.editor.resize_current("start", +1)

    def _on_end_later(self) -> None:
        self.editor.resize_current("end", +1)

    def _on_end_earlier(self) -> None:
        self.editor.resize_current("end", -1)

    def _on_clear_selection(self) -> None:
        if self.find_bar.isVisible():  # the first Escape closes the bar and keeps the hit selected
            self.find_bar.close_bar()
            return
        self.editor.select_span(None)
        self.view.clear_selection()

    # --- document -------------------------------------------------------------------

    def _step_document(self, offset: int, only_not_done: bool = False) -> None:
        rows = self.documents.model
        count = rows.rowCount()
        if not count:
            return
        here = rows.row_of(self.editor.document_id) if self.editor.document_id is not None else -1
        for step in range(1, count + 1):
            row = rows.document_at((here + offset * step) % count)
            if row is not None and (not only_not_done or row.status != Status.DONE):
                self.open_document(row.id)
                return
        self.statusBar().showMessage(tr("Every document is done"), 5000)

    def _on_previous_document(self) -> None:
        self._step_document(-1)

    def _on_next_document(self) -> None:
        self._step_document(+1)

    def _on_next_not_done(self) -> None:
        self._step_document(+1, only_not_done=True)

    def _on_mark_done(self) -> None:
        if self.editor.document_id is not None:
            self.bridge.call("set_status", self.editor.document_id, Status.DONE)

    def _on_reopen(self) -> None:
        if self.editor.document_id is not None:
            self.bridge.call("set_status", self.editor.document_id, Status.IN_PROGRESS)

    # --- view -----------------------------------------------------------------------

    def _on_zoom_in(self) -> None:
        self._zoom(+1)

    def _on_zoom_out(self) -> None:
        self._zoom(-1)

    def _zoom(self, step: int) -> None:
        level = max(-6, min(12, self.settings.get("zoom") + step))
        self.settings.set("zoom", level)
        self.view.set_zoom(level)

    def _on_snap(self, checked: bool) -> None:
        self.editor.snap = checked
        self.settings.set("snap_to_tokens", checked)

    def _on_dark_theme(self, checked: bool) -> None:
        from desktop.qt.theme import apply_theme

        self.settings.set("theme", "dark" if checked else "light")
        apply_theme(QApplication.instance(), checked)
        self.view.set_dark(checked)
        if getattr(self, "review_window", None) is not None:
            self.review_window.set_dark(checked)

    def _on_persian_ui(self) -> None:
        self.language_change_requested.emit("fa")

    def _on_english_ui(self) -> None:
        self.language_change_requested.emit("en")

    # --- help -----------------------------------------------------------------------

    def _on_keyboard_shortcuts(self) -> None:
        from desktop.qt.help_dialog import ShortcutsDialog

        ShortcutsDialog(self._label_menu.actions(), self).exec()

    def _on_about(self) -> None:
        from desktop.qt.help_dialog import show_about

        show_about(self)

    def _on_filter_changed(self, query: str, status) -> None:
        from desktop.workspace.search import search_documents

        ids = search_documents(self.bridge.workspace, query) if query.strip() else None
        self.documents.model.set_filter(status, ids)
        if self.editor.document_id is not None:
            self.documents.show_current(self.editor.document_id)
