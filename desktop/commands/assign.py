"""assign: the manager puts documents in annotators' queues (explicit, or N per document spread evenly)."""

from __future__ import annotations

import argparse

from desktop.commands._common import print_json, project_argument
from desktop.paths import default_actor


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "assign",
        help="give documents to annotators: --to NAMES --documents WHICH, "
        "or --per-document N --annotators NAMES [--seed S] to spread them evenly",
    )
    project_argument(p)
    p.add_argument("--to", metavar="A,B,...", help="the annotators who get --documents")
    p.add_argument(
        "--documents",
        metavar="WHICH",
        help="ids, ranges and names or globs of names, comma-separated (1,2,5 or 3-7 or 'news-*.txt'); "
        "with --per-document: only these (default: every document)",
    )
    p.add_argument("--per-document", type=int, metavar="N", help="give each document to N of --annotators")
    p.add_argument("--annotators", metavar="A,B,...", help="who --per-document spreads the documents over")
    p.add_argument("--seed", type=int, default=0, help="the spread's seed: the same seed, the same spread")
    p.add_argument("--remove", action="store_true", help="take --documents out of --to's queues instead")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_assign)


def run_assign(args: argparse.Namespace) -> int:
    from desktop.core.errors import InputError
    from desktop.workspace import Workspace
    from desktop.workspace.project import assignment

    spread = args.per_document is not None
    if spread == bool(args.to) or (spread and not args.annotators) or (args.to and not args.documents):
        raise InputError("assign needs --to NAMES --documents WHICH, or --per-document N --annotators NAMES")
    if args.remove and spread:
        raise InputError("--remove goes with --to and --documents")
    with Workspace.open(args.project) as workspace:
        documents = assignment.select_documents(workspace, args.documents) if args.documents else None
        actor = default_actor()
        if spread:
            names = _names(args.annotators)
            report = assignment.spread_documents(
                workspace, names, args.per_document, seed=args.seed, documents=documents, actor=actor
            )
        elif args.remove:
            report = assignment.unassign_documents(workspace, _names(args.to), documents or [], actor=actor)
        else:
            report = assignment.assign_documents(workspace, _names(args.to), documents or [], actor=actor)
    if args.json:
        print_json(report.as_dict())
        return 0
    for name in sorted(set(report.added) | set(report.already)):
        already = f" ({report.already[name]} were already)" if report.already[name] else ""
        print(f"{name}: {report.added[name]} documents assigned{already}")
    for name, count in sorted(report.removed.items()):
        print(f"{name}: {count} documents taken out of the queue")
    return 0


def _names(text: str) -> list[str]:
    return [name.strip() for name in text.split(",") if name.strip()]
