"""Review mode: compare annotators' layers on a document and adjudicate gold
from the keyboard: spans by unit, relations as arcs (review_relations), and the
details the layers give differently (review_details). A window of its own over the
same workspace (undo, redo and every change travel through the same bridge as the
main window's)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QWidget,
)

from desktop.core.ids import stored_id
from desktop.core.review import Candidate, ReviewStatus, Unit
from desktop.core.review_units import count_units, next_unit, previous_unit
from desktop.i18n import N_, is_rtl, isolate, number, tr
from desktop.qt.actions import label_shortcuts
from desktop.qt.bridge import WorkspaceBridge
from desktop.qt.document_view import DocumentView
from desktop.qt.plain import label as plain_label
from desktop.qt.review_commands import REVIEW_ACTIONS, ReviewCommands
from desktop.qt.review_details import DetailsList
from desktop.qt.review_marks import KIND_COLORS, KIND_TEXT, candidate_mark_id, describe_unit, review_marks
from desktop.qt.review_relations import ReviewRelations
from desktop.workspace import Changes
from desktop.workspace.review.details import ReviewDetails
from desktop.workspace.review.gold import Review

REVIEW_TEXT = {
    ReviewStatus.NOT_REVIEWED: N_("not reviewed"),
    ReviewStatus.IN_REVIEW: N_("in review"),
    ReviewStatus.REVIEWED: N_("reviewed"),
}
UNIT_COLUMNS = (N_("Class"), N_("Text"), N_("Candidates"))


class ReviewWindow(QMainWindow):
    jump_requested = Signal(int, int, int)  # document, start, end (for the main window)

    def __init__(self, bridge: WorkspaceBridge, parent: QWidget | None = None, *, dark: bool = False) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.review = Review(bridge.workspace)
        self.document_id: int | None = None
        self.text = ""
        self.units: list[Unit] = []
        self.gold_ids: set[int] = set()
        self.unit_index: int | None = None
        self.candidate_index = 0
        self.chosen_gold: int | None = None  # a gold span chosen over the current candidate
        self.gold_by_key: dict[tuple[int, int, str], int] = {}
        self._mark_of: dict[tuple[int, int], int] = {}
        self._slot_of: dict[int, tuple[int, int]] = {}
        self.setWindowTitle(tr("Review") + " — " + bridge.workspace.path.name)
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft if is_rtl() else Qt.LayoutDirection.LeftToRight)
        self.view = DocumentView(self)
        self.view.set_dark(dark)
        self.documents = QListWidget(self)
        self.unit_table = QTableWidget(0, len(UNIT_COLUMNS), self)
        self.counts = plain_label("", self)
        self.commands = ReviewCommands(self)
        self.relations = ReviewRelations(self)
        self.details = DetailsList(bridge, ReviewDetails(self.review), self)
        self.details.take_requested.connect(self.commands.take_detail)
        self._build()
        self._build_actions()
        self.bridge.changed.connect(self._on_changed)
        self.bridge.failed.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.reload_documents()
        self.resize(1280, 800)

    # --- construction -------------------------------------------------------------

    def _build(self) -> None:
        self.setCentralWidget(self.view)
        self._dock(tr("Documents"), self.documents, Qt.DockWidgetArea.LeftDockWidgetArea)
        self._dock(tr("Units"), self.unit_table, Qt.DockWidgetArea.RightDockWidgetArea)
        self._dock(tr("Details that differ"), self.details, Qt.DockWidgetArea.RightDockWidgetArea)
        table = self.unit_table
        table.setHorizontalHeaderLabels([tr(c) for c in UNIT_COLUMNS])
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.horizontalHeader().setStretchLastSection(True)
        table.setMinimumWidth(460)
        table.cellClicked.connect(lambda row, _col: self.select_unit(row))
        self.documents.currentRowChanged.connect(self._on_document_row)
        self.layers_button = QToolButton(self)
        self.layers_button.setText(tr("Layers"))
        self.layers_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.layers_menu = QMenu(self)
        self.layers_button.setMenu(self.layers_menu)
        toolbar = self.addToolBar(tr("Review"))
        toolbar.setObjectName("review")
        toolbar.addWidget(self.layers_button)
        toolbar.addWidget(self.counts)
        self._fill_layers()
        self.view.mark_clicked.connect(self._on_mark_clicked)
        self.view.selection_changed.connect(self.commands.selection_changed)

    def _dock(self, title: str, widget: QWidget, area) -> None:
        dock = QDockWidget(title, self)
        dock.setObjectName(title)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)

    def _fill_layers(self) -> None:
        self.layers_menu.clear()
        for annotator in self.review.candidate_layers():
            action = self.layers_menu.addAction(annotator.name)
            action.setCheckable(True)
            action.setChecked(self.review.layers is None or annotator.name in self.review.layers)
            action.toggled.connect(self._on_layers_changed)

    def _build_actions(self) -> None:
        menu = self.menuBar().addMenu(tr("Review"))
        bindings = self.commands.bindings()
        bindings.check(REVIEW_ACTIONS)
        for spec in REVIEW_ACTIONS:
            action = QAction(tr(spec.text), self)
            action.setShortcuts([QKeySequence(k) for k in spec.shortcuts])
            bindings.connect(action, spec)
            menu.addAction(action)
            self.addAction(action)
        taken = {QKeySequence(k) for spec in REVIEW_ACTIONS for k in spec.shortcuts}
        for key, label in self.bridge.workspace.labels().items():
            for modifier in ("", "Ctrl+"):  # Ctrl+hotkey: another gold label on the same words
                action = QAction(self)
                action.setShortcuts(
                    [
                        seq
                        for k in label_shortcuts(label.hotkey)  # Ctrl+Z stays undo
                        if (seq := QKeySequence(modifier + k)) not in taken
                    ]
                )
                action.triggered.connect(lambda _=False, k=key, more=bool(modifier): self.commands.label_key(k, more))
                self.addAction(action)

    def set_dark(self, dark: bool) -> None:
        """Follow the theme: the page is the document view's own palette, not the app's."""
        self.view.set_dark(dark)

    # --- documents ------------------------------------------------------------------

    def reload_documents(self) -> None:
        statuses = self.review.statuses()
        current = self.document_id
        self.documents.blockSignals(True)
        self.documents.clear()
        for info in self.bridge.workspace.document_infos():
            status = statuses.get(info.id, ReviewStatus.NOT_REVIEWED)
            item = QListWidgetItem(f"{isolate(info.name)} — {tr(REVIEW_TEXT[status])}")
            item.setData(Qt.ItemDataRole.UserRole, info.id)
            self.documents.addItem(item)
        self.documents.blockSignals(False)
        if current is not None:
            self._select_document_row(current)
        elif self.documents.count():
            self.documents.setCurrentRow(0)

    def _select_document_row(self, doc_id: int) -> None:
        for row in range(self.documents.count()):
            if self.documents.item(row).data(Qt.ItemDataRole.UserRole) == doc_id:
                self.documents.blockSignals(True)
                self.documents.setCurrentRow(row)
                self.documents.blockSignals(False)

    def _on_document_row(self, row: int) -> None:
        item = self.documents.item(row)
        if item is not None:
            self.open_document(item.data(Qt.ItemDataRole.UserRole))

    def open_document(self, doc_id: int) -> None:
        self.document_id = doc_id
        self.text = self.bridge.workspace.document_text(doc_id)
        self.view.set_document(self.text, [])
        self.unit_index, self.chosen_gold = None, None
        self.refresh()
        self._select_document_row(doc_id)
        first = next_unit(self.units, None)
        if first is not None:
            self.select_unit(first.index)

    # --- units ------------------------------------------------------------------------

    def refresh(self) -> None:
        """Rebuild units and marks of the open document from storage."""
        if self.document_id is None:
            return
        labels = self.bridge.workspace.labels()
        self.units = self.bridge.attempt(self.review.units, self.document_id) or []
        gold = [span for span, _ in self.review.gold(self.document_id)]
        self.gold_ids = {stored_id(span) for span in gold}
        self._index_marks(gold)
        self.view.set_marks(review_marks(self.units, gold, labels))
        self.relations.refresh(self.document_id, gold)
        self._fill_unit_table(labels)
        counts = count_units(self.units)
        status = self.review.status(self.document_id)
        self.counts.setText(
            tr(
                "{total} units, {undecided} undecided — {status}",
                total=number(counts["total"]),
                undecided=number(counts["undecided"]),
                status=tr(REVIEW_TEXT[status]),
            )
        )
        if self.current_unit() is not None or self.chosen_gold in self.gold_ids:
            self.show_current()

    def _index_marks(self, gold) -> None:
        """Which mark shows each candidate (a gold span when gold took it as it is)."""
        self.gold_by_key = {(s.start, s.end, s.label): s.id for s in gold}
        self._mark_of = {}
        self._slot_of = {}
        for unit in self.units:
            for i, candidate in enumerate(unit.candidates):
                mark = self.gold_by_key.get(candidate.key, candidate_mark_id(candidate))
                self._mark_of[(unit.index, i)] = mark
                self._slot_of.setdefault(mark, (unit.index, i))

    def _fill_unit_table(self, labels) -> None:
        table = self.unit_table
        table.setRowCount(len(self.units))
        for row, unit in enumerate(self.units):
            kind = QTableWidgetItem(tr(KIND_TEXT[unit.kind]))
            kind.setForeground(Qt.GlobalColor.white)
            kind.setBackground(_color(KIND_COLORS[unit.kind], unit.decided))
            table.setItem(row, 0, kind)
            table.setItem(row, 1, QTableWidgetItem(self.text[unit.start : unit.end].replace("\n", " ")))
            table.setItem(row, 2, QTableWidgetItem(describe_unit(unit, labels)))

    def current_unit(self) -> Unit | None:
        if self.unit_index is None or self.unit_index >= len(self.units):
            return None
        return self.units[self.unit_index]

    def current_candidate(self) -> Candidate | None:
        unit = self.current_unit()
        if unit is None or not unit.candidates:
            return None
        return unit.candidates[self.candidate_index % len(unit.candidates)]

    def select_unit(self, index: int, candidate: int = 0) -> None:
        if not 0 <= index < len(self.units):
            return
        self.unit_index, self.candidate_index, self.chosen_gold = index, candidate, None
        self.relations.choose(None)  # the span units have the keys again
        self.show_current()

    def show_current(self) -> None:
        self.details.show_candidate(self.current_candidate())
        unit = self.current_unit()
        if unit is not None:
            self.unit_table.selectRow(unit.index)
        chosen = self.view.mark(self.chosen_gold) if self.chosen_gold in self.gold_ids else None
        if chosen is not None:
            self.view.reveal(chosen.start, chosen.end)
            self.view.set_current_mark(chosen.id)
        elif unit is not None:
            self.view.reveal(unit.start, unit.end)
            self.view.set_current_mark(self._mark_of.get((unit.index, self._candidate_slot())))

    def _candidate_slot(self) -> int:
        unit = self.current_unit()
        return self.candidate_index % len(unit.candidates) if unit and unit.candidates else 0

    def step_unit(self, forward: bool, pending_only: bool = True) -> None:
        finder = next_unit if forward else previous_unit
        unit = finder(self.units, self.unit_index, pending_only=pending_only)
        if unit is None:
            self.statusBar().showMessage(tr("No more undecided units in this document"), 5000)
            return
        self.select_unit(unit.index)

    # --- reacting -----------------------------------------------------------------------

    def _on_changed(self, changes: Changes) -> None:
        if self.document_id in changes.documents or self.document_id in changes.review_changed:
            self.refresh()
        if changes.status_changed or changes.documents_added:
            self.reload_documents()

    def _on_layers_changed(self) -> None:
        chosen = [a.text() for a in self.layers_menu.actions() if a.isChecked()]
        self.review.layers = chosen or None
        self.unit_index, self.chosen_gold = None, None
        self.refresh()

    def _on_mark_clicked(self, mark_id: int) -> None:
        self.relations.choose(None)
        slot = self._slot_of.get(mark_id)
        if slot is not None:
            self.select_unit(*slot)
        self.commands.choose_gold(mark_id)  # a gold span clicked is the chosen span


def _color(hex_color: str, decided: bool):
    from PySide6.QtGui import QColor

    color = QColor(hex_color)
    if decided:
        color.setAlpha(110)
    return color
