"""Errors the user is meant to read.

Everything a user can cause (a bad file, a project that is not a project, a
locked database) raises a subclass of `BarchasbError` whose message is one
clear line. Anything else is a bug and is reported as such.
"""

from __future__ import annotations

from desktop.core.reasons import Reason, plain


class BarchasbError(Exception):
    """An error caused by input or environment, with a message for the user."""


class InputError(BarchasbError):
    """Bad input data, located by file and (optionally) line, and why: `why` is a `Reason`
    (a code of desktop/core/reasons.py and its values) that the window words in its own
    language; `reason` and `str(error)` are its English, as the terminal prints it.

    `InputError("span.past_text", path=p, line=3, start=4, end=9, label="PER", length=7)`;
    a `Reason` is passed as it is (e.g. `InputError(error.why, path=other)`).
    """

    def __init__(self, code: str | Reason, *, path: str | None = None, line: int | None = None, **params: object):
        self.why = code if isinstance(code, Reason) else Reason(code, params)
        if not self.why.known:  # English text from code not yet given a reason code
            self.why = plain(self.why.code)
        self.path = path
        self.line = line
        self.reason = str(self.why)
        super().__init__(str(self.located()))

    def located(self) -> Reason:
        """The whole message as a reason: `file:line: why`, `file: why` or `why`."""
        if self.path and self.line is not None:
            return Reason("in_file_at_line", {"file": self.path, "line": self.line, "reason": self.why})
        if self.path:
            return Reason("in_file", {"file": self.path, "reason": self.why})
        return self.why


def reason_of(error: BarchasbError) -> Reason:
    """Any user-caused error as a reason, located as its message is."""
    if isinstance(error, InputError):
        return error.located()
    why = getattr(error, "why", None)  # a refusal's or a server fault's own words (storage/faults.py)
    return why if isinstance(why, Reason) else plain(str(error))


class ProjectError(BarchasbError):
    """The project file cannot be used (missing, not SQLite, too new, locked)."""


class Refused(ProjectError):
    """The server refused this login (a team project's grants or row-level security); `why` words it."""

    def __init__(self, why: Reason) -> None:
        self.why = why
        super().__init__(str(why))


class NotFound(BarchasbError):
    """A document, span, label or annotator that does not exist."""


class ConflictError(BarchasbError):
    """A change that contradicts stored data (e.g. a duplicate span)."""
