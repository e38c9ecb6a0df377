"""Errors the user is meant to read.

Everything a user can cause (a bad file, a project that is not a project, a
locked database) raises a subclass of `BarchasbError` whose message is one
clear line. Anything else is a bug and is reported as such.
"""

from __future__ import annotations


class BarchasbError(Exception):
    """An error caused by input or environment, with a message for the user."""


class InputError(BarchasbError):
    """Bad input data, located by file and (optionally) line."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        self.path = path
        self.line = line
        self.reason = message
        where = path or ""
        if path and line is not None:
            where = f"{path}:{line}"
        super().__init__(f"{where}: {message}" if where else message)


class ProjectError(BarchasbError):
    """The project file cannot be used (missing, not SQLite, too new, locked)."""


class NotFound(BarchasbError):
    """A document, span, label or annotator that does not exist."""


class ConflictError(BarchasbError):
    """A change that contradicts stored data (e.g. a duplicate span)."""
