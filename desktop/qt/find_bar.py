"""Find in the document: a bar under the text with a query field, the count and next/previous.

Matching is the project's folding (`desktop.text.find`); the bar only asks
the view to tint the hits and to select the current one, so a label hotkey
or "Label all" acts on that hit like on any selection. Which hit is current
is read back from the view's selection, so a click elsewhere never leaves a
stale count.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLineEdit, QToolButton, QWidget

from desktop.i18n import number, tr
from desktop.qt.document_view import DocumentView
from desktop.qt.plain import label
from desktop.text.find import Hits, find_hits

_SEED_LIMIT = 80  # a selection longer than this is not what the analyst wants to find
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class _QueryField(QLineEdit):
    """Enter steps to the next hit, Shift+Enter to the previous one."""

    step_requested = Signal(bool)  # forward

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() in _ENTER:
            self.step_requested.emit(not event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        else:
            super().keyPressEvent(event)


class FindBar(QWidget):
    """Finds in the text `view` shows; hidden until asked for."""

    def __init__(self, view: DocumentView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.hits = Hits()
        self.field = _QueryField(self)
        self.field.setPlaceholderText(tr("Find in the document"))
        self.field.setClearButtonEnabled(True)
        self.count = label("", self)
        self.whole_words = QCheckBox(tr("Whole words"), self)
        self.previous_button = self._button(tr("Previous"), lambda: self.step(False))
        self.next_button = self._button(tr("Next"), lambda: self.step(True))
        self.close_button = self._button(tr("Close"), self.close_bar)
        self._layout()
        self.field.textChanged.connect(self._on_query_changed)
        self.field.step_requested.connect(self.step)
        self.whole_words.toggled.connect(lambda _: self._on_query_changed(self.field.text()))
        view.selection_changed.connect(lambda *_: self._show_count())
        self.hide()

    def _button(self, text: str, slot) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.clicked.connect(slot)
        return button

    def _layout(self) -> None:
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 2, 6, 2)
        row.addWidget(self.field, 1)
        row.addWidget(self.count)
        for widget in (self.previous_button, self.next_button, self.whole_words, self.close_button):
            row.addWidget(widget)

    # --- what the window asks -----------------------------------------------------

    def open(self) -> None:
        """Show the bar with the focus in the query; a short selection becomes the query."""
        selected = self.view.selected_range()
        if selected is not None:
            words = self.view.text()[selected[0] : selected[1]]
            if words.strip() and "\n" not in words and len(words) <= _SEED_LIMIT:
                self.field.setText(words)
        self.show()
        self._search()
        self.field.setFocus()
        self.field.selectAll()

    def close_bar(self) -> None:
        """Hide, untint the hits and give the text the focus; the current hit stays selected."""
        self.hide()
        self.view.set_hits(())
        self.view.setFocus()

    def step(self, forward: bool) -> None:
        """Select the next (or previous) hit from the selection or caret, wrapping around."""
        if not self.field.text().strip():
            self.open()
            return
        if self.isHidden():
            self.show()
            self._search()
        selected = self.view.selected_range()
        caret = self.view.cursor_position()
        self._go(self.hits.step(selected or (caret, caret), forward))

    def refresh(self) -> None:
        """Another document is shown: find in it, selecting nothing yet."""
        if not self.isHidden():
            self._search()

    # --- Qt events ----------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        # Escape is also the window's "Clear selection"; from the field, a box or a
        # button of the bar it closes the bar (key events climb to here when ignored).
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
        else:
            super().keyPressEvent(event)

    # --- private ------------------------------------------------------------------

    def _on_query_changed(self, _text: str) -> None:
        self._search()
        selected = self.view.selected_range()
        self._go(self.hits.at_or_after(selected[0] if selected else self.view.cursor_position()))

    def _search(self) -> None:
        self.hits = find_hits(self.view.text(), self.field.text(), whole_word=self.whole_words.isChecked())
        self.view.set_hits(self.hits.spans)
        self._show_count()

    def _go(self, index: int | None) -> None:
        if index is not None:
            self.view.select_range(*self.hits.spans[index])
        self._show_count()

    def _show_count(self) -> None:
        total = len(self.hits)
        current = self.hits.index(self.view.selected_range())
        if not self.field.text().strip():
            text = ""
        elif not total:
            text = tr("No matches")
        elif current is None:
            text = tr("{total} matches", total=number(total))
        else:
            text = tr("{current} of {total}", current=number(current + 1), total=number(total))
        self.count.setText(text)
