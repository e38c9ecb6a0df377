"""The span details panel: the chosen span's attributes as typed editors and its entity link.

Keyboard first: A (a window action) puts the keyboard here, Tab walks the fields,
Enter (or leaving a line, or a pick) stores one field as one undoable step through
`SpanAttributes`, Escape goes back to the text. A value that does not fit shows
what is wrong under the fields and nothing is stored. Under the fields, the entity
link (`entity_link`): K links the proposed entity, Shift+K makes a new one.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFormLayout, QPushButton, QVBoxLayout, QWidget

from desktop.core.attributes import AttributeKind
from desktop.core.errors import BarchasbError
from desktop.core.model import Span
from desktop.core.relations import Entity
from desktop.i18n import language, tr
from desktop.qt.attribute_editors import FieldEditor, make_editor
from desktop.qt.attribute_text import FieldInputError
from desktop.qt.bridge import WorkspaceBridge
from desktop.qt.editor import Editor
from desktop.qt.entity_link import EntityLinkBox
from desktop.qt.plain import label as plain_label
from desktop.qt.reasons import explain_error
from desktop.workspace import Changes
from desktop.workspace.relations import Entities, SpanAttributes


class SpanDetailsPanel(QWidget):
    """The chosen span's attribute editors and entity link, kept in step with the project."""

    def __init__(self, bridge: WorkspaceBridge, editor: Editor, show_status: Callable, parent: QWidget) -> None:
        super().__init__(parent)
        self.bridge, self.editor, self._show = bridge, editor, show_status
        self.title = plain_label("", self)
        self.title.setWordWrap(True)
        self.fields = QWidget(self)
        self.form = QFormLayout(self.fields)
        self.editors: list[FieldEditor] = []
        self.fill_button = QPushButton(tr("Read the values from the span's words"), self)
        self.link = EntityLinkBox(bridge, self._attempt, self)
        self.error = plain_label("", self)
        self.error.setObjectName("span_details_error")
        self.error.setStyleSheet("color: #c0392b")
        self.error.setWordWrap(True)
        self._build()
        self._shape: tuple[object, ...] | None = None  # None: nothing built yet, not even "no span"
        self.fill_button.clicked.connect(self._on_fill)
        bridge.changed.connect(self._on_changed)
        editor.current_span_changed.connect(lambda _span: self.refresh())
        self.refresh()

    def _build(self) -> None:
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 4, 4, 4)
        for widget in (self.title, self.fields, self.fill_button, self.link, self.error):
            column.addWidget(widget)
        column.addStretch(1)

    @property
    def span(self) -> Span | None:
        current = self.editor.current
        return None if current is None else self.editor.spans.get(current)

    # --- showing ----------------------------------------------------------------------

    def refresh(self) -> None:
        """Show the chosen span's values; the editors are rebuilt only for another span or
        scheme, so a stored value never takes the keyboard away from the field it came from."""
        span, workspace = self.span, self.bridge.workspace
        fields = SpanAttributes(workspace).fields(span.label) if span else []
        # The registry matters only to entity fields (their lists): a new entity must not
        # rebuild the other editors under the analyst's keyboard.
        wanted = span is not None and any(f.kind is AttributeKind.ENTITY for f in fields)
        entities = Entities(workspace).all() if wanted else []
        shape = (span.id, span.label, tuple(fields), tuple(entities)) if span else ()
        if shape != self._shape:
            self._shape = shape
            self._rebuild(span, fields, entities)
        self.error.setText("")
        values = SpanAttributes(workspace).values(span.id or 0) if span else {}
        for field_editor in self.editors:
            field_editor.show_value(values.get(field_editor.field.name))
        self.link.show_span(span)

    def _rebuild(self, span: Span | None, fields: list, entities: list[Entity]) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.editors = []
        for field in fields:
            field_editor = make_editor(field, entities, self.fields)
            field_editor.commit_requested.connect(lambda e=field_editor: self._commit(e))
            name = (field.name_fa if language() == "fa" else field.name_en) or field.name
            caption = plain_label(name, self.fields)
            self.form.addRow(caption, field_editor.widget)
            for widget in (caption, field_editor.widget):
                widget.show()  # now, not in the next event: A may come before it
            self.editors.append(field_editor)
        self.fill_button.setVisible(any(f.kind is AttributeKind.VALUE for f in fields))
        if span is None:
            self.title.setText(tr("Choose a span (Tab in the text) to see its attributes and entity"))
            return
        label = self.bridge.workspace.labels().get(span.label)
        label_name = "" if label is None else (label.name_fa if language() == "fa" else label.name_en)
        self.title.setText(f"{self.editor.text[span.start : span.end]} — {label_name}")
        if not fields:
            self.form.addRow(plain_label(tr("This label has no attributes"), self.fields))

    def _on_changed(self, changes: Changes) -> None:
        span = self.span
        touched = set(changes.span_details_changed) | set(changes.spans_updated)
        if changes.labels_changed or changes.entities_changed:
            self.link.forget_names()
        if changes.labels_changed or changes.entities_changed or span is None or span.id in touched:
            self.refresh()

    # --- editing ----------------------------------------------------------------------

    def focus_first(self) -> None:
        """Put the keyboard on the first field (or the entity buttons when there is none)."""
        if self.span is None:
            self._show(tr("Choose a span first (Tab), then press A to edit its details"), 6000)
            return
        target = self.editors[0].focus_widget() if self.editors else self.link.new_button
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _commit(self, field_editor: FieldEditor) -> None:
        span = self.span
        if span is None or not field_editor.changed():
            return
        try:
            value = field_editor.value()
            SpanAttributes(self.bridge.workspace).set(span.id or 0, field_editor.field.name, value)
        except FieldInputError as exc:
            self.error.setText(str(exc))
        except (BarchasbError, ValueError) as exc:
            self.error.setText(tr("Not stored: {reason}", reason=explain_error(exc)))

    def link_suggested(self) -> bool:
        """K: link the chosen span to the entity proposed for its words."""
        span = self.span
        if span is None:
            self._show(tr("Choose a span first (Tab)"), 5000)
            return False
        if not self.link.link_suggested():
            self._show(tr("No entity matches these words: Shift+K makes a new one"), 6000)
        return True

    def new_entity(self) -> bool:
        """Shift+K: a new entity named by the chosen span's words, the span linked to it."""
        span = self.span
        if span is None:
            self._show(tr("Choose a span first (Tab)"), 5000)
            return False
        self.link.new_entity()
        return True

    def _on_fill(self) -> None:
        """Normalised values read again from the span's words (one undoable step)."""
        span = self.span
        if span is not None:
            self._attempt(lambda: SpanAttributes(self.bridge.workspace).fill_values(span.id or 0, overwrite=True))

    def _attempt(self, action: Callable[[], object]) -> None:
        try:
            action()
        except (BarchasbError, ValueError) as exc:
            self.error.setText(tr("Not stored: {reason}", reason=explain_error(exc)))

    # --- keys -------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        """Plain keys typed here are the fields' (a letter is a window shortcut elsewhere:
        a digit would relabel the span); the override climbs here from any field."""
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and _field_key(event):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        """Keys a field did not take: Escape back to the text (what was typed and not
        stored is forgotten), Enter commits a list or presses a button."""
        focused = self.focusWidget()
        if event.key() == Qt.Key.Key_Escape:
            self.refresh()
            self.editor.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and isinstance(focused, QPushButton):
            focused.click()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            for field_editor in self.editors:
                if field_editor.focus_widget() is focused:
                    self._commit(field_editor)
        else:
            super().keyPressEvent(event)


def _field_key(event: QKeyEvent) -> bool:
    """A key without Ctrl or Alt that is not Tab or a function key."""
    if event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
        return False
    return (
        event.key() not in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and not Qt.Key.Key_F1 <= event.key() <= Qt.Key.Key_F35
    )
