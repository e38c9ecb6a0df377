"""relations: the relation types, attributes and entities of a project, or a document's relations."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from desktop.commands._common import print_json, project_argument
from desktop.paths import default_actor


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("relations", help="relation types and counts; list a document's relations")
    project_argument(p)
    p.add_argument("--document", type=int, metavar="ID", help="list this document's relations")
    p.add_argument("--annotator", default=None, help="only this layer's relations (with --document)")
    p.add_argument(
        "--add-defaults",
        action="store_true",
        help="add the default scheme's relation types and attributes this project lacks (older projects)",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_relations)


def run_relations(args: argparse.Namespace) -> int:
    from desktop.workspace import Workspace
    from desktop.workspace.relations import RelationSchemeEditor
    from desktop.workspace.relations.report import document_relations, relations_summary

    workspace = Workspace.open(args.project)
    try:
        if args.add_defaults:
            workspace.set_annotator(args.annotator or default_actor())
            changes = RelationSchemeEditor(workspace).add_defaults()
            print(changes.description or "nothing to add", file=sys.stderr)
        if args.document is not None:
            data: Any = document_relations(workspace, args.document, args.annotator)
        else:
            data = relations_summary(workspace)
    finally:
        workspace.close()
    if args.json:
        print_json(data)
    elif args.document is not None:
        _print_relations(data)
    else:
        _print_summary(data)
    return 0


def _print_summary(data: dict[str, Any]) -> None:
    for rtype in data["relation_types"]:
        arrow = "->" if rtype["directed"] else "--"
        heads = "/".join(rtype["heads"]) or "*"
        tails = "/".join(rtype["tails"]) or "*"
        print(f"{rtype['key']:<14} {heads} {arrow} {tails}  {rtype['relations']} relations")
    for field in data["attributes"]:
        keys = [c if isinstance(c, str) else c["key"] for c in field["choices"]]
        choices = f" ({', '.join(keys)})" if keys else ""
        print(f"attribute {field['field']}: {field['kind']}{choices}")
    print(f"{data['entities']} entities")


def _print_relations(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        head, tail = row["head"], row["tail"]
        print(
            f"{row['id']:>6}  {row['annotator']:<12} {row['type']:<12} "
            f"{head['label']} [{head['start']}, {head['end']}) {head['text']}  ->  "
            f"{tail['label']} [{tail['start']}, {tail['end']}) {tail['text']}"
        )
    if not rows:
        print("no relations")
