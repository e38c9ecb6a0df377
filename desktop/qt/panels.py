"""The side panels: the document list with its filters, and the span list."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.model import Status
from desktop.i18n import tr
from desktop.qt.document_list import STATUS_TEXT, DocumentListModel
from desktop.qt.span_list import SpanListModel


def _table(model, parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
    header = view.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    # The other columns fit their contents, measured when the list is filled: with
    # ResizeToContents Qt measures again at every changed row (a label added: 24 ms
    # in a 100,000-document list), and from 1,000 rows' data (0.36 s for a long span
    # list). 64 rows it is; 0 ("visible rows only") means every row before the window
    # is shown.
    header.setResizeContentsPrecision(64)
    columns = range(1, model.columnCount())
    for column in columns:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)

    def fit_columns() -> None:
        for column in columns:
            view.resizeColumnToContents(column)

    model.modelReset.connect(fit_columns)
    return view


def select_row(view: QTableView, row: int) -> None:
    if row < 0:
        view.clearSelection()
        return
    index = view.model().index(row, 0)
    view.selectionModel().setCurrentIndex(
        index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )
    view.scrollTo(index)


class DocumentPanel(QWidget):
    """Filter by text (Persian-aware) and status; pick a document."""

    document_activated = Signal(int)
    filter_changed = Signal(str, object)  # query, Status | None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = DocumentListModel(self)
        self.query = QLineEdit(self)
        self.query.setPlaceholderText(tr("Filter by text…"))
        self.query.setClearButtonEnabled(True)
        self.status = QComboBox(self)
        self.status.addItem(tr("All"), None)
        for status, text in STATUS_TEXT.items():
            self.status.addItem(tr(text), status)
        # Shown when the annotator has documents assigned: ticked, the list is their queue.
        self.queue_only = QCheckBox(tr("Only my assigned documents"), self)
        self.queue_only.setChecked(True)
        self.queue_only.hide()
        self._queue: set[int] = set()
        self.table = _table(self.model, self)
        top = QHBoxLayout()
        top.addWidget(self.query, 1)
        top.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(top)
        layout.addWidget(self.queue_only)
        layout.addWidget(self.table, 1)
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self._on_filter_edited)
        self.query.textChanged.connect(lambda _: self._debounce.start())
        self.status.currentIndexChanged.connect(lambda _: self._on_filter_edited())
        self.queue_only.toggled.connect(lambda _: self._on_filter_edited())
        self.table.clicked.connect(self._on_clicked)
        self.table.activated.connect(self._on_clicked)

    def cancel_pending(self) -> None:
        """Forget a filter still waiting out its debounce (the window is closing)."""
        self._debounce.stop()

    def _on_filter_edited(self) -> None:
        self.filter_changed.emit(self.query.text(), self.status.currentData())

    def _on_clicked(self, index) -> None:
        row = self.model.document_at(index.row())
        if row is not None:
            self.document_activated.emit(row.id)

    def show_current(self, doc_id: int) -> None:
        select_row(self.table, self.model.row_of(doc_id))

    def status_filter(self) -> Status | None:
        return self.status.currentData()

    def set_queue(self, ids: list[int]) -> None:
        """The annotator's assigned documents (none: no queue, every document listed)."""
        self._queue = set(ids)
        self.queue_only.setVisible(bool(ids))

    def queue_filter(self) -> set[int] | None:
        """The documents the list is limited to by the queue, or None when it is not."""
        return self._queue if self._queue and self.queue_only.isChecked() else None


class SpanPanel(QWidget):
    """The open document's spans; clicking one jumps to it and selects it."""

    span_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = SpanListModel(self)
        self.table = _table(self.model, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.table)
        self.table.clicked.connect(self._on_clicked)
        self.table.activated.connect(self._on_clicked)

    def _on_clicked(self, index) -> None:
        span = self.model.span_at(index.row())
        if span is not None:
            self.span_activated.emit(span.id)

    def show_current(self, span_id: int | None) -> None:
        select_row(self.table, -1 if span_id is None else self.model.row_of(span_id))
