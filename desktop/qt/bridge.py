"""The window's one link to the workspace.

Widgets never touch the database: they call the bridge, which runs the use
case, turns user-fixable errors into `failed` messages, and relays every
`Changes` the workspace announces as the `changed` signal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ParamSpec, TypeVar

from PySide6.QtCore import QObject, Signal

from desktop.core.errors import BarchasbError
from desktop.core.model import Annotator, Span, Status
from desktop.qt.reasons import explain_error
from desktop.workspace import Changes, Workspace

P = ParamSpec("P")
T = TypeVar("T")


class WorkspaceBridge(QObject):
    changed = Signal(object)  # Changes
    failed = Signal(str)  # a message for the user
    saved = Signal()  # a write reached the disk

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        workspace.subscribe(self._on_workspace_changed)

    def detach(self) -> None:
        """Stop relaying: the window this bridge served is closing."""
        self.workspace.unsubscribe(self._on_workspace_changed)

    def _on_workspace_changed(self, changes: Changes) -> None:
        self.saved.emit()
        self.changed.emit(changes)

    # --- the workspace's edits, typed; each returns None after a user-fixable error ----------

    def add_span(self, document_id: int, start: int, end: int, label: str) -> Span | None:
        return self.attempt(self.workspace.add_span, document_id, start, end, label)

    def update_span(
        self,
        span_id: int,
        *,
        label: str | None = None,
        start: int | None = None,
        end: int | None = None,
        note: str | None = None,
    ) -> Span | None:
        """Change the given fields of a span (the others stay)."""
        fields = {"label": label, "start": start, "end": end, "note": note}
        changes = {name: value for name, value in fields.items() if value is not None}
        return self.attempt(self.workspace.update_span, span_id, **changes)

    def delete_span(self, span_id: int) -> Changes | None:
        return self.attempt(self.workspace.delete_span, span_id)

    def set_status(self, document_id: int, status: Status) -> Changes | None:
        return self.attempt(self.workspace.set_status, document_id, status)

    def set_annotator(self, name: str) -> Annotator | None:
        return self.attempt(self.workspace.set_annotator, name)

    def undo(self) -> Changes | None:
        return self.attempt(self.workspace.undo)

    def redo(self) -> Changes | None:
        return self.attempt(self.workspace.redo)

    def attempt(self, function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T | None:
        """Run a use case; on a user-fixable error emit `failed` and return None."""
        try:
            return function(*args, **kwargs)
        except (BarchasbError, ValueError) as exc:
            self.failed.emit(explain_error(exc))
            return None
