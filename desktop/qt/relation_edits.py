"""Relations in the main window, chosen and edited: a click on an arc (or a row of the
panel) chooses a relation, a chip-to-chip drag asks a type in the small type chooser and
relates the two spans, and the chosen relation is deleted, reversed or retyped.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint
from PySide6.QtGui import QCursor

from desktop.core.relations import Relation, RelationType
from desktop.i18n import tr
from desktop.qt.bridge import WorkspaceBridge
from desktop.qt.document_view import DocumentView
from desktop.qt.editor import Editor
from desktop.qt.relation_arcs import PENDING, RelationArcs
from desktop.qt.relation_chooser import TypeChooser


class RelationEdits(RelationArcs):
    """The drawn relations made chosen, created, deleted, reversed and retyped."""

    def __init__(self, bridge: WorkspaceBridge, editor: Editor, view: DocumentView, show_status: Callable) -> None:
        super().__init__(bridge, editor, view, show_status)
        editor.current_span_changed.connect(self._on_current_span_changed)
        view.relation_drawn.connect(self._on_drawn)
        view.relation_chosen.connect(self.choose)

    def reveal(self, relation_id: int) -> None:
        """Choose a relation (from the panel) and scroll its head into view."""
        self.choose(relation_id)
        relation = self._relation(relation_id)
        head = self.editor.spans.get(relation.head) if relation else None
        if head is not None:
            self.view.reveal(head.start, head.end)
        self.view.setFocus()

    def choose(self, relation_id: int | None) -> None:
        """Make a relation the chosen one (its spans are then not chosen)."""
        if relation_id == PENDING:
            return
        self.chosen = relation_id
        if relation_id is not None and self.editor.current is not None:
            self.editor.select_span(None)
        self.view.set_chosen_relation(relation_id)
        self.chosen_changed.emit(relation_id)
        if relation_id is not None:
            self._show(tr("Relation chosen: Delete removes it, Shift+R reverses it, Alt+R changes its type"), 8000)

    def _on_current_span_changed(self, span: object) -> None:
        if span is not None and self.chosen is not None:
            self.chosen = None
            self.view.set_chosen_relation(None)
            self.chosen_changed.emit(None)

    def _on_drawn(self, head: tuple[int, int], tail: tuple[int, int]) -> None:
        head_id, tail_id = self._span_at(head), self._span_at(tail)
        if head_id is not None and tail_id is not None:
            self.create(head_id, tail_id)

    def _span_at(self, where: tuple[int, int]) -> int | None:
        """The span with these ends (the chosen one first, then the oldest)."""
        found = sorted(i for i, s in self.editor.spans.items() if (s.start, s.end) == where)
        return self.editor.current if self.editor.current in found else (found[0] if found else None)

    def create(self, head: int, tail: int) -> None:
        """Ask for a type allowed between the two spans, then relate them."""
        head_label, tail_label = self.editor.spans[head].label, self.editor.spans[tail].label
        allowed = [t for t in self.types().values() if t.allows(head_label, tail_label)]
        if not allowed:
            self._show(tr("No relation type is allowed between these two labels"), 8000)
            return

        def relate(key: str) -> None:
            changes = self.bridge.attempt(self.relations.add, head, tail, key)
            if changes is not None and changes.relations_added:
                self.choose(changes.relations_added[0])

        self.ask_type(allowed, relate)

    def ask_type(self, types: list[RelationType], then: Callable[[str], None]) -> str | None:
        """Pop up the type chooser; `then` runs with the chosen key while it closes."""
        chooser = TypeChooser(types, self.view, on_pick=then)
        chooser.exec(self._chooser_point())
        key = chooser.chosen
        chooser.deleteLater()
        self.view.activateWindow()  # the keys go on to the text, where the analyst was
        self.view.setFocus()
        return key

    def _chooser_point(self) -> QPoint:
        cursor = QCursor.pos()
        if self.view.rect().contains(self.view.mapFromGlobal(cursor)):
            return cursor
        return self.view.mapToGlobal(self.view.rect().center())

    def delete_chosen(self) -> bool:
        """Delete the chosen relation (not its spans); False when none is chosen."""
        if self.chosen is None:
            return False
        chosen, self.chosen = self.chosen, None
        self.bridge.attempt(self.relations.delete, chosen)
        return True

    def reverse_chosen(self) -> None:
        if self.chosen is None:
            self._show(tr("Click a relation's arc first"), 5000)
            return
        self.bridge.attempt(self.relations.reverse, self.chosen)

    def retype_chosen(self) -> None:
        if self.chosen is None:
            self._show(tr("Click a relation's arc first"), 5000)
            return
        relation = self._relation(self.chosen)
        head = self.editor.spans.get(relation.head) if relation else None
        tail = self.editor.spans.get(relation.tail) if relation else None
        if head is None or tail is None:
            return
        allowed = [t for t in self.types().values() if t.allows(head.label, tail.label)]
        chosen = self.chosen

        def retype(key: str) -> None:
            self.bridge.attempt(self.relations.retype, chosen, key)

        self.ask_type(allowed, retype)

    def _relation(self, relation_id: int) -> Relation | None:
        """One of the shown document's relations in this layer, by id."""
        doc = self.editor.document_id
        found = [r for r in self.relations.of_document(doc) if r.id == relation_id] if doc is not None else []
        return found[0] if found else None
