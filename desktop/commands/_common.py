"""What every command module shares: exit codes, the project argument, JSON and one-line output.

It lives below `desktop.cli` (which imports it) so that a command never imports
the entry point that loads it; keep it light: building the parser loads this.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

EXIT_ERROR = 1
EXIT_PARTIAL = 3  # some inputs were skipped, the rest went in
EXIT_BUG = 70

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def one_line(text: str) -> str:
    """A message as one plain line: control characters (a newline inside a
    name, a terminal escape sequence) are shown escaped, never obeyed."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


def print_json(data: object) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def project_location(text: str) -> Path | str:
    """A PROJECT as typed: a `postgresql://` URL stays text (a Path would fold its `//`;
    desktop/storage/locate.py opens it), `@NAME` is the URL saved as NAME
    (desktop/connections.py), anything else is a file's path."""
    if text.startswith("@"):
        from desktop.connections import resolve  # loads the settings: only for a saved name

        return resolve(text)  # an unknown name: a ProjectError, which argparse lets through (one line)
    return text if text.lower().startswith(("postgresql://", "postgres://")) else Path(text)


def project_file(text: str) -> Path:
    """A PROJECT that must be a file (backups are a file's: a server keeps its own, pg_dump)."""
    location = project_location(text)
    if not isinstance(location, Path):
        raise argparse.ArgumentTypeError("a project file, not a server: a server's backups are its own (pg_dump)")
    return location


def project_argument(parser: argparse.ArgumentParser, *, files_only: bool = False) -> None:
    if files_only:
        parser.add_argument("project", type=project_file, metavar="PROJECT", help="the project file")
        return
    parser.add_argument(
        "project",
        type=project_location,
        metavar="PROJECT",
        help="the project file, a postgresql:// URL, or @NAME (a saved connection)",
    )
