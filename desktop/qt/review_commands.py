"""Review mode's keyboard commands: their table, and the commands themselves over
the review window's state (units, the current candidate, the chosen gold span)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.core.review import ReviewStatus
from desktop.i18n import N_, number, tr
from desktop.qt.actions import ActionBindings, ActionSpec
from desktop.qt.plain import ask
from desktop.qt.review_marks import label_name
from desktop.text.analysis import analyze
from desktop.text.snap import snap_to_tokens
from desktop.workspace import Changes

if TYPE_CHECKING:
    from desktop.qt.review_window import ReviewWindow

REVIEW_ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("next_undecided", N_("Next undecided unit"), ("N", "J"), "Review"),
    ActionSpec("previous_undecided", N_("Previous undecided unit"), ("P", "K"), "Review"),
    ActionSpec("next_unit", N_("Next unit"), ("Shift+N", "Shift+J"), "Review"),
    ActionSpec("previous_unit", N_("Previous unit"), ("Shift+P", "Shift+K"), "Review"),
    ActionSpec("next_candidate", N_("Next candidate in the unit"), ("Tab",), "Review"),
    ActionSpec("previous_candidate", N_("Previous candidate in the unit"), ("Shift+Tab",), "Review"),
    ActionSpec("next_relation", N_("Next undecided relation"), ("]",), "Review"),
    ActionSpec("previous_relation", N_("Previous undecided relation"), ("[",), "Review"),
    ActionSpec("details", N_("Details that differ (again: back to the text)"), ("F2",), "Review"),
    ActionSpec("accept", N_("Accept into gold"), ("A", "Return"), "Review"),
    ActionSpec("reject", N_("Reject"), ("R", "X"), "Review"),
    ActionSpec("reject_unit", N_("Reject the whole unit"), ("Shift+R", "Shift+X"), "Review"),
    ActionSpec("accept_agreed", N_("Accept every agreed span"), ("Ctrl+Shift+A",), "Review"),
    ActionSpec("retract", N_("Take out of gold"), ("Delete", "Backspace"), "Review"),
    ActionSpec("mark_reviewed", N_("Mark reviewed"), ("Ctrl+Return",), "Review"),
    ActionSpec("mark_in_review", N_("Mark in review"), ("Ctrl+Shift+Return",), "Review"),
    ActionSpec("undo", N_("Undo"), ("Ctrl+Z",), "Review"),
    ActionSpec("redo", N_("Redo"), ("Ctrl+Shift+Z", "Ctrl+Y"), "Review"),
)


class ReviewCommands:
    """What review mode's keys do, over the window's units, view and bridge."""

    def __init__(self, window: ReviewWindow) -> None:
        self.window = window

    def bindings(self) -> ActionBindings:
        """Each review action's handler, bound here and nowhere else."""
        w = self.window
        return ActionBindings(
            triggers={
                "next_undecided": lambda: w.step_unit(True),
                "previous_undecided": lambda: w.step_unit(False),
                "next_unit": lambda: w.step_unit(True, False),
                "previous_unit": lambda: w.step_unit(False, False),
                "next_candidate": lambda: self.cycle_candidate(1),
                "previous_candidate": lambda: self.cycle_candidate(-1),
                "next_relation": lambda: w.relations.step(True),
                "previous_relation": lambda: w.relations.step(False),
                "details": self.toggle_details,
                "accept": self.accept_current,
                "reject": self.reject_current,
                "reject_unit": self.reject_unit,
                "accept_agreed": self.accept_agreed,
                "retract": self.retract_current,
                "mark_reviewed": lambda: self.mark(ReviewStatus.REVIEWED),
                "mark_in_review": lambda: self.mark(ReviewStatus.IN_REVIEW),
                "undo": w.bridge.undo,
                "redo": w.bridge.redo,
            }
        )

    def cycle_candidate(self, step: int) -> None:
        w = self.window
        unit = w.current_unit()
        if unit is not None and unit.candidates:
            w.select_unit(unit.index, (w.candidate_index + step) % len(unit.candidates))

    def _selection(self) -> tuple[int, int] | None:
        """The view's selection snapped to tokens, if the reviewer made one."""
        text = self.window.text
        selected = self.window.view.selected_range()
        if not selected or selected[0] == selected[1]:
            return None
        return snap_to_tokens(text, analyze(text).tokens, *selected)

    def accept_current(self) -> None:
        """Accept what has the keys: a highlighted detail, else the chosen relation, else the candidate."""
        w = self.window
        if w.details.hasFocus():
            w.details.take_current()
            return
        if w.relations.chosen is not None:
            w.relations.accept()
            return
        candidate = w.current_candidate()
        if candidate is None:
            return
        start, end = self._selection() or (None, None)
        self._decided(w.bridge.attempt(w.review.accept, candidate, start=start, end=end))

    def label_key(self, key: str, another: bool = False) -> None:
        """A label's hotkey, by the main window's rule. The words are the selection, else
        the chosen gold span's, else the current candidate's. A gold span on exactly those
        words is relabelled (to its own label: nothing, no step); otherwise the candidate
        is accepted with this label (and the selection's boundary), or, with a selection
        away from it, a gold span is drawn. `another` (Ctrl+hotkey) adds a second gold
        span on the same words instead. The result becomes the chosen gold span."""
        w = self.window
        candidate, chosen, selected = w.current_candidate(), self.chosen_span(), self._selection()
        words = selected or self._words_of(chosen) or (candidate and (candidate.start, candidate.end))
        if not words or w.document_id is None:
            return
        target = (*words, key)
        if target not in w.gold_by_key:
            same = (
                chosen
                if self._words_of(chosen) == words
                else next((span for (s, e, _), span in w.gold_by_key.items() if (s, e) == words), None)
            )
            if same is not None and not another:
                changes = w.bridge.attempt(w.review.relabel, same, key)
            elif candidate is None or not candidate.overlaps(*words):
                changes = w.bridge.attempt(w.review.draw, w.document_id, *words, key)
            else:
                start, end = words if selected or chosen else (None, None)
                changes = w.bridge.attempt(w.review.accept, candidate, label=key, start=start, end=end)
            if changes is None:
                return
            if another:
                w.statusBar().showMessage(
                    tr(
                        "Added «{name}» as another label on the same words",
                        name=label_name(w.bridge.workspace.labels(), key),
                    ),
                    6000,
                )
        self.choose_gold(w.gold_by_key.get(target))

    def choose_gold(self, span_id: int | None) -> None:
        """Make a gold span the chosen one (a hotkey then relabels it), in its unit if any.
        Choosing drops the text selection, so the next hotkey can only mean this span."""
        w = self.window
        if span_id not in w.gold_ids:
            return
        w.view.clear_selection()
        unit = next((u for u in w.units if any(s.id == span_id for s in u.gold)), None)
        if unit is not None and unit.index != w.unit_index:
            w.unit_index, w.candidate_index = unit.index, 0
        w.chosen_gold = span_id
        w.show_current()

    def chosen_span(self) -> int | None:
        """The gold span a hotkey relabels: the one shown as current, if it is gold."""
        current = self.window.view.current_mark()
        return current if current in self.window.gold_ids else None

    def selection_changed(self, start: int, end: int) -> None:
        """Selecting words un-chooses a chosen gold span: the hotkey then labels the words."""
        if start != end and self.chosen_span() is not None:
            self.window.chosen_gold = None
            self.window.view.set_current_mark(None)

    def _words_of(self, span_id: int | None) -> tuple[int, int] | None:
        mark = self.window.view.mark(span_id) if span_id is not None else None
        return (mark.start, mark.end) if mark is not None else None

    def reject_current(self) -> None:
        w = self.window
        if w.relations.chosen is not None:
            w.relations.reject()
            return
        candidate = w.current_candidate()
        if candidate is not None:
            self._decided(w.bridge.attempt(w.review.reject, candidate))

    def reject_unit(self) -> None:
        w = self.window
        unit = w.current_unit()
        if unit is not None:
            self._decided(w.bridge.attempt(w.review.reject_unit, unit))

    def accept_agreed(self) -> None:
        w = self.window
        if w.document_id is not None:
            self._decided(w.bridge.attempt(w.review.accept_agreed, w.document_id))

    def retract_current(self) -> None:
        w = self.window
        if w.relations.chosen is not None:
            w.relations.retract()
            return
        current = w.view.current_mark()
        if current is not None and current in w.gold_ids:
            w.bridge.attempt(w.review.retract, current)

    def toggle_details(self) -> None:
        """Keys to the list of details that differ (Enter or A takes a row's value), or back."""
        w = self.window
        if w.details.hasFocus() or not w.details.count():
            w.view.setFocus()
            if not w.details.count():
                w.statusBar().showMessage(tr("The layers agree on this span's details"), 5000)
            return
        w.details.setFocus()

    def take_detail(self, name: str, layer: str) -> None:
        w = self.window
        candidate = w.current_candidate()
        if candidate is not None:
            w.bridge.attempt(w.details.details.take, candidate, name, layer)

    def mark(self, status: ReviewStatus) -> None:
        w = self.window
        if w.document_id is None:
            return
        undecided = sum(not unit.decided for unit in w.units)
        if status is ReviewStatus.REVIEWED and undecided and not self._mark_anyway(undecided):
            return
        w.bridge.attempt(w.review.set_status, w.document_id, status)

    def _mark_anyway(self, undecided: int) -> bool:
        text = (
            tr("1 unit is still undecided. Mark reviewed anyway?")
            if undecided == 1
            else tr("{count} units are still undecided. Mark reviewed anyway?", count=number(undecided))
        )
        return ask(self.window, tr("Review"), text, tr("Mark reviewed"), tr("Cancel"))

    def _decided(self, changes: Changes | None) -> None:
        """After a decision, move on to the next undecided unit."""
        w = self.window
        w.view.clear_selection()
        unit = w.current_unit()
        if changes and unit is not None and unit.decided:
            w.step_unit(True)
