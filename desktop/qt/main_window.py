"""The main window: document list, document view, label palette, span list.

Wiring only: the editor does the labelling, the bridge talks to the
workspace, panels show lists. Actions come from the table in `actions.py`,
bound to their handlers in `window_actions.py`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QFrame, QMainWindow, QMenu, QScrollArea, QSplitter, QVBoxLayout, QWidget

from desktop.core.model import Status
from desktop.i18n import N_, is_rtl, language, number, tr
from desktop.qt.actions import ACTIONS, MENUS, label_shortcuts
from desktop.qt.active_learning import ActiveLearning
from desktop.qt.bridge import WorkspaceBridge
from desktop.qt.document_list import STATUS_TEXT
from desktop.qt.document_search import DocumentSearch
from desktop.qt.document_view import DocumentView
from desktop.qt.editor import Editor
from desktop.qt.file_commands import FileCommands
from desktop.qt.find_bar import FindBar
from desktop.qt.heap import Heap
from desktop.qt.lazy_dock import LazyDock
from desktop.qt.palette import LabelPalette
from desktop.qt.panels import DocumentPanel, SpanPanel
from desktop.qt.plain import label as plain_label
from desktop.qt.plain import message
from desktop.qt.relation_editor import RelationEditor
from desktop.qt.relation_panel import RelationPanel
from desktop.qt.span_details import SpanDetailsPanel
from desktop.qt.step_text import describe_step
from desktop.qt.suggestion_layer import SuggestionLayer
from desktop.qt.watch import ProjectWatch
from desktop.qt.window_actions import window_bindings
from desktop.qt.window_commands import WindowCommands
from desktop.settings import Settings
from desktop.workspace import Changes

if TYPE_CHECKING:
    from desktop.qt.agreement_dialog import AgreementDialog
    from desktop.qt.entity_panel import EntityPanel
    from desktop.qt.review_window import ReviewWindow

PROPAGATE_AFTER_MS = 0  # after the new span's paint (posted first); the search then runs in a worker
BACKUP_AFTER_MS = 500  # after the first paint and the work queued behind it (a zero timer came first)


class MainWindow(QMainWindow):
    language_change_requested = Signal(str)
    project_open_requested = Signal(str)
    project_new_requested = Signal(str)

    def __init__(self, bridge: WorkspaceBridge, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.settings = settings
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft if is_rtl() else Qt.LayoutDirection.LeftToRight)
        self.heap = Heap(self)  # the open document's objects out of the collector's walks
        self.view = DocumentView(self)
        self.editor = Editor(bridge, self.view, self)
        self.editor.snap = settings.get("snap_to_tokens")
        self.find_bar = FindBar(self.view, self)
        self.documents = DocumentPanel(self)
        self.palette_panel = LabelPalette(self)
        self.span_panel = SpanPanel(self)
        self.suggestions = SuggestionLayer(
            self.editor,
            self.view,
            bridge,
            propagate=settings.get("propagate"),
            show_status=self.statusBar().showMessage,
            parent=self,
        )
        self.active_learning = ActiveLearning(bridge, self.statusBar().showMessage, self)
        self.relations = RelationEditor(bridge, self.editor, self.view, self.statusBar().showMessage)
        self.relation_panel = RelationPanel(self)
        self.details_panel = SpanDetailsPanel(bridge, self.editor, self.statusBar().showMessage, self)
        self.files = FileCommands(self)
        self.commands = WindowCommands(self)
        self.search = DocumentSearch(bridge.workspace, self)
        self.review_window: ReviewWindow | None = None
        self.agreement_dialog: AgreementDialog | None = None
        self.actions_by_id: dict[str, QAction] = {}
        self._build_layout()
        self._build_actions()
        self._build_label_actions()
        self._build_status_bar()
        self._connect()
        self.view.set_zoom(settings.get("zoom"))
        self.view.set_dark(settings.get("theme") == "dark")
        self.reload_documents()
        self._update_title()
        self.watch = ProjectWatch(bridge.workspace, self)
        self.watch.changed_elsewhere.connect(self.refresh_from_disk)
        self.watch.only_derived = self.search.only_the_index_changed
        self.search.look_first = self.watch.check
        self.watch.connection_changed.connect(self._on_connection_changed)
        # On open, in the background, if the project changed since the last: asked once the window
        # is painted (the check loads the backup module and lists the backups: ~8 ms of start-up).
        self._first_backup = QTimer(self, singleShot=True, interval=BACKUP_AFTER_MS)
        self._first_backup.timeout.connect(self.watch.backup)
        self._first_backup.start()

    # --- construction -------------------------------------------------------------

    def _build_layout(self) -> None:
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.view, 1)
        column.addWidget(self.find_bar)
        self.setCentralWidget(central)
        left = QDockWidget(tr("Documents"), self)
        left.setObjectName("documents")
        left.setWidget(self.documents)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, left)
        side = QSplitter(Qt.Orientation.Vertical, self)
        side.addWidget(self.palette_panel)
        side.addWidget(self.span_panel)
        side.setStretchFactor(1, 1)
        right = QDockWidget(tr("Labels and spans"), self)
        right.setObjectName("labels")
        right.setWidget(side)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, right)
        relations = QDockWidget(tr("Relations"), self)
        relations.setObjectName("relations")
        relations.setWidget(self.relation_panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, relations)
        self._add_identity_docks(relations)
        self.relation_panel.set_types(self.relations.type_choices())
        self.palette_panel.set_labels(list(self.bridge.workspace.labels().values()))
        self.resize(1280, 800)

    def _add_identity_docks(self, relations: QDockWidget) -> None:
        """The span's details beside the relations; the entity registry tabbed with them."""
        details = QDockWidget(tr("Span details"), self)
        details.setObjectName("span_details")
        details.setWidget(_scrolling(self.details_panel))
        self.splitDockWidget(relations, details, Qt.Orientation.Vertical)
        entities = LazyDock(tr("Entities"), "entities", self._build_entity_panel, self)  # behind: built when seen
        self.tabifyDockWidget(relations, entities)
        relations.raise_()
        self.entities_dock = entities

    def _build_entity_panel(self) -> EntityPanel:
        from desktop.qt.entity_panel import EntityPanel

        panel = EntityPanel(self.bridge, self)
        panel.mention_activated.connect(self._on_mention_activated)
        return panel

    @property
    def entity_panel(self) -> EntityPanel:
        """The entities panel, built on first use (its dock starts behind the relations)."""
        return self.entities_dock.panel()

    def show_entities(self) -> None:
        """Bring the entities panel up and put the keyboard in its filter."""
        self.entities_dock.show()
        self.entities_dock.raise_()
        self.entity_panel.query.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _build_actions(self) -> None:
        menus = {name: self.menuBar().addMenu(tr(name)) for name in MENUS}
        bindings = window_bindings(self)
        bindings.check(ACTIONS)
        for spec in ACTIONS:
            action = QAction(tr(spec.text), self)
            action.setShortcuts([QKeySequence(s) for s in spec.shortcuts])
            action.setShortcutContext(
                Qt.ShortcutContext.WidgetShortcut if spec.in_text else Qt.ShortcutContext.WindowShortcut
            )
            if spec.in_text:
                self.view.addAction(action)
            action.setCheckable(spec.checkable)
            bindings.connect(action, spec)
            menus[spec.menu].addAction(action)
            self.addAction(action)
            self.actions_by_id[spec.id] = action
        self.actions_by_id["snap"].setChecked(self.editor.snap)
        self.actions_by_id["propagate"].setChecked(self.suggestions.propagate)
        self.actions_by_id["next_by_uncertainty"].setChecked(self.active_learning.follows)
        self.actions_by_id["dark_theme"].setChecked(self.settings.get("theme") == "dark")
        self.actions_by_id["persian_ui"].setChecked(language() == "fa")
        self.actions_by_id["english_ui"].setChecked(language() == "en")
        self.label_menu = QMenu(tr("Labels"), self)  # before Help, which stays last
        self.menuBar().insertMenu(menus["Help"].menuAction(), self.label_menu)

    def _build_label_actions(self) -> None:
        """Each label's hotkey labels the selection (or relabels the chosen span);
        Alt+hotkey takes exact characters; Ctrl+hotkey adds a second label on the same words."""
        for label in self.bridge.workspace.labels().values():
            name = label.name_fa if language() == "fa" else label.name_en
            keys = label_shortcuts(label.hotkey)
            for variant, modifier, text in (
                ("", "", name),
                ("_exact", "Alt+", tr("{name} (exact characters)", name=name)),
                ("_another", "Ctrl+", tr("{name} (another label on the same words)", name=name)),
            ):
                action = QAction(text, self)
                action.setShortcuts([QKeySequence(modifier + k) for k in keys])
                action.triggered.connect(
                    lambda _=False, key=label.key, v=variant: self.label_selection(
                        key, v == "_exact", another=v == "_another"
                    )
                )
                self.label_menu.addAction(action)
                self.addAction(action)
                self.actions_by_id[f"label_{label.key}{variant}"] = action

    def rebuild_labels(self) -> None:
        """Follow a scheme change: palette, Labels menu and its hotkeys, span colours and
        captions in the view and the span list."""
        self.bridge.workspace.reload_labels()
        old = self.label_menu.actions()
        self.actions_by_id = {k: a for k, a in self.actions_by_id.items() if a not in old}
        for action in old:
            self.removeAction(action)
            action.deleteLater()
        self.label_menu.clear()
        self._build_label_actions()
        self.palette_panel.set_labels(list(self.bridge.workspace.labels().values()))
        self.editor.restyle()
        self.suggestions.reload()  # after restyle, which redraws the span marks only
        self.relation_panel.set_types(self.relations.type_choices())
        self.relations.refresh()  # relation types are part of the scheme
        self._refresh_span_list()

    def _build_status_bar(self) -> None:
        self.annotator_label = plain_label("", self)
        self.progress_label = plain_label("", self)
        self.save_label = plain_label(tr("Saved"), self)
        bar = self.statusBar()
        bar.addWidget(self.annotator_label)
        bar.addWidget(self.progress_label)
        bar.addPermanentWidget(self.save_label)
        self.offline_label = plain_label(tr("No connection to the server: retrying; new changes cannot be saved"), self)
        self.offline_label.setObjectName("offline")
        self.offline_label.hide()  # shown while a server project's server cannot be reached
        bar.addPermanentWidget(self.offline_label)

    def _connect(self) -> None:
        self.documents.document_activated.connect(self.open_document)
        self.documents.filter_changed.connect(self.commands.filter_documents)
        self.search.found.connect(self.commands.show_found)
        self.bridge.changed.connect(self.search.note_own_change)  # the window's own writes are not news
        self.palette_panel.label_requested.connect(lambda key: self.label_selection(key, False))
        self.span_panel.span_activated.connect(self._on_span_activated)
        # The span list follows a beat behind the view, so a label shows at once.
        self._span_list_timer = QTimer(self, singleShot=True, interval=0)
        self._span_list_timer.timeout.connect(self._refresh_span_list)
        self.editor.spans_changed.connect(self._span_list_timer.start)
        self.editor.current_span_changed.connect(self._on_current_span_changed)
        self.editor.document_changed.connect(lambda _: self.find_bar.refresh())
        self.bridge.changed.connect(self._on_changed)
        self.bridge.failed.connect(self._on_failed)
        self.bridge.saved.connect(lambda: self.save_label.setText(tr("Saved")))
        self.relations.listed.connect(self.relation_panel.set_rows)
        self.relations.row_added.connect(self.relation_panel.add_row)
        self.relations.row_removed.connect(self.relation_panel.remove_row)
        self.relations.chosen_changed.connect(self.relation_panel.show_chosen)
        # Enter belongs to relation mode only while it lasts; otherwise it stays the dialogs' and the text's.
        confirm = self.actions_by_id["relation_type"]
        confirm.setEnabled(False)
        self.relations.mode_changed.connect(confirm.setEnabled)
        self.relation_panel.relation_activated.connect(self.relations.reveal)

    # --- documents ------------------------------------------------------------------

    def reload_documents(self) -> None:
        listing = self.bridge.workspace.document_pages(self.bridge.workspace.annotator.id)
        self.documents.model.set_listing(listing)
        self.search.documents_came_in()
        self.commands.load_queue()
        self._update_status()
        if self.editor.document_id is None and len(listing):
            first = self.documents.model.document_at(0)  # the first of the annotator's queue, if any
            self.open_document(listing.ids[0] if first is None else first.id)

    def open_document(self, doc_id: int) -> None:
        self.heap.document_opening()
        self.editor.open_document(doc_id)
        self.documents.show_current(doc_id)
        self._update_status()
        self._update_title()
        self.heap.document_shown()

    def refresh_from_disk(self) -> None:
        """Another window or command wrote to the project: show what it did."""
        self.rebuild_labels()
        workspace = self.bridge.workspace
        listing = workspace.document_pages(workspace.annotator.id)
        if len(listing) != self.documents.model.total():  # documents came in elsewhere
            self.documents.model.set_listing(listing)
            self.search.documents_came_in()
        else:
            self.documents.model.refresh(listing)
        self.commands.load_queue()  # the manager may have assigned documents meanwhile
        if self.editor.document_id is not None:
            self.documents.show_current(self.editor.document_id)
        self.editor.refresh()
        self.relations.refresh()
        self.suggestions.reload()
        self.details_panel.link.forget_names()  # entities may have come in elsewhere
        self.details_panel.refresh()
        if self.entities_dock.built:  # one not built yet reads the project when it is
            self.entity_panel.refresh()
        if self.review_window is not None and self.review_window.isVisible():
            self.review_window.refresh()  # a curator watches the layers arrive
        self._update_status()
        self.statusBar().showMessage(tr("Updated with changes made elsewhere"), 5000)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self.watch.stop()
        self.heap.thaw()  # this window's objects become garbage
        self.suggestions.propagate = False  # a propagation still queued must not run now
        self.suggestions.propagation.stop()
        self.active_learning.stop()
        self.watch.wait()
        self._first_backup.stop()  # (the one below takes it)
        self.watch.backup(wait=True)
        self.bridge.detach()  # this window's widgets must not hear the next window's changes
        self.documents.cancel_pending()  # nor run a filter on a project closed after it
        self.search.close()
        self._span_list_timer.stop()
        for other in (self.review_window, self.agreement_dialog):  # they show this window's project
            if other is not None:
                other.close()
        super().closeEvent(event)

    def label_selection(self, key: str, exact: bool, *, another: bool = False) -> None:
        span = self.editor.apply_label(key, exact, another=another)
        if span is None:
            return
        if another:
            label = self.bridge.workspace.labels()[key]
            name = label.name_fa if language() == "fa" else label.name_en
            self.statusBar().showMessage(tr("Added «{name}» as another label on the same words", name=name), 6000)
        # After the span is painted: propagation runs in a worker. It proposes only in the
        # document the span is in, and only while that document is still shown.
        QTimer.singleShot(PROPAGATE_AFTER_MS, self, lambda: self.suggestions.propagate_from(span))

    # --- reactions --------------------------------------------------------------------

    def _on_changed(self, changes: Changes) -> None:
        workspace = self.bridge.workspace
        me = self.bridge.workspace.annotator.id
        if changes.labels_changed:
            self.rebuild_labels()
        if changes.documents and not _above_spans_only(changes):  # the list shows span counts and status
            self.documents.model.update(workspace.document_listing(me, sorted(changes.documents)))
        self._update_status()
        self._update_undo_texts()

    def _on_connection_changed(self, online: bool) -> None:
        """The server went away (what the window shows stays; nothing is claimed saved) or came back."""
        self.offline_label.setVisible(not online)
        if online:
            self.statusBar().showMessage(tr("Connected to the server again"), 5000)

    def _on_failed(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)
        self.save_label.setText(tr("Not saved"))
        if not self.watch.online:  # the server may be back: look now, not at the next backed-off poll
            self.watch.check()

    def _on_span_activated(self, span_id: int) -> None:
        self.editor.select_span(span_id)
        self.view.setFocus()

    def _on_mention_activated(self, document_id: int, span_id: int) -> None:
        """Show an entity's mention: its document, the span chosen (another layer's: selected)."""
        if self.editor.document_id != document_id:
            self.open_document(document_id)
        if span_id in self.editor.spans:
            self.editor.select_span(span_id)
        elif (span := self.bridge.workspace.spans_by_ids([span_id]).get(span_id)) is not None:
            self.view.select_range(span.start, span.end)
        self.view.setFocus()

    def _on_current_span_changed(self, span) -> None:
        self.span_panel.show_current(None if span is None else span.id)

    def _refresh_span_list(self) -> None:
        workspace = self.bridge.workspace
        name = workspace.annotator.name
        self.span_panel.model.sync(self.editor.spans, self.editor.text, name, workspace.labels())
        self.span_panel.show_current(self.editor.current)

    def _update_status(self) -> None:
        workspace = self.bridge.workspace
        model = self.documents.model
        done = model.count(Status.DONE)
        self.annotator_label.setText(tr("Annotator: {name}", name=workspace.annotator.name))
        status = ""
        if self.editor.document_id is not None:
            status = tr(STATUS_TEXT[workspace.status(self.editor.document_id)])
        self.progress_label.setText(
            tr("{done} of {total} documents done", done=number(done), total=number(model.total()))
            + (f" — {status}" if status else "")
        )

    def _update_title(self) -> None:
        doc = self.editor.document_id
        name = self.bridge.workspace.document_name(doc) if doc is not None else ""
        project = self.bridge.workspace.path.name
        self.setWindowTitle(f"{name} — {project} — {tr('Barchasb')}" if name else f"{project} — {tr('Barchasb')}")

    def _update_undo_texts(self) -> None:
        stack, labels = self.bridge.workspace.undo_stack, self.bridge.workspace.labels()
        for action, step, (bare, named) in (
            ("undo", stack.next_undo(), (N_("Undo"), N_("Undo: {step}"))),
            ("redo", stack.next_redo(), (N_("Redo"), N_("Redo: {step}"))),
        ):
            text = tr(bare) if step is None else tr(named, step=describe_step(step, labels))
            self.actions_by_id[action].setText(text)

    def show_error(self, text: str) -> None:
        message(self, tr("Barchasb"), text)


class _Scrolling(QScrollArea):
    """A panel in a scroll area: what it shows (a chosen span's fields and buttons) must not
    widen its dock, or the text beside it would wrap again under the analyst's mouse. It asks
    for the width the panel needs at least, so the docks beside it set the dock area's width."""

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        panel = self.widget()
        width = panel.minimumSizeHint().width() if panel is not None else 0
        return QSize(width + 2 * self.frameWidth(), super().sizeHint().height())


def _scrolling(panel: QWidget) -> QScrollArea:
    area = _Scrolling(panel.parentWidget())
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard goes to the fields, not the frame
    area.setWidget(panel)
    return area


def _above_spans_only(changes: Changes) -> bool:
    """Only relations, attributes or entity links changed: no line of the document list did."""
    spans = changes.spans_added or changes.spans_removed or changes.spans_updated
    above = changes.relations_changed or changes.span_details_changed
    return bool(above) and not (spans or changes.status_changed or changes.review_changed or changes.documents_added)
