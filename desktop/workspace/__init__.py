"""Use cases over the core and storage, shared by the window and the CLI."""

from desktop.workspace.changes import Changes
from desktop.workspace.session import Workspace

__all__ = ["Changes", "Workspace"]
