"""Relations in the main window: arcs of the shown document, drawing, choosing, editing.

Holds no widgets of its own but the small type chooser: it draws the current
layer's relations in the document view, turns a chip-to-chip drag (or the
keyboard's relation mode) into `Relations.add`, and deletes, reverses and
retypes the chosen relation. Every change comes back through `bridge.changed`,
so undo, redo and span deletions redraw the same way.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint, Signal
from PySide6.QtGui import QCursor

from desktop.core.errors import NotFound
from desktop.core.ids import stored_id
from desktop.core.relations import Relation, RelationType
from desktop.i18n import tr
from desktop.qt.bridge import WorkspaceBridge
from desktop.qt.document_view import DocumentView, RelationMark
from desktop.qt.editor import Editor
from desktop.qt.relation_chooser import TypeChooser, type_name
from desktop.qt.relation_panel import RelationRow
from desktop.workspace import Changes
from desktop.workspace.relations import Relations

PENDING = -1  # the id of the arc drawn while the keyboard picks a tail


class RelationEditor(QObject):
    """The shown document's relations in the current annotator's layer, edited from the window."""

    listed = Signal(object)  # list[RelationRow]: the shown document's relations, after each refresh
    row_added = Signal(object)  # RelationRow: one relation more
    row_removed = Signal(int)  # a relation id
    chosen_changed = Signal(object)  # int | None
    mode_changed = Signal(bool)  # relation mode entered (True) or left: Enter is only claimed while in it

    def __init__(self, bridge: WorkspaceBridge, editor: Editor, view: DocumentView, show_status: Callable) -> None:
        super().__init__(editor)
        self.bridge, self.editor, self.view = bridge, editor, view
        self._show = show_status
        self.chosen: int | None = None
        self._shown: dict[int, Relation] = {}  # drawn now, by id
        self.head: int | None = None  # relation mode: the head span, while a tail is picked
        self.tail: int | None = None
        bridge.changed.connect(self._on_changed)
        editor.document_changed.connect(self._on_document_changed)
        editor.current_span_changed.connect(self._on_current_span_changed)
        view.relation_drawn.connect(self._on_drawn)
        view.relation_chosen.connect(self.choose)

    @property
    def relations(self) -> Relations:
        return Relations(self.bridge.workspace)

    def types(self) -> dict[str, RelationType]:
        return {t.key: t for t in self.relations.types()}

    def type_choices(self) -> list[tuple[str, str]]:
        """Every relation type as (key, shown name), in the scheme's order."""
        return [(t.key, type_name(t)) for t in sorted(self.relations.types(), key=lambda t: (t.order, t.key))]

    # --- showing ----------------------------------------------------------------------

    def refresh(self) -> None:
        """Draw the shown document's relations again (a new document, an edited relation or span)."""
        doc = self.editor.document_id
        found = self.relations.of_document(doc) if doc is not None else []
        types = self.types()
        self._shown = {}
        marks, rows = [], []
        for relation in found:
            drawn = self._drawn(relation, types)
            if drawn is not None:
                self._shown[drawn[0].id] = relation
                marks.append(drawn[0])
                rows.append(drawn[1])
        pending = self._pending_mark()
        self.view.set_relations([*marks, *([pending] if pending else [])])
        if self.chosen not in self._shown:
            self.chosen = None
        self.view.set_chosen_relation(self.chosen)
        self.listed.emit(rows)
        self.chosen_changed.emit(self.chosen)

    def _drawn(self, relation: Relation, types: dict[str, RelationType]) -> tuple[RelationMark, RelationRow] | None:
        """The arc and the panel row of a relation whose spans are shown (None: it is not drawable)."""
        spans, text = self.editor.spans, self.editor.text
        head, tail, rtype = spans.get(relation.head), spans.get(relation.tail), types.get(relation.type)
        if head is None or tail is None or rtype is None:
            return None
        rid, caption = stored_id(relation), type_name(rtype)
        ends = (head.start, head.end), (tail.start, tail.end)
        mark = RelationMark(rid, *ends, rtype.colour, caption, rtype.directed)
        words = text[head.start : head.end], text[tail.start : tail.end]
        return mark, RelationRow(rid, rtype.key, caption, *words, rtype.directed)

    def _apply(self, changes: Changes) -> None:
        """Relations made or deleted, one arc and row each: on a document with thousands of
        relations a full redraw would not fit the 10 ms a new relation may take to show."""
        for rid in changes.relations_removed:
            if self._shown.pop(rid, None) is not None:
                self.view.remove_relation(rid)
                self.row_removed.emit(rid)
                if self.chosen == rid:
                    self.chosen = None
                    self.chosen_changed.emit(None)
        types = self.types() if changes.relations_added else {}
        me = self.bridge.workspace.annotator.id
        for rid in changes.relations_added:
            try:
                relation = self.relations.get(rid)
            except NotFound:
                continue  # made and gone again within the same change
            if relation.annotator_id != me or relation.document_id != self.editor.document_id:
                continue
            drawn = self._drawn(relation, types)
            if drawn is not None:
                self._shown[rid] = relation
                self.view.add_relation(drawn[0])
                self.row_added.emit(drawn[1])

    def _show_pending(self) -> None:
        """Redraw only the arc of relation mode (the head to the tail candidate)."""
        try:
            self.view.remove_relation(PENDING)
        except KeyError:
            pass  # none drawn yet
        pending = self._pending_mark()
        if pending is not None:
            self.view.add_relation(pending)

    def _pending_mark(self) -> RelationMark | None:
        head, tail = self.editor.spans.get(self.head or 0), self.editor.spans.get(self.tail or 0)
        if head is None or tail is None:
            return None
        return RelationMark(PENDING, (head.start, head.end), (tail.start, tail.end), "#888888", "?")

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

    def _on_document_changed(self, _doc: int) -> None:
        """Another document: its own relations; nothing chosen, no relation mode carried over."""
        if self.head is not None:
            self._show("", 0)
        self.chosen = self.head = self.tail = None
        self.refresh()

    def _on_current_span_changed(self, span: object) -> None:
        if span is not None and self.chosen is not None:
            self.chosen = None
            self.view.set_chosen_relation(None)
            self.chosen_changed.emit(None)

    def _on_changed(self, changes: Changes) -> None:
        doc = self.editor.document_id
        if doc is None or doc not in (changes.relations_changed | changes.documents):
            return
        if doc in changes.relations_changed and not (changes.relations_added or changes.relations_removed):
            self.refresh()  # a relation retyped or reversed (or that undone)
            return
        self._apply(changes)
        moved = set(changes.spans_removed) | set(changes.spans_updated)
        if moved and any(r.head in moved or r.tail in moved for r in self._shown.values()):
            self.refresh()  # an end's words or label changed

    # --- creating ---------------------------------------------------------------------

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
        key = self.ask_type(allowed)
        if key is None:
            return
        changes = self.bridge.attempt(self.relations.add, head, tail, key)
        if changes is not None and changes.relations_added:
            self.choose(changes.relations_added[0])

    def ask_type(self, types: list[RelationType]) -> str | None:
        chooser = TypeChooser(types, self.view)
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

    # --- relation mode (keyboard) -----------------------------------------------------

    def start(self) -> None:
        """Relation mode from the chosen span: Tab steps the tail, Enter asks the type."""
        head = self.editor.current
        if head is None:
            self._show(tr("Choose a span first (Tab), then press R to relate it"), 6000)
            return
        self.head, self.tail = head, None
        self.mode_changed.emit(True)
        self.step_tail(True)

    @property
    def active(self) -> bool:
        return self.head is not None

    def step_tail(self, forward: bool) -> bool:
        """In relation mode, move the tail to the next (or previous) span; False when not in it."""
        if self.head is None:
            return False
        ordered = sorted(self.editor.spans.values(), key=lambda s: (s.start, s.end, s.id))
        others = [stored_id(s) for s in ordered if s.id != self.head]
        if not others:
            self.cancel()
            self._show(tr("There is no other span to relate to"), 6000)
            return True
        at = others.index(self.tail) + (1 if forward else -1) if self.tail in others else (0 if forward else -1)
        tail_id = self.tail = others[at % len(others)]
        tail = self.editor.spans[tail_id]
        self.view.reveal(tail.start, tail.end)
        self._show_pending()
        self._show(tr("Relation: Tab or Shift+Tab picks the other span, Enter chooses the type, Esc cancels"), 0)
        return True

    def confirm(self) -> bool:
        """Enter in relation mode: ask the type and relate; False when not in relation mode."""
        if self.head is None:
            return False
        head, tail = self.head, self.tail
        self.cancel()
        if tail is not None:
            self.create(head, tail)
        return True

    def cancel(self) -> bool:
        """Esc: leave relation mode, else un-choose the chosen relation; False when neither."""
        if self.head is None:
            if self.chosen is None:
                return False
            self.choose(None)
            return True
        self.head = self.tail = None
        self.mode_changed.emit(False)
        self._show_pending()
        self._show("", 0)
        return True

    # --- the chosen relation ----------------------------------------------------------

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
        key = self.ask_type(allowed)
        if key is not None:
            self.bridge.attempt(self.relations.retype, self.chosen, key)

    def _relation(self, relation_id: int) -> Relation | None:
        """One of the shown document's relations in this layer, by id."""
        doc = self.editor.document_id
        found = [r for r in self.relations.of_document(doc) if r.id == relation_id] if doc is not None else []
        return found[0] if found else None
