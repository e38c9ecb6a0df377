"""history: trace every change, and bring back deleted spans."""

from __future__ import annotations

import argparse

from desktop.commands._common import print_json, project_argument
from desktop.paths import default_actor


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("history", help="list changes; restore a deleted span")
    project_argument(p)
    p.add_argument("--document", type=int, metavar="ID", help="only this document's changes")
    p.add_argument("--limit", type=int, default=50, help="how many rows (newest first)")
    p.add_argument("--restore", type=int, metavar="HISTORY_ID", help="restore the span deleted by this history row")
    p.add_argument("--annotator", default=None, help="who restores (default: you)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_history)


def run_history(args: argparse.Namespace) -> int:
    from desktop.workspace import Workspace

    workspace = Workspace.open(args.project)
    try:
        if args.restore is not None:
            workspace.set_annotator(args.annotator or default_actor())
            span = workspace.restore_deleted_span(args.restore)
            print(f"restored span #{span.id} ({span.label} [{span.start}, {span.end}) in document #{span.document_id})")
            return 0
        rows = workspace.history(document_id=args.document, limit=args.limit)
    finally:
        workspace.close()
    if args.json:
        print_json(rows)
        return 0
    for row in rows:
        print(
            f"{row['id']:>6}  {row['at']}  {row['actor']:<12} {row['action']:<16} "
            f"{row['entity']} {row['entity_id']}" + _summary(row)
        )
    return 0


def _summary(row: dict) -> str:
    data = row["after"] or row["before"] or {}
    if row["entity"] == "span":
        return f"  {data.get('label')} [{data.get('start')}, {data.get('end')})"
    if row["entity"] == "status":
        return f"  {(row['before'] or {}).get('status')} -> {(row['after'] or {}).get('status')}"
    return ""
