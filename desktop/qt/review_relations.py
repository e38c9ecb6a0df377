"""Review mode's relations: each compared layer's relation candidates and gold's relations
drawn as arcs (as the main window draws relations), the chosen one, and deciding it.

A candidate's arc is coloured by its class, pale grey once rejected; gold's
relations are drawn in their type's colour with a star. ] / [ choose the
next / previous undecided candidate, clicking an arc chooses it; while a
relation is chosen, accept, reject and retract act on it; dragging from one gold
span's chip to another's draws a gold relation (logic: RelationReview).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QCursor

from desktop.core.ids import stored_id
from desktop.core.model import Span
from desktop.core.relations import Relation, RelationType
from desktop.core.review import Decision
from desktop.core.review_relations import RelationCandidate, RelationKind, RelationProvenance
from desktop.i18n import N_, tr
from desktop.qt.document_view import RelationMark
from desktop.qt.plain import one_line
from desktop.qt.relation_chooser import TypeChooser, type_name
from desktop.qt.review_marks import DECISION_TEXT
from desktop.workspace.review.relations import RelationReview

if TYPE_CHECKING:
    from desktop.qt.review_window import ReviewWindow

RELATION_KIND_COLORS = {RelationKind.AGREED: "#2e9e5b", RelationKind.TYPE: "#e67e22", RelationKind.PARTIAL: "#7f8c8d"}
RELATION_KIND_TEXT = {
    RelationKind.AGREED: N_("all agree"),
    RelationKind.TYPE: N_("type or direction differs"),
    RelationKind.PARTIAL: N_("only some have it"),
}
REJECTED_COLOR = "#b4b4b4"


def candidate_mark_id(candidate: RelationCandidate) -> int:
    """Negative ids keep candidates apart from gold relations (positive relation ids)."""
    return -stored_id(candidate.relations[0])


class ReviewRelations:
    """The review window's relations: what is drawn, which is chosen, and the decisions on it."""

    def __init__(self, window: ReviewWindow) -> None:
        self.window = window
        self.review = RelationReview(window.review)
        self.candidates: list[RelationCandidate] = []
        self.gold: list[tuple[Relation, RelationProvenance | None]] = []
        self.chosen: int | None = None  # an arc's id: a candidate (negative) or a gold relation
        window.view.relation_chosen.connect(self._on_relation_chosen)
        window.view.relation_drawn.connect(self._on_drawn)

    def refresh(self, document_id: int, gold_spans: list[Span]) -> None:
        """Rebuild the arcs of the open document from storage."""
        attempt = self.window.bridge.attempt
        self.candidates = attempt(self.review.candidates, document_id) or []
        self.gold = attempt(self.review.gold, document_id) or []
        types = self.review.types()
        marks = [m for c in self.candidates if (m := self._candidate_mark(c, types)) is not None]
        spans = {stored_id(s): s for s in gold_spans}
        marks += [m for r, _ in self.gold if (m := _gold_mark(r, spans, types)) is not None]
        self.window.view.set_relations(marks)
        if self.chosen not in {m.id for m in marks}:
            self.chosen = None
        self.window.view.set_chosen_relation(self.chosen)

    def _candidate_mark(self, c: RelationCandidate, types: dict[str, RelationType]) -> RelationMark | None:
        if c.decision is Decision.ACCEPTED:
            return None  # gold's own arc shows it
        rtype = types.get(c.type)
        color = REJECTED_COLOR if c.decision is Decision.REJECTED else RELATION_KIND_COLORS[c.kind]
        caption = f"{type_name(rtype) if rtype else c.type} · {', '.join(c.layers)}"
        directed = rtype.directed if rtype else True
        return RelationMark(candidate_mark_id(c), c.head[:2], c.tail[:2], color, caption, directed)

    # --- the chosen relation ------------------------------------------------------------

    def candidate(self) -> RelationCandidate | None:
        return next((c for c in self.candidates if candidate_mark_id(c) == self.chosen), None)

    def gold_relation(self) -> int | None:
        return self.chosen if self.chosen in {r.id for r, _ in self.gold} else None

    def choose(self, mark_id: int | None) -> None:
        self.chosen = mark_id
        self.window.view.set_chosen_relation(mark_id)
        candidate = self.candidate()
        if candidate is not None:
            self.window.view.reveal(min(candidate.head[0], candidate.tail[0]))
            self.window.statusBar().showMessage(self.describe(candidate), 8000)

    def describe(self, c: RelationCandidate) -> str:
        text = self.window.text
        rtype = self.review.types().get(c.type)
        return tr(
            "Relation «{head}» → «{tail}» ({type}, {layers}): {kind}, {decision}",
            head=one_line(text[c.head[0] : c.head[1]]),
            tail=one_line(text[c.tail[0] : c.tail[1]]),
            type=type_name(rtype) if rtype else c.type,
            layers=", ".join(c.layers),
            kind=tr(RELATION_KIND_TEXT[c.kind]),
            decision=tr(DECISION_TEXT[c.decision]),
        )

    def step(self, forward: bool) -> None:
        """Choose the next (previous) undecided relation candidate after the chosen one."""
        pending = [c for c in self.candidates if c.decision is Decision.PENDING]
        current = self.candidate()
        here = current.index if current is not None else (-1 if forward else len(self.candidates))
        found = [c for c in pending if (c.index > here if forward else c.index < here)]
        if not found:
            self.window.statusBar().showMessage(tr("No more undecided relations in this document"), 5000)
            return
        self.choose(candidate_mark_id(found[0] if forward else found[-1]))

    # --- deciding -----------------------------------------------------------------------

    def accept(self) -> None:
        candidate = self.candidate()
        if candidate is not None and self.window.bridge.attempt(self.review.accept, candidate) is not None:
            self._next()

    def reject(self) -> None:
        candidate = self.candidate()
        if candidate is not None and self.window.bridge.attempt(self.review.reject, candidate) is not None:
            self._next()

    def retract(self) -> None:
        relation = self.gold_relation()
        if relation is not None:
            self.window.bridge.attempt(self.review.retract, relation)

    def _next(self) -> None:
        """After a decision, on to the next undecided relation (none left: none chosen)."""
        pending = [c for c in self.candidates if c.decision is Decision.PENDING]
        self.choose(candidate_mark_id(pending[0]) if pending else None)

    def _on_relation_chosen(self, mark_id: int) -> None:
        self.choose(mark_id)

    def _on_drawn(self, head: tuple[int, int], tail: tuple[int, int]) -> None:
        """A drag from one gold span's chip to another's: relate them by a type chosen from a menu."""
        w = self.window
        head_id, tail_id = self._gold_at(head), self._gold_at(tail)
        if head_id is None or tail_id is None:
            w.statusBar().showMessage(tr("A gold relation joins two gold spans: accept both first"), 8000)
            return
        label_of = {span_id: key[2] for key, span_id in w.gold_by_key.items()}
        allowed = [t for t in self.review.types().values() if t.allows(label_of[head_id], label_of[tail_id])]
        if not allowed:
            w.statusBar().showMessage(tr("No relation type is allowed between these two labels"), 8000)
            return
        key = self._ask_type(allowed)
        changes = None if key is None else w.bridge.attempt(self.review.draw, head_id, tail_id, key)
        if changes is not None and changes.relations_added:
            self.choose(changes.relations_added[0])

    def _gold_at(self, where: tuple[int, int]) -> int | None:
        """The gold span with these ends: the chosen gold span first, else the oldest."""
        found = sorted(i for (s, e, _), i in self.window.gold_by_key.items() if (s, e) == where)
        chosen = self.window.chosen_gold
        return chosen if chosen in found else (found[0] if found else None)

    def _ask_type(self, types: list[RelationType]) -> str | None:
        view = self.window.view
        chooser = TypeChooser(types, view)
        cursor = QCursor.pos()
        inside = view.rect().contains(view.mapFromGlobal(cursor))
        chooser.exec(cursor if inside else view.mapToGlobal(view.rect().center()))
        key = chooser.chosen
        chooser.deleteLater()
        view.activateWindow()  # the keys go back to the text
        view.setFocus()
        return key


def _gold_mark(relation: Relation, spans: dict[int, Span], types: dict[str, RelationType]) -> RelationMark | None:
    head, tail, rtype = spans.get(relation.head), spans.get(relation.tail), types.get(relation.type)
    if head is None or tail is None or rtype is None:
        return None
    ends = (head.start, head.end), (tail.start, tail.end)
    return RelationMark(stored_id(relation), *ends, rtype.colour, f"★ {type_name(rtype)}", rtype.directed)
