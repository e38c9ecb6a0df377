"""A server project's faults, worded for people: the server or the network failed, or an action met another.

Each carries a `Reason` (desktop/core/reasons.py `server.*`): the terminal
prints its English, the window words it in its own language.

`Retryable`: a serialization failure or a deadlock (PostgreSQL) undoes the
whole action and says nothing of its content: running the same workspace
operation again is the answer. The workspace retries a bounded number of
times (desktop/workspace/session.py), then shows the error.
"""

from __future__ import annotations

from desktop.core.errors import ProjectError
from desktop.core.reasons import Reason


class ServerFault(ProjectError):
    """The server or the network failed; `why` says what became of the action."""

    def __init__(self, code: str, **params: object) -> None:
        self.why = Reason(code, params)
        super().__init__(str(self.why))


class Retryable(ServerFault):
    """The action was rolled back whole by a conflict with another; running it again may succeed."""
