"""The window's one link to the workspace.

Widgets never touch the database: they call the bridge, which runs the use
case, turns user-fixable errors into `failed` messages, and relays every
`Changes` the workspace announces as the `changed` signal.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QObject, Signal

from desktop.core.errors import BarchasbError
from desktop.workspace import Changes, Workspace


class WorkspaceBridge(QObject):
    changed = Signal(object)        # Changes
    failed = Signal(str)            # a message for the user
    saved = Signal()                # a write reached the disk

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

    def call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        """Run `workspace.<method>`; on a user-fixable error emit `failed`, return None."""
        return self.attempt(getattr(self.workspace, method), *args, **kwargs)

    def attempt(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except (BarchasbError, ValueError) as exc:
            self.failed.emit(str(exc))
            return None
