"""Relations in the main window: arcs of the shown document, drawing, choosing, editing.

Holds no widgets of its own but the small type chooser: it draws the current
layer's relations in the document view, turns a chip-to-chip drag (or the
keyboard's relation mode) into `Relations.add`, and deletes, reverses and
retypes the chosen relation. Every change comes back through `bridge.changed`,
so undo, redo and span deletions redraw the same way.

The drawing lives in relation_arcs.py, choosing and editing in relation_edits.py;
this module adds the keyboard's relation mode (R, Tab / Shift+Tab, Enter, Esc).
"""

from __future__ import annotations

from desktop.i18n import tr
from desktop.qt.relation_edits import RelationEdits


class RelationEditor(RelationEdits):
    """The shown document's relations in the current annotator's layer, edited from the window."""

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
        start = self.tail if self.tail in self.editor.spans else self.head  # the first step: beside the head
        tail_id = self.editor.neighbour(start, forward, skip=self.head)
        if tail_id is None:
            self.cancel()
            self._show(tr("There is no other span to relate to"), 6000)
            return True
        self._pick_tail(tail_id)
        return True

    def resume(self, head: int, tail: int | None) -> None:
        """Relation mode as another window had it (the same one rebuilt in another language):
        the same head and tail candidate, the hint in this window's language."""
        if head not in self.editor.spans:
            return
        self.head, self.tail = head, None
        self.mode_changed.emit(True)
        if tail in self.editor.spans and tail != head:
            self._pick_tail(tail)
        else:
            self.step_tail(True)

    def _pick_tail(self, tail_id: int) -> None:
        self.tail = tail_id
        tail = self.editor.spans[tail_id]
        self.view.reveal(tail.start, tail.end)
        self._show_pending()
        self._show(tr("Relation: Tab or Shift+Tab picks the other span, Enter chooses the type, Esc cancels"), 0)

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
