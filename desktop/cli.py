"""The `barchasb` command: headless use cases over the workspace.

`barchasb` alone, or `barchasb gui [PROJECT]`, opens the window; everything
else runs without Qt. Errors the user can fix are one line on stderr and a
non-zero exit code; a traceback is shown only with BARCHASB_DEBUG=1.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from desktop import __version__
from desktop.commands._common import EXIT_BUG, EXIT_ERROR, one_line
from desktop.core.errors import BarchasbError


def build_parser(gui_only: bool = False) -> argparse.ArgumentParser:
    """Every command's parser; with `gui_only`, just the module that has `gui` (and init, stats)."""
    parser = argparse.ArgumentParser(
        prog="barchasb",
        description="Label spans in Persian text, review them, export training data.",
    )
    parser.add_argument("--version", action="version", version=f"barchasb {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in _command_modules(gui_only):
        module.register(sub)
    return parser


def _command_modules(gui_only: bool = False):
    if gui_only:  # opening the window needs none of the others' format readers and writers (start-up time)
        from desktop.commands import basic

        return (basic,)
    from desktop.commands import (
        agreement,
        assign,
        backup,
        basic,
        connection,
        copying,
        history,
        relations,
        review,
        suggest,
        team,
        transfer,
    )

    return (basic, transfer, history, review, agreement, suggest, backup, relations, copying, assign, team, connection)


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list:
        args_list = ["gui"]
    parser = build_parser(gui_only=args_list[0] == "gui")
    try:
        args = parser.parse_args(args_list)
    except BarchasbError as exc:  # a PROJECT's @NAME that is not saved: one line, as any error
        print(f"barchasb: error: {one_line(str(exc))}", file=sys.stderr)
        return EXIT_ERROR
    if args.command is None:
        parser.print_help()
        return EXIT_ERROR
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = PlainText(streams[0]), PlainText(streams[1])
    try:
        return _run(args)
    finally:
        sys.stdout, sys.stderr = streams


def _run(args: argparse.Namespace) -> int:
    try:
        return int(args.run(args) or 0)
    except BarchasbError as exc:
        print(f"barchasb: error: {one_line(str(exc))}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("barchasb: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: say so plainly, keep details for debugging
        if os.environ.get("BARCHASB_DEBUG"):
            traceback.print_exc()
        damage = _damage(args, exc)
        if damage:  # not a bug after all: the project file is damaged
            print(f"barchasb: error: {one_line(damage)}", file=sys.stderr)
            return EXIT_ERROR
        print(
            f"barchasb: internal error ({type(exc).__name__}: {one_line(str(exc))}); "
            "run with BARCHASB_DEBUG=1 for details and please report it",
            file=sys.stderr,
        )
        return EXIT_BUG


def _damage(args: argparse.Namespace, exc: Exception) -> str | None:
    """Why the command's project is damaged, if it is: a damaged file can fail
    anywhere (a NULL in a NOT NULL column, bytes that are not UTF-8), so an
    unexpected error is checked against the file before being called a bug."""
    project = getattr(args, "project", None)
    if not isinstance(project, (str, Path)) or not Path(project).is_file():
        return None
    from desktop.storage.db import damage

    return damage(exc, project)


class PlainText:
    """A terminal stream that shows control characters escaped: a name in a file
    (a document's, an annotator's, a file's own) can never move the cursor,
    recolour or clear the terminal. Tab and newline pass; JSON escapes its own."""

    _UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(self._UNSAFE.sub(lambda m: repr(m.group())[1:-1], text))

    def __getattr__(self, name: str):
        return getattr(self._stream, name)
