"""The `barchasb` command: headless use cases over the workspace.

`barchasb` alone, or `barchasb gui [PROJECT]`, opens the window; everything
else runs without Qt. Errors the user can fix are one line on stderr and a
non-zero exit code; a traceback is shown only with BARCHASB_DEBUG=1.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from pathlib import Path
from typing import Sequence

from desktop import __version__
from desktop.core.errors import BarchasbError

EXIT_ERROR = 1
EXIT_PARTIAL = 3   # some inputs were skipped, the rest went in
EXIT_BUG = 70


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="barchasb",
        description="Label spans in Persian text, review them, export training data.",
    )
    parser.add_argument("--version", action="version", version=f"barchasb {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in _command_modules():
        module.register(sub)
    return parser


def _command_modules():
    from desktop.commands import basic, history, transfer

    return (basic, transfer, history)


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list:
        args_list = ["gui"]
    parser = build_parser()
    args = parser.parse_args(args_list)
    if args.command is None:
        parser.print_help()
        return EXIT_ERROR
    try:
        return int(args.run(args) or 0)
    except BarchasbError as exc:
        print(f"barchasb: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("barchasb: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: say so plainly, keep details for debugging
        if os.environ.get("BARCHASB_DEBUG"):
            traceback.print_exc()
        print(f"barchasb: internal error ({type(exc).__name__}: {exc}); "
              "run with BARCHASB_DEBUG=1 for details and please report it", file=sys.stderr)
        return EXIT_BUG


def print_json(data: object) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def project_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", type=Path, metavar="PROJECT", help="the project file")
