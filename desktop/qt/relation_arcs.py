"""Relations in the main window, drawn: the current layer's relations of the shown document
as arcs in the document view and rows for the relations panel, kept in step with every
change that comes back through `bridge.changed` (undo, redo and span deletions alike).

`RelationEdits` (relation_edits.py) adds choosing and editing, `RelationEditor`
(relation_editor.py) the keyboard's relation mode.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QObject, Signal

from desktop.core.errors import NotFound
from desktop.core.ids import stored_id
from desktop.core.relations import Relation, RelationType
from desktop.qt.bridge import WorkspaceBridge
from desktop.qt.document_view import DocumentView, RelationMark
from desktop.qt.editor import Editor
from desktop.qt.relation_chooser import type_name
from desktop.qt.relation_panel import RelationRow
from desktop.workspace import Changes
from desktop.workspace.relations import Relations

PENDING = -1  # the id of the arc drawn while the keyboard picks a tail


class RelationArcs(QObject):
    """The shown document's relations in the current annotator's layer, drawn and listed."""

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

    @property
    def relations(self) -> Relations:
        return Relations(self.bridge.workspace)

    def types(self) -> dict[str, RelationType]:
        return {t.key: t for t in self.relations.types()}

    def type_choices(self) -> list[tuple[str, str]]:
        """Every relation type as (key, shown name), in the scheme's order."""
        return [(t.key, type_name(t)) for t in sorted(self.relations.types(), key=lambda t: (t.order, t.key))]

    def refresh(self) -> None:
        """Draw the shown document's relations again (a new document, an edited relation or span)."""
        doc = self.editor.document_id
        found = self.relations.of_document(doc) if doc is not None else []
        types = self.types()
        self._shown = {}
        marks, rows = [], []
        looks: dict[str, RelationMark] = {}  # one checked mark per type, copied for the others
        ranges = self.editor.span_ranges() if found else {}
        for relation in found:
            drawn = self._drawn(relation, types, ranges, looks)
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

    def _drawn(
        self,
        relation: Relation,
        types: dict[str, RelationType],
        ranges: Mapping[int, tuple[int, int]],
        looks: dict[str, RelationMark] | None = None,
    ) -> tuple[RelationMark, RelationRow] | None:
        """The arc and the panel row of a relation whose spans are shown (None: it is not drawable);
        `ranges`: span id -> (start, end) of the shown spans."""
        text = self.editor.text
        head, tail, rtype = ranges.get(relation.head), ranges.get(relation.tail), types.get(relation.type)
        if head is None or tail is None or rtype is None:
            return None
        rid, caption = stored_id(relation), type_name(rtype)
        ends = head, tail
        look = looks.get(rtype.key) if looks is not None else None
        if look is not None:
            mark = look.like(rid, *ends)
        else:
            mark = RelationMark(rid, *ends, rtype.colour, caption, rtype.directed)
            if looks is not None:
                looks[rtype.key] = mark
        words = text[head[0] : head[1]], text[tail[0] : tail[1]]
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
            spans = self.editor.spans
            ends = {i: (s.start, s.end) for i in (relation.head, relation.tail) if (s := spans.get(i)) is not None}
            drawn = self._drawn(relation, types, ends)
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
        if self.head is None or self.tail is None:  # no relation mode: the spans need not be read
            return None
        head, tail = self.editor.spans.get(self.head), self.editor.spans.get(self.tail)
        if head is None or tail is None:
            return None
        return RelationMark(PENDING, (head.start, head.end), (tail.start, tail.end), "#888888", "?")

    def _on_document_changed(self, _doc: int) -> None:
        """Another document: its own relations; nothing chosen, no relation mode carried over."""
        if self.head is not None:
            self._show("", 0)
        self.chosen = self.head = self.tail = None
        self.refresh()

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
