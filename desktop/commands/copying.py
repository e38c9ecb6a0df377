"""copy: a whole project into a new one, a file or a server database, nothing lost."""

from __future__ import annotations

import argparse
import sys

from desktop.commands._common import print_json, project_location

SHOWN_TABLES = ("documents", "spans", "annotators", "history")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "copy",
        help="copy a whole project (every layer, review, suggestion, relation, setting and its history) "
        "into a new, empty project: a file, or a postgresql:// database",
    )
    p.add_argument(
        "source", type=project_location, metavar="SOURCE", help="the project to copy (a file or a postgresql:// URL)"
    )
    p.add_argument(
        "target", type=project_location, metavar="TARGET", help="where the copy goes: a new file, or an empty database"
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_copy)


def run_copy(args: argparse.Namespace) -> int:
    from desktop.workspace import Workspace
    from desktop.workspace.project.copy import copy_to

    with Workspace.open(args.source) as workspace:
        report = copy_to(workspace, args.target, _progress)
    if args.json:
        print_json(report.as_dict())
        return 0
    what = ", ".join(f"{report.rows[table]} {table}" for table in SHOWN_TABLES)
    print(f"copied {report.source} to {report.target}: {what} ({sum(report.rows.values())} rows in all)")
    return 0


def _progress(done: int, total: int, table: str) -> None:
    """Big projects say how far the copy has got, on stderr (stdout stays the report)."""
    if table:
        print(f"copying: {done} of {total} rows ({table})", file=sys.stderr, flush=True)
