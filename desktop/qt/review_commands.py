"""Review mode's keyboard commands (mixed into ReviewWindow)."""

from __future__ import annotations

from desktop.core.review import ReviewStatus
from desktop.i18n import N_, number, tr
from desktop.qt.plain import ask
from desktop.qt.review_marks import label_name
from desktop.text.analysis import analyze
from desktop.text.snap import snap_to_tokens


class ReviewCommands:
    """Relies on the window's review, view, bridge, units, current candidate and
    chosen gold span."""

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

    def label_key(self, key: str, another: bool = False) -> None:
        """A label's hotkey, by the main window's rule. The words are the selection, else
        the chosen gold span's, else the current candidate's. A gold span on exactly those
        words is relabelled (to its own label: nothing, no step); otherwise the candidate
        is accepted with this label (and the selection's boundary), or, with a selection
        away from it, a gold span is drawn. `another` (Ctrl+hotkey) adds a second gold
        span on the same words instead. The result becomes the chosen gold span."""
        candidate, chosen, selected = self.current_candidate(), self.chosen_span(), self._selection()
        words = selected or self._words_of(chosen) or (candidate and (candidate.start, candidate.end))
        if not words or self.document_id is None:
            return
        target = (*words, key)
        if target not in self.gold_by_key:
            same = chosen if self._words_of(chosen) == words else next(
                (span for (s, e, _), span in self.gold_by_key.items() if (s, e) == words), None)
            if same is not None and not another:
                changes = self.bridge.attempt(self.review.relabel, same, key)
            elif candidate is None or not candidate.overlaps(*words):
                changes = self.bridge.attempt(self.review.draw, self.document_id, *words, key)
            else:
                bounds = {"start": words[0], "end": words[1]} if selected or chosen else {}
                changes = self.bridge.attempt(self.review.accept, candidate, label=key, **bounds)
            if changes is None:
                return
            if another:
                self.statusBar().showMessage(tr("Added «{name}» as another label on the same words",
                                                name=label_name(self.bridge.workspace.labels(), key)), 6000)
        self.choose_gold(self.gold_by_key.get(target))

    def choose_gold(self, span_id: int | None) -> None:
        """Make a gold span the chosen one (a hotkey then relabels it), in its unit if any.
        Choosing drops the text selection, so the next hotkey can only mean this span."""
        if span_id not in self.gold_ids:
            return
        self.view.clear_selection()
        unit = next((u for u in self.units if any(s.id == span_id for s in u.gold)), None)
        if unit is not None and unit.index != self.unit_index:
            self.unit_index, self.candidate_index = unit.index, 0
        self.chosen_gold = span_id
        self._show_current()

    def chosen_span(self) -> int | None:
        """The gold span a hotkey relabels: the one shown as current, if it is gold."""
        current = self.view.current_mark()
        return current if current in self.gold_ids else None

    def _on_selection_changed(self, start: int, end: int) -> None:
        """Selecting words un-chooses a chosen gold span: the hotkey then labels the words."""
        if start != end and self.chosen_span() is not None:
            self.chosen_gold = None
            self.view.set_current_mark(None)

    def _words_of(self, span_id: int | None) -> tuple[int, int] | None:
        mark = self.view.mark(span_id) if span_id is not None else None
        return (mark.start, mark.end) if mark is not None else None

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
        if self.document_id is None:
            return
        undecided = sum(not unit.decided for unit in self.units)
        if status is ReviewStatus.REVIEWED and undecided and not self._mark_anyway(undecided):
            return
        self.bridge.attempt(self.review.set_status, self.document_id, status)

    def _mark_anyway(self, undecided: int) -> bool:
        text = (tr("1 unit is still undecided. Mark reviewed anyway?") if undecided == 1 else
                tr("{count} units are still undecided. Mark reviewed anyway?", count=number(undecided)))
        return ask(self, tr("Review"), text, tr("Mark reviewed"), tr("Cancel"))

    def _decided(self, changes) -> None:
        """After a decision, move on to the next undecided unit."""
        self.view.clear_selection()
        if changes and self.current_unit() is not None and self.current_unit().decided:
            self.step_unit(True)
