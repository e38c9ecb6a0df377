"""Review use cases: disagreement units, decisions into gold, review status.

`Review` works over a `Workspace`: the workspace's annotator is the
reviewer, every decision is one undoable step on the workspace's stack and
returns `Changes` (with `review_changed`). The first decision in a document
marks it "in review" in the same step. Units are computed afresh on each
call from the stored spans, so they are never stale after an undo.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from desktop.core.clock import now
from desktop.core.errors import ConflictError, InputError, NotFound
from desktop.core.ids import stored_id
from desktop.core.model import Annotator, Origin, Span, Status, check_span_range
from desktop.core.review import Candidate, Decision, Key, Method, Provenance, Rejection, ReviewStatus, Unit, UnitKind
from desktop.core.review_units import build_units, competitors
from desktop.core.undo import CreateGold, CreateRejection, DeleteGold, DeleteRejection, Op, SetStatus
from desktop.workspace.changes import Changes
from desktop.workspace.review.details import agreed_ops, all_agreed_ops, carried_ops, span_details
from desktop.workspace.review.relations import RelationReview

if TYPE_CHECKING:
    from desktop.workspace.session import Workspace


class Review:
    """One reviewer adjudicating the chosen layers of a project."""

    def __init__(self, workspace: Workspace, layers: Sequence[str] | None = None) -> None:
        self.workspace = workspace
        self.repo = workspace.repo
        self.layers: list[str] | None = list(layers) if layers else None  # None: see compared()

    # --- reading ------------------------------------------------------------------------

    def candidate_layers(self) -> list[Annotator]:
        """Every layer review can compare: all but the gold layer."""
        return [a for a in self.repo.annotators() if a.kind != "gold"]

    def compared(self, document_id: int) -> list[Annotator]:
        """The layers compared in a document: the chosen ones, else every human
        layer with spans there."""
        if self.layers is None:
            present = {s.annotator_id for s in self.repo.spans(document_id)}
            return [a for a in self.repo.annotators() if a.kind == "human" and a.id in present]
        found = []
        for name in self.layers:
            annotator = self.repo.find_annotator(name)
            if annotator is None:
                raise NotFound(f"no layer {name!r} in this project")
            if annotator.kind == "gold":
                raise InputError("review.gold_compared", name=name)
            found.append(annotator)
        return found

    def units(self, document_id: int, *, without: int | None = None) -> list[Unit]:
        """The document's units in text order, each classified and with its decisions
        (as if gold span `without` were not there, when given)."""
        layers = self.compared(document_id)
        spans = self.repo.spans(document_id)
        by_layer = {a.name: [s for s in spans if s.annotator_id == a.id] for a in layers}
        gold = [(s, p) for s, p in self.gold(document_id) if s.id != without]
        provenance = {stored_id(s): p for s, p in gold if p is not None}
        return build_units(document_id, by_layer, [s for s, _ in gold], provenance, self.repo.rejections(document_id))

    def gold(self, document_id: int) -> list[tuple[Span, Provenance | None]]:
        return self.repo.gold_spans(document_id)

    def status(self, document_id: int) -> ReviewStatus:
        gold = self.repo.gold_annotator()
        status = Status.NEW if gold is None else self.repo.status(document_id, gold.id)
        return ReviewStatus.from_status(status)

    def statuses(self) -> dict[int, ReviewStatus]:
        """Every document's review status (for the document list)."""
        return {doc: ReviewStatus.from_status(s) for doc, s in self.repo.review_statuses().items()}

    # --- deciding -----------------------------------------------------------------------

    def accept(
        self, candidate: Candidate, *, label: str | None = None, start: int | None = None, end: int | None = None
    ) -> Changes:
        """Put a candidate into gold, as it is or with another label or boundary.
        Pending candidates competing with it (overlapping it, proposed by no
        layer together with it) are rejected in the same step."""
        doc = candidate.document_id
        target = (
            candidate.start if start is None else start,
            candidate.end if end is None else end,
            label or candidate.label,
        )
        self._check(doc, target)
        if target in self._gold_keys(doc):
            if target == candidate.key:
                return Changes()  # accepted already
            start, end, label = target
            raise ConflictError(f"the gold layer already has {label} [{start}, {end})")
        units = self.units(doc)  # fresh from storage: an annotator may have changed the layer meanwhile
        if candidate.spans and not any(unit.candidate(candidate.key) for unit in units):
            start, end, label = candidate.key
            raise InputError("review.candidate_gone", start=start, end=end, label=label)
        verb = "Accept" if target == candidate.key else "Accept edited"
        return self._decide(doc, f"{verb} {target[2]}", self._accept_ops(candidate, target, units))

    def reject(self, candidate: Candidate) -> Changes:
        """Gold must not have this candidate: drop what gold took from it, record the rejection."""
        return self._decide(
            candidate.document_id, f"Reject {candidate.label}", self._reject_ops(candidate.document_id, [candidate])
        )

    def reject_unit(self, unit: Unit) -> Changes:
        """None of the unit's candidates is right (gold spans drawn there stay)."""
        return self._decide(unit.document_id, "Reject all", self._reject_ops(unit.document_id, list(unit.candidates)))

    def draw(self, document_id: int, start: int, end: int, label: str) -> Changes:
        """Draw a gold span directly; pending candidates it overlaps are rejected."""
        target = (start, end, label)
        self._check(document_id, target)
        if target in self._gold_keys(document_id):
            raise ConflictError(f"the gold layer already has {label} [{start}, {end})")
        return self._decide(document_id, f"Draw {label}", self._draw_ops(document_id, target, self.units(document_id)))

    def relabel(self, gold_span_id: int, label: str) -> Changes:
        """Give a gold span another label: one step that leaves gold as if the reviewer
        had chosen this label in the first place (the span's source candidate, or the
        candidate that has exactly this label there, else drawn). The same label: nothing."""
        span, provenance = self._gold_span(gold_span_id)
        if span.label == label:
            return Changes()
        doc, target = span.document_id, (span.start, span.end, label)
        self._check(doc, target)
        if target in self._gold_keys(doc):
            raise ConflictError(f"the gold layer already has {label} [{span.start}, {span.end})")
        units = self.units(doc, without=span.id)  # as before this span was decided
        source = provenance.source if provenance is not None else None
        chosen = next((c for u in units if (c := u.candidate(target))), None) or next(
            (c for u in units if source and (c := u.candidate(source))), None
        )
        ops: list[Op] = [DeleteGold(span, provenance)]
        ops += self._accept_ops(chosen, target, units, carry=False) if chosen else self._draw_ops(doc, target, units)
        # what the reviewer gave the span stays with it (the new label's fields), and so
        # do its relations that the new label still allows
        ops += carried_ops(self.repo, doc, span_details(self.repo, [span])[stored_id(span)], target)
        ops += RelationReview(self).kept_ops(span, target)
        return self._decide(doc, f"Relabel {label}", ops)

    def accept_agreed(self, document_id: int) -> Changes:
        """Accept every pending candidate of every unit all compared layers agree on, with the
        details they agree on, and every agreed relation whose two ends are then gold."""
        held = self._gold_keys(document_id)
        agreed = [
            c
            for unit in self.units(document_id)
            if unit.kind is UnitKind.AGREED
            for c in unit.candidates
            if c.decision is Decision.PENDING and c.key not in held
        ]
        ops: list[Op] = []
        for c, carried in zip(agreed, all_agreed_ops(self.repo, agreed)):
            ops.append(self._gold_op(document_id, c.key, self._provenance(c, Method.ACCEPTED)))
            ops += carried
        ends = {key: key for key in held | {c.key for c in agreed}} | self._edited_sources(document_id)
        ops += RelationReview(self).agreed_ops(document_id, ends)
        return self._decide(document_id, "Accept agreed spans", ops)

    def retract(self, gold_span_id: int) -> Changes:
        """Take a span out of gold (its candidate becomes pending again)."""
        span, provenance = self._gold_span(gold_span_id)
        return self._decide(span.document_id, "Retract gold span", [DeleteGold(span, provenance)])

    def set_status(self, document_id: int, status: ReviewStatus) -> Changes:
        gold = self._gold_layer()
        before, after = self.repo.status(document_id, gold.id), ReviewStatus(status).as_status()
        if before == after:
            return Changes()
        return self.workspace.apply_ops(
            f"Mark {ReviewStatus(status)}", [SetStatus(document_id, gold.id, before, after)]
        )

    # --- machinery ----------------------------------------------------------------------

    def _decide(self, document_id: int, description: str, ops: list[Op]) -> Changes:
        """One undoable step; a document not yet in review enters review with it."""
        if not ops:
            return Changes()
        gold = self._gold_layer()
        if self.repo.status(document_id, gold.id) == Status.NEW:
            ops.append(SetStatus(document_id, gold.id, Status.NEW, Status.IN_PROGRESS))
        return self.workspace.apply_ops(description, ops)

    def _accept_ops(self, candidate: Candidate, target: Key, units: list[Unit], *, carry: bool = True) -> list[Op]:
        """Gold takes `target` from `candidate` (with the details its layers agree on, when
        `carry`); pending rivals in `units` are rejected."""
        doc = candidate.document_id
        method = Method.ACCEPTED if target == candidate.key else Method.EDITED
        ops = self._unreject(doc, {candidate.key, target})
        ops.append(self._gold_op(doc, target, self._provenance(candidate, method)))
        # the candidate as `units` hold it (fresh from storage), with all its layers
        chosen = next((c for u in units if (c := u.candidate(candidate.key))), candidate)
        ops += agreed_ops(self.repo, chosen, target) if carry else []
        ops += self._rejections(
            c for u in units for c in competitors(u, chosen, *target[:2]) if c.key != target
        )  # the same span as gold takes is not a rival
        return ops

    def _draw_ops(self, document_id: int, target: Key, units: list[Unit]) -> list[Op]:
        ops = self._unreject(document_id, {target})
        ops.append(self._gold_op(document_id, target, Provenance(Method.DRAWN, self._reviewer(), now())))
        ops += self._rejections(c for unit in units for c in competitors(unit, None, *target[:2]))
        return ops

    def _gold_span(self, gold_span_id: int) -> tuple[Span, Provenance | None]:
        span = self.repo.span(gold_span_id)
        gold = self.repo.gold_annotator()
        if gold is None or span.annotator_id != gold.id:
            raise InputError("review.not_gold", span=gold_span_id)
        return span, self.repo.provenance([gold_span_id]).get(gold_span_id)

    def _reject_ops(self, document_id: int, candidates: list[Candidate]) -> list[Op]:
        keys = {c.key for c in candidates}
        ops: list[Op] = [
            DeleteGold(s, p)
            for s, p in self.gold(document_id)
            if (s.start, s.end, s.label) in keys or (p and p.source in keys)
        ]
        rejected = {r.key for r in self.repo.rejections(document_id)}
        ops += self._rejections(c for c in candidates if c.key not in rejected)
        return ops

    def _rejections(self, candidates: Iterable[Candidate]) -> list[Op]:
        unique = {c.key: c for c in candidates}.values()
        return [
            CreateRejection(Rejection(c.document_id, c.start, c.end, c.label, c.layers, self._reviewer(), now()))
            for c in unique
        ]

    def _unreject(self, document_id: int, keys: set[Key]) -> list[Op]:
        return [DeleteRejection(r) for r in self.repo.rejections(document_id) if r.key in keys]

    def _gold_op(self, document_id: int, key: Key, provenance: Provenance) -> CreateGold:
        span = Span(document_id, key[0], key[1], key[2], self._gold_layer().id, Origin.MANUAL)
        return CreateGold(span, provenance)

    def _provenance(self, candidate: Candidate, method: Method) -> Provenance:
        source_id = candidate.spans[0].id if candidate.spans else None
        return Provenance(method, self._reviewer(), now(), source_id, candidate.layers, candidate.key)

    def _gold_keys(self, document_id: int) -> set[Key]:
        return {(s.start, s.end, s.label) for s, _ in self.gold(document_id)}

    def _edited_sources(self, document_id: int) -> dict[Key, Key]:
        """Candidates gold took with another label or boundary, and the gold span's key each became."""
        gold = [(p.source, (s.start, s.end, s.label)) for s, p in self.gold(document_id) if p and p.source]
        return {source: key for source, key in gold if source != key}

    def _check(self, document_id: int, key: Key) -> None:
        check_span_range(key[0], key[1], self.repo.document_length(document_id))
        if key[2] not in self.workspace.labels():
            raise NotFound(f"no label {key[2]!r} in this project")

    def _gold_layer(self) -> Annotator:
        gold = self.repo.gold_annotator()
        if gold is None:
            with self.repo.action(self._reviewer()):
                gold = self.repo.gold_annotator(create=True)
        return gold

    def _reviewer(self) -> str:
        return self.workspace.annotator.name
