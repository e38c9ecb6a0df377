"""init, stats and gui (import and export live in transfer.py)."""

from __future__ import annotations

import argparse
from typing import Any

from desktop.commands._common import print_json, project_argument, project_location


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="create a project file with the default label scheme")
    project_argument(p)
    p.add_argument(
        "--unify-digits",
        action="store_true",
        help="plain-text import makes the digits of numbers Persian by default "
        "(otherwise every digit is kept as written)",
    )
    p.set_defaults(run=run_init)

    p = sub.add_parser("stats", help="documents, spans per label and annotator, status counts")
    project_argument(p)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_stats)

    p = sub.add_parser("gui", help="open the window (with no PROJECT: the last one opened, else the sample)")
    p.add_argument("project", nargs="?", metavar="PROJECT", help="the project file, or a postgresql:// URL")
    p.add_argument("--annotator", help="annotate as this name (asked on first start otherwise)")
    p.set_defaults(run=run_gui)


def run_init(args: argparse.Namespace) -> int:
    from desktop.workspace import Workspace

    workspace = Workspace.create(args.project, unify_digits=args.unify_digits)
    count = len(workspace.labels())
    workspace.close()
    print(f"created {args.project} with {count} labels")
    return 0


def run_stats(args: argparse.Namespace) -> int:
    from desktop.workspace import Workspace
    from desktop.workspace.project.stats import project_stats

    workspace = Workspace.open(args.project)
    try:
        stats = project_stats(workspace)
    finally:
        workspace.close()
    if args.json:
        print_json(stats)
    else:
        print(format_stats(stats))
    return 0


def run_gui(args: argparse.Namespace) -> int:
    _require_display()
    import gc

    # Start-up allocates ~70k objects that live as long as the window and makes next to no
    # garbage: collecting them over and over cost ~25 ms before the first paint. The window
    # freezes what start-up made and collects again once it is up (qt/app.py run).
    gc.disable()
    try:
        from desktop.qt.app import run  # Qt is loaded only here

        # No project named: the window picks the last one, or builds the sample behind a progress window.
        return run(project_location(args.project) if args.project else None, annotator=args.annotator)
    finally:
        gc.enable()  # (the window turned it on already, unless none opened)


def _require_display() -> None:
    """Say plainly that a window needs a screen, instead of letting Qt abort."""
    import os
    import sys

    from desktop.core.errors import BarchasbError

    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        raise BarchasbError(
            "no display to open the window on (DISPLAY is not set); run it in a "
            "desktop session, or use the command-line tools (barchasb --help)"
        )


def format_stats(stats: dict[str, Any]) -> str:
    """A plain-text report for the terminal."""
    lines = [
        f"project     {stats['project']}",
        f"documents   {stats['documents']}  ({stats['characters']} characters)",
        f"spans       {stats['spans']}",
        "",
        "spans per label",
    ]
    lines += [f"  {key:<16}{n:>8}" for key, n in stats["spans_per_label"].items()]
    lines += ["", "spans per annotator"]
    lines += [f"  {name:<16}{n:>8}" for name, n in stats["spans_per_annotator"].items()] or ["  (none)"]
    lines += ["", "document status per annotator   new  in progress  done"]
    for name, c in stats["status"].items():
        lines.append(f"  {name:<30}{c['new']:>5}{c['in_progress']:>13}{c['done']:>6}")
    if not stats["status"]:
        lines.append("  (no annotators yet)")
    if stats["assignments"]:
        lines += ["", "assigned documents per annotator   assigned  done"]
        for name, c in stats["assignments"].items():
            lines.append(f"  {name:<30}{c['assigned']:>10}{c['done']:>6}")
    return "\n".join(lines)
