"""Review mode's keyboard commands (mixed into ReviewWindow)."""

from __future__ import annotations

from desktop.core.review import ReviewStatus
from desktop.i18n import N_
from desktop.text.analysis import analyze
from desktop.text.snap import snap_to_tokens


class ReviewCommands:
    """Relies on the window's review, view, bridge, units and current candidate."""

    def review_actions(self):
        return (
            (N_("Next undecided unit"), ("N", "J"), lambda: self.step_unit(True)),
            (N_("Previous undecided unit"), ("P", "K"), lambda: self.step_unit(False)),
            (N_("Next unit"), ("Shift+N", "Shift+J"), lambda: self.step_unit(True, False)),
            (N_("Previous unit"), ("Shift+P", "Shift+K"), lambda: self.step_unit(False, False)),
            (N_("Next candidate in the unit"), ("Tab",), lambda: self.cycle_candidate(1)),
            (N_("Previous candidate in the unit"), ("Shift+Tab",), lambda: self.cycle_candidate(-1)),
            (N_("Accept into gold"), ("A", "Return"), self.accept_current),
            (N_("Reject"), ("R", "X"), self.reject_current),
            (N_("Reject the whole unit"), ("Shift+R", "Shift+X"), self.reject_unit),
            (N_("Accept every agreed span"), ("Ctrl+Shift+A",), self.accept_agreed),
            (N_("Take out of gold"), ("Delete", "Backspace"), self.retract_current),
            (N_("Mark reviewed"), ("Ctrl+Return",), lambda: self.mark(ReviewStatus.REVIEWED)),
            (N_("Mark in review"), ("Ctrl+Shift+Return",), lambda: self.mark(ReviewStatus.IN_REVIEW)),
            (N_("Undo"), ("Ctrl+Z",), lambda: self.bridge.call("undo")),
            (N_("Redo"), ("Ctrl+Shift+Z", "Ctrl+Y"), lambda: self.bridge.call("redo")),
        )

    def cycle_candidate(self, step: int) -> None:
        unit = self.current_unit()
        if unit is not None and unit.candidates:
            self.select_unit(unit.index, (self.candidate_index + step) % len(unit.candidates))

    def _selection(self) -> tuple[int, int] | None:
        """The view's selection snapped to tokens, if the reviewer made one."""
        selected = self.view.selected_range()
        if not selected or selected[0] == selected[1]:
            return None
        return snap_to_tokens(self.text, analyze(self.text).tokens, *selected)

    def accept_current(self) -> None:
        candidate = self.current_candidate()
        if candidate is None:
            return
        selected = self._selection()
        bounds = {"start": selected[0], "end": selected[1]} if selected else {}
        self._decided(self.bridge.attempt(self.review.accept, candidate, **bounds))

    def label_key(self, key: str) -> None:
        """A label's hotkey: accept the current candidate with this label (and the
        selection's boundary); with a selection away from it, draw a gold span."""
        candidate, selected = self.current_candidate(), self._selection()
        if selected and (candidate is None or not candidate.overlaps(*selected)):
            self._decided(self.bridge.attempt(self.review.draw, self.document_id, *selected, key))
        elif candidate is not None:
            bounds = {"start": selected[0], "end": selected[1]} if selected else {}
            self._decided(self.bridge.attempt(self.review.accept, candidate, label=key, **bounds))

    def reject_current(self) -> None:
        candidate = self.current_candidate()
        if candidate is not None:
            self._decided(self.bridge.attempt(self.review.reject, candidate))

    def reject_unit(self) -> None:
        unit = self.current_unit()
        if unit is not None:
            self._decided(self.bridge.attempt(self.review.reject_unit, unit))

    def accept_agreed(self) -> None:
        if self.document_id is not None:
            self._decided(self.bridge.attempt(self.review.accept_agreed, self.document_id))

    def retract_current(self) -> None:
        current = self.view.current_mark()
        if current is not None and current in self.gold_ids:
            self.bridge.attempt(self.review.retract, current)

    def mark(self, status: ReviewStatus) -> None:
        if self.document_id is not None:
            self.bridge.attempt(self.review.set_status, self.document_id, status)

    def _decided(self, changes) -> None:
        """After a decision, move on to the next undecided unit."""
        self.view.clear_selection()
        if changes and self.current_unit() is not None and self.current_unit().decided:
            self.step_unit(True)
