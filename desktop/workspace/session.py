"""The workspace: every use case the window and the CLI share.

A `Workspace` wraps one project file for one annotator. Each mutation runs
in one transaction (durable on return), is journaled in the history table,
pushed on the undo stack, and returns `Changes`; listeners registered with
`subscribe` hear about every change, whoever caused it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

from desktop.core.errors import ConflictError, InputError, NotFound, ProjectError
from desktop.core.ids import stored_id
from desktop.core.model import Annotator, Label, Origin, Span, Status, check_span_range
from desktop.core.relation_ops import RELATION_OPS
from desktop.core.scheme import default_relation_scheme, default_scheme
from desktop.core.undo import CreateSpan, DeleteSpan, Op, SaveLabel, SetStatus, Step, UndoStack, UpdateSpan
from desktop.storage.contract import ProjectStore
from desktop.storage.faults import Retryable
from desktop.storage.locate import is_server_url, open_again, open_store
from desktop.storage.rows import span_from_dict
from desktop.storage.staging import staging_file
from desktop.workspace.changes import Changes
from desktop.workspace.project.scheme import apply_label_op
from desktop.workspace.reads import WorkspaceReads
from desktop.workspace.relations.autofill import with_values
from desktop.workspace.relations.cascade import with_detached
from desktop.workspace.relations.ops import apply_relation_op
from desktop.workspace.review.ops import (
    REVIEW_OPS,
    apply_review_op,
    refuse_gold_annotator,
    refuse_gold_edit,
    removal_op,
)
from desktop.workspace.suggestions.ops import SUGGESTION_OPS, apply_suggestion_op

Listener = Callable[[Changes], None]
RETRIES = 3  # runs of an operation the server rolled back for meeting another (storage/faults.py)


def _start_project(repo: ProjectStore, labels: list[Label] | None, unify_digits: bool) -> None:
    """A new project's label scheme and settings, in one action."""
    from desktop.workspace.imports.plain import UNIFY_DIGITS_SETTING  # here: opening a project needs no import

    with repo.action("system"):
        for label in labels or default_scheme():
            repo.save_label(label)
        if labels is None:  # a custom scheme brings its own relation types
            relation_scheme = default_relation_scheme()
            for rtype in relation_scheme.relation_types:
                repo.save_relation_type(rtype)
            for attribute in relation_scheme.attributes:
                repo.save_attribute_field(attribute)
        repo.set_setting("normalize_plain_text", True)
        repo.set_setting("reflow", True)
        repo.set_setting(UNIFY_DIGITS_SETTING, unify_digits)


class Workspace(WorkspaceReads):
    """One open project, seen and edited by one annotator."""

    def __init__(self, repo: ProjectStore, annotator: str | None = None) -> None:
        super().__init__(repo)
        self.undo_stack = UndoStack()
        self._listeners: list[Listener] = []
        self._annotator: Annotator | None = None
        self._labels: dict[str, Label] | None = None
        if annotator or getattr(repo, "team_annotator", None):
            self.set_annotator(annotator or "")

    # --- opening ------------------------------------------------------------------

    @classmethod
    def create(cls, path: str | Path, labels: list[Label] | None = None, *, unify_digits: bool = False) -> Workspace:
        """Make a new project (a file, or at a `postgresql://` URL a server database) with the
        default (or given) label scheme; `unify_digits`: plain-text import makes digits Persian by default.

        A file is built under a temporary name beside `path` and renamed into place,
        so a crash never leaves a project without its scheme."""
        if is_server_url(path):
            store = open_store(path, create=True)
            try:
                _start_project(store, labels, unify_digits)
            except BaseException:
                store.close()
                raise
            return cls(store)
        path = Path(path)
        if path.exists():
            raise ProjectError(f"{path}: already exists")
        with staging_file(path) as temp:
            repo = open_store(temp, create=True)
            try:
                _start_project(repo, labels, unify_digits)
            finally:
                repo.close()
        return cls(open_store(path))

    @classmethod
    def open(cls, path: str | Path, annotator: str | None = None) -> Workspace:
        """Open the project at a file path or a `postgresql://` URL."""
        return cls(open_store(path), annotator)

    def open_again(self) -> Workspace:
        """Another workspace on this project, with no annotator chosen, for a worker thread: a
        file's path opened again, a server database through the same server (no password asked
        twice). Opening `self.path` instead fails on a server, where it is only the database's name."""
        return type(self)(open_again(self._repo))

    def close(self) -> None:
        self._repo.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # --- listeners --------------------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _announce(self, changes: Changes) -> Changes:
        if changes:
            for listener in list(self._listeners):
                listener(changes)
        return changes

    # --- annotator and labels -----------------------------------------------------

    @property
    def annotator(self) -> Annotator:
        if self._annotator is None:
            raise NotFound("no annotator chosen")
        return self._annotator

    @property
    def team_login(self) -> str | None:
        """The annotator a team login (PostgreSQL) acts as, whatever name is asked; None on a file."""
        login: str | None = getattr(self._repo, "team_annotator", None)
        return login or None

    def set_annotator(self, name: str) -> Annotator:
        # A team login acts as its own annotator: the layer is the login's, not a choice.
        name = (self.team_login or name).strip()
        if not name:
            raise InputError("annotator.no_name")
        if len(name) > 80 or any(unicodedata.category(c) in ("Cc", "Cs") for c in name):
            raise InputError("annotator.name_rules")
        refuse_gold_annotator(self._repo, name)
        with self._repo.action(name):
            self._annotator = self._repo.ensure_annotator(name)
        self.undo_stack.clear()  # undo belongs to the annotator who acted
        return self._annotator

    def reload_labels(self) -> None:
        """Forget the cached scheme (after an import or merge added labels)."""
        self._labels = None

    def labels(self) -> dict[str, Label]:
        if self._labels is None:
            self._labels = {label.key: label for label in self._repo.labels()}
        return self._labels

    # --- spans ----------------------------------------------------------------------

    def add_span(
        self, document_id: int, start: int, end: int, label: str, *, origin: Origin = Origin.MANUAL, note: str = ""
    ) -> Span:
        """Label [start, end) of a document in the current annotator's layer."""
        check_span_range(start, end, self._repo.document_length(document_id))
        if not self._known_label(label):
            raise NotFound(f"no label {label!r} in this project")
        span = Span(document_id, start, end, label, self.annotator.id, origin, note)
        try:
            step = self._run(f"Add {label}", self._with_progress([CreateSpan(span)]))
        except ConflictError:
            self._refuse_if_label_gone(label)
            raise
        created = step.ops[0]
        assert isinstance(created, CreateSpan)  # the status op `_with_progress` adds comes after
        return created.span

    def delete_span(self, span_id: int) -> Changes:
        op = removal_op(self._repo, self._repo.span(span_id))  # gold keeps its provenance
        return self._changes(self._run("Delete span", [op]))

    def update_span(self, span_id: int, **changes) -> Span:
        """Relabel, resize or annotate a span (keywords: start, end, label, note)."""
        before = self._repo.span(span_id)
        refuse_gold_edit(self._repo, before)
        after = Span(**{**_span_fields(before), **changes})
        check_span_range(after.start, after.end, self._repo.document_length(before.document_id))
        if not self._known_label(after.label):
            raise NotFound(f"no label {after.label!r} in this project")
        if all(getattr(after, k) == getattr(before, k) for k in ("start", "end", "label", "note")):
            return before  # nothing changes: no write, no undo step
        what = "Relabel span" if "label" in changes else "Edit span"
        try:
            self._run(what, [UpdateSpan(before, after)])
        except ConflictError:
            self._refuse_if_label_gone(after.label)
            raise
        return self._repo.span(span_id)

    def _known_label(self, label: str) -> bool:
        """In the scheme (read again once when not: someone may have added or re-keyed it meanwhile)."""
        if label in self.labels():
            return True
        self.reload_labels()
        return label in self.labels()

    def _refuse_if_label_gone(self, label: str) -> None:
        """A span refused by the store: if because a manager deleted or re-keyed the label since this
        workspace read the scheme (a server project, another window), say that, with the scheme reread."""
        self.reload_labels()
        if label not in self.labels():
            raise InputError("label.gone", label=label)

    def apply_ops(self, description: str, ops: list[Op], *, undoable: bool = True) -> Changes:
        """Run several ops as one undoable step (bulk actions). `undoable=False`
        keeps the step off the undo stack (it is still journaled): for side
        effects such as propagated suggestions, which must not stand between the
        user and the undo of what they did."""
        return self._changes(self._run(description, self._with_progress(ops), undoable))

    def _with_progress(self, ops: list[Op]) -> list[Op]:
        """Labelling a document that is still 'new' marks it 'in progress' (same step)."""
        touched = {op.span.document_id for op in ops if isinstance(op, CreateSpan)}
        me = self.annotator.id
        return ops + [
            SetStatus(doc, me, Status.NEW, Status.IN_PROGRESS)
            for doc in sorted(touched)
            if self._repo.status(doc, me) == Status.NEW
        ]

    def spans(self, document_id: int, *, all_layers: bool = False) -> list[Span]:
        return self._repo.spans(document_id, None if all_layers else self.annotator.id)

    def span_ranges(self, document_id: int) -> list[tuple[int, int, int, str]]:
        """(id, start, end, label) of the annotator's spans in a document, in no set order."""
        return self._repo.span_ranges(document_id, self.annotator.id)

    # --- status ---------------------------------------------------------------------

    def set_status(self, document_id: int, status: Status) -> Changes:
        before = self._repo.status(document_id, self.annotator.id)
        if before == status:
            return Changes()
        op = SetStatus(document_id, self.annotator.id, before, Status(status))
        return self._changes(self._run(f"Mark {status}", [op]))

    def status(self, document_id: int) -> Status:
        return self._repo.status(document_id, self.annotator.id)

    def restore_deleted_span(self, history_id: int) -> Span:
        """Bring back a deleted span from its history row, with its old id."""
        rows = self._repo.history(history_id=history_id, entity="span")
        if not rows or rows[0]["after"] is not None or rows[0]["before"] is None:
            raise NotFound(f"history #{history_id} is not the deletion of a span")
        span = span_from_dict(rows[0]["before"])
        if self._repo.has_span(stored_id(span)):
            raise ConflictError(f"span #{span.id} exists already")
        self._run("Restore span", [CreateSpan(span)])
        return self._repo.span(stored_id(span))

    # --- undo -------------------------------------------------------------------------

    def undo(self) -> Changes:
        if not self.undo_stack.can_undo():
            return Changes()
        step = self.undo_stack.pop_undo()
        return self._replay(step.inverse(), f"undo: {step.description}", self.undo_stack.restore_undo, step)

    def redo(self) -> Changes:
        if not self.undo_stack.can_redo():
            return Changes()
        step = self.undo_stack.pop_redo()
        return self._replay(step, f"redo: {step.description}", self.undo_stack.restore_redo, step)

    def _replay(self, step: Step, action: str, restore, original: Step) -> Changes:
        try:
            done = self._apply(step.ops, action)
        except Exception:
            restore(original)
            raise
        return self._announce(Changes.from_ops(done, step.description))

    # --- machinery --------------------------------------------------------------------

    def _run(self, description: str, ops: list[Op], undoable: bool = True) -> Step:
        """Apply ops in one transaction, push them as one step, announce."""
        ops = with_detached(self._repo, ops)  # what a span or label takes along (its relations...)
        ops = with_values(self._repo, ops)  # a span labelled: the values its words say (same step)
        done = self._apply(ops, description)
        step = Step(description, tuple(done))
        if undoable:
            self.undo_stack.push(step)
        self._announce(Changes.from_ops(done, description))
        return step

    def _changes(self, step: Step) -> Changes:
        return Changes.from_ops(step.ops, step.description)

    def _apply(self, ops: list[Op] | tuple[Op, ...], action: str) -> list[Op]:
        """Write ops through to the store in one action; returns them as stored (with ids).
        An action the server rolled back whole for meeting another (a deadlock, a
        serialization failure) runs again, a bounded number of times."""
        for attempt in range(1, RETRIES + 1):
            try:
                done: list[Op] = []
                with self._repo.action(self.annotator.name):
                    for op in ops:
                        done.append(self._apply_one(op, action))
                return done
            except Retryable:
                if attempt == RETRIES:
                    raise
        raise AssertionError("unreachable")

    def _apply_one(self, op: Op, action: str) -> Op:
        verb = action.split(":")[0] if action.startswith(("undo", "redo")) else None
        match op:
            case CreateSpan(span):
                return CreateSpan(self._repo.insert_span(span, action=f"{verb or 'span'}.create"))
            case DeleteSpan(span):
                return DeleteSpan(self._repo.delete_span(stored_id(span), action=f"{verb or 'span'}.delete"))
            case UpdateSpan(before, after):
                fields = {k: getattr(after, k) for k in ("start", "end", "label", "note", "origin")}
                _, stored = self._repo.update_span(stored_id(before), action=f"{verb or 'span'}.update", **fields)
                return UpdateSpan(before, stored)
            case SetStatus(doc, annotator, _, after):
                self._repo.set_status(doc, annotator, after)
                return op
            case _ if isinstance(op, REVIEW_OPS):
                return apply_review_op(self._repo, op, verb)
            case _ if isinstance(op, SUGGESTION_OPS):
                return apply_suggestion_op(self._repo, op, verb)
            case _ if isinstance(op, RELATION_OPS):
                return apply_relation_op(self._repo, op, verb)
            case SaveLabel():
                self._labels = None  # the cached scheme is stale from here on
                return apply_label_op(self._repo, op, verb)
        raise TypeError(f"unknown op {op!r}")


def _span_fields(span: Span) -> dict:
    return {
        "document_id": span.document_id,
        "start": span.start,
        "end": span.end,
        "label": span.label,
        "annotator_id": span.annotator_id,
        "origin": span.origin,
        "note": span.note,
        "id": span.id,
        "created_at": span.created_at,
    }
