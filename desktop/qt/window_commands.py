"""The main window's commands beyond the File menu: edit, span, document, review,
view and help. Actions reach them through the bindings in `window_actions.py`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from desktop.core.model import Status
from desktop.i18n import tr
from desktop.qt.dialogs import NoteDialog
from desktop.workspace import Changes

if TYPE_CHECKING:
    from desktop.core.model import Span
    from desktop.qt.main_window import MainWindow


class WindowCommands:
    """What the main window's menus and keys do, over its editor, panels and bridge."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    # --- edit -----------------------------------------------------------------------

    def undo(self) -> None:
        self._travel(self.window.bridge.undo())

    def redo(self) -> None:
        self._travel(self.window.bridge.redo())

    def _travel(self, changes: Changes | None) -> None:
        """After undo/redo in another document, show that document (also where only
        a suggestion's decision changed: an undo is never out of sight)."""
        shown = self.window.editor.document_id
        touched = changes.documents | changes.suggestions_changed if changes else set()
        if touched and shown not in touched:
            self.window.open_document(min(touched))

    def label_all(self) -> None:
        from desktop.qt.label_all import LabelAllDialog

        w, editor = self.window, self.window.editor
        selected = editor.selection_for_label()
        span = self._current_span()
        if selected is None:
            if span is None:
                w.statusBar().showMessage(tr("Select a word or a span first"), 5000)
                return
            selected = (span.start, span.end)
        start, end = selected
        if editor.document_id is not None:  # always, with words to label
            LabelAllDialog(w.bridge, editor.text[start:end], editor.document_id, span.label if span else None, w).exec()

    def _current_span(self) -> Span | None:
        editor = self.window.editor
        return editor.spans.get(editor.current) if editor.current else None

    # --- span -----------------------------------------------------------------------

    def note_span(self) -> None:
        span = self._current_span()
        if span is None:
            return
        dialog = NoteDialog(span.note, self.window)
        if dialog.exec():
            self.window.editor.set_note(dialog.note())

    def clear_selection(self) -> None:
        w = self.window
        if w.find_bar.isVisible():  # the first Escape closes the bar and keeps the hit selected
            w.find_bar.close_bar()
            return
        w.editor.select_span(None)
        w.view.clear_selection()

    # --- document -------------------------------------------------------------------

    def step_document(self, offset: int, only_not_done: bool = False) -> None:
        w = self.window
        rows = w.documents.model
        count = rows.rowCount()
        if not count:
            return
        if offset > 0 and not only_not_done and w.active_learning.follows:
            queued = w.active_learning.next_document(w.editor.document_id)
            if queued is not None:  # the model's most uncertain unlabelled document
                w.open_document(queued)
                return
        here = rows.row_of(w.editor.document_id) if w.editor.document_id is not None else -1
        for step in range(1, count + 1):
            row = rows.document_at((here + offset * step) % count)
            if row is not None and (not only_not_done or row.status != Status.DONE):
                w.open_document(row.id)
                return
        w.statusBar().showMessage(tr("Every document is done"), 5000)

    def set_status(self, status: Status) -> None:
        document_id = self.window.editor.document_id
        if document_id is not None:
            self.window.bridge.set_status(document_id, status)

    def filter_documents(self, query: str, status: Status | None) -> None:
        """Filter the list by status at once, by text once the worker found it (`show_found`)."""
        search = self.window.search
        if not query.strip():
            search.cancel()
            self._filter(None, status)
        elif (known := search.known(query)) is not None:
            self._filter(known, status)
        else:
            search.request(query)  # typing goes on meanwhile

    def show_found(self, query: str, ids: set[int]) -> None:
        """A search's result, shown while its query is still the one typed."""
        documents = self.window.documents
        if query == documents.query.text():
            self._filter(ids, documents.status_filter())

    def _filter(self, ids: set[int] | None, status: Status | None) -> None:
        w = self.window
        queue = w.documents.queue_filter()
        if queue is not None:  # the list shows the annotator's queue, so "next document" walks it
            ids = queue if ids is None else ids & queue
        w.documents.model.set_filter(status, ids)
        if w.editor.document_id is not None:
            w.documents.show_current(w.editor.document_id)

    def load_queue(self) -> None:
        """Read the annotator's assigned documents and list them (all documents when none)."""
        from desktop.workspace.project.assignment import queue

        w = self.window
        before = w.documents.queue_filter()
        w.documents.set_queue(queue(w.bridge.workspace))
        if w.documents.queue_filter() != before:  # else the list's filter holds already (no reset)
            self.filter_documents(w.documents.query.text(), w.documents.status_filter())

    # --- suggestions ----------------------------------------------------------------

    def edit_labels(self) -> None:
        from desktop.qt.scheme_dialog import SchemeDialog

        SchemeDialog(self.window.bridge, self.window).exec()

    def gazetteers(self) -> None:
        from desktop.qt.gazetteer_dialog import GazetteerDialog

        GazetteerDialog(self.window.bridge, self.window).exec()

    def propagate(self, checked: bool) -> None:
        self.window.suggestions.propagate = checked
        self.window.settings.set("propagate", checked)

    # --- review -----------------------------------------------------------------------

    def review_mode(self) -> None:
        from desktop.qt.review_window import ReviewWindow

        w = self.window
        if w.review_window is None:
            w.review_window = ReviewWindow(w.bridge, dark=w.view.is_dark())
        if w.editor.document_id is not None:
            w.review_window.open_document(w.editor.document_id)
        w.review_window.show()
        w.review_window.raise_()

    def agreement(self) -> None:
        from desktop.qt.agreement_dialog import AgreementDialog

        dialog = AgreementDialog(self.window.bridge.workspace, self.window)
        dialog.jump_requested.connect(self.jump_to)
        dialog.show()
        self.window.agreement_dialog = dialog

    def jump_to(self, document_id: int, start: int, end: int) -> None:
        """Show a place of the project: the document, scrolled, the range selected."""
        w = self.window
        if w.editor.document_id != document_id:
            w.open_document(document_id)
        w.view.select_range(start, end)
        w.raise_()

    # --- view -----------------------------------------------------------------------

    def zoom(self, step: int) -> None:
        w = self.window
        level = max(-6, min(12, w.settings.get("zoom") + step))
        w.settings.set("zoom", level)
        w.view.set_zoom(level)

    def snap(self, checked: bool) -> None:
        self.window.editor.snap = checked
        self.window.settings.set("snap_to_tokens", checked)

    def dark_theme(self, checked: bool) -> None:
        from desktop.qt.theme import apply_theme

        w = self.window
        w.settings.set("theme", "dark" if checked else "light")
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, checked)
        w.view.set_dark(checked)
        if w.review_window is not None:
            w.review_window.set_dark(checked)

    # --- help -----------------------------------------------------------------------

    def keyboard_shortcuts(self) -> None:
        from desktop.qt.help_dialog import ShortcutsDialog

        ShortcutsDialog(self.window.label_menu.actions(), self.window).exec()

    def about(self) -> None:
        from desktop.qt.help_dialog import show_about

        show_about(self.window)
