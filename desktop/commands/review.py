"""merge and review: team files into one project, then adjudication into gold."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.commands._common import print_json, project_argument
from desktop.paths import default_actor

STATUSES = ("not_reviewed", "in_review", "reviewed")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "merge",
        help="bring other project files' documents and layers in "
        "(documents matched by content; layers never overwritten)",
    )
    project_argument(p)
    p.add_argument("others", nargs="+", type=Path, metavar="OTHER", help="project files to merge")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_merge)

    p = sub.add_parser(
        "review", help="disagreement units and review status; accept agreed spans into gold; mark documents reviewed"
    )
    project_argument(p)
    p.add_argument(
        "--document",
        type=int,
        action="append",
        metavar="ID",
        help="only this document (its units are listed); repeatable",
    )
    p.add_argument(
        "--layers", metavar="A,B,...", help="layers to compare (default: every human layer with spans there)"
    )
    p.add_argument(
        "--accept-agreed", action="store_true", help="accept every span all compared layers agree on into gold"
    )
    p.add_argument("--mark", choices=STATUSES, help="set the review status of --document")
    p.add_argument("--reviewer", help="who decides (default: you)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_review)


def run_merge(args: argparse.Namespace) -> int:
    from desktop.workspace.merge.projects import merge_projects
    from desktop.workspace.session import Workspace

    with Workspace.open(args.project) as workspace:
        report = merge_projects(workspace, args.others, actor=default_actor())
    if args.json:
        print_json(report.as_dict())
        return 0
    for item in report.files:
        spans = sum(item.spans_added.values())
        print(
            f"{item.path}: {len(item.documents_added)} documents added, "
            f"{item.documents_matched} matched, {spans} spans added" + ("" if item.changed else " (nothing new)")
        )
        for name, count in sorted(item.spans_added.items()):
            print(f"  {name:<24}{count:>8} spans")
        for name, count in sorted(item.side_layers.items()):
            print(f"  side layer {name!r}: {count} documents differed from the local layer")
        if item.labels_added:
            print(f"  labels added: {', '.join(item.labels_added)}")
    return 0


def run_review(args: argparse.Namespace) -> int:
    from desktop.core.errors import InputError
    from desktop.workspace import Workspace
    from desktop.workspace.review.gold import Review

    if args.mark and not args.document:
        raise InputError("--mark needs --document")
    workspace = Workspace.open(args.project)
    try:
        if args.accept_agreed or args.mark:  # only a decision makes the reviewer a layer
            workspace.set_annotator(args.reviewer or default_actor())
        layers = [n.strip() for n in args.layers.split(",")] if args.layers else None
        review = Review(workspace, layers)
        documents = args.document or [info.id for info in workspace.document_infos()]
        accepted = _accept_agreed(review, documents) if args.accept_agreed else None
        if args.mark:
            for doc in documents:
                review.set_status(doc, args.mark)
        rows = [_summary(review, doc, detail=bool(args.document)) for doc in documents]
    finally:
        workspace.close()
    if args.json:
        print_json({"accepted": accepted, "documents": rows})
        return 0
    if accepted is not None:
        print(f"accepted {accepted} agreed spans into gold")
    for row in rows:
        if row["units"]["total"] or args.document:
            _print_summary(row)
    return 0


def _accept_agreed(review, documents: list[int]) -> int:
    return sum(len(review.accept_agreed(doc).spans_added) for doc in documents)


def _summary(review, doc: int, *, detail: bool) -> dict:
    from desktop.core.review_units import count_units

    units = review.units(doc)
    row = {
        "document_id": doc,
        "status": str(review.status(doc)),
        "units": count_units(units),
        "layers": [a.name for a in review.compared(doc)],
    }
    if detail:
        text = review.workspace.document_text(doc)
        row["unit_list"] = [_unit(u, text) for u in units]
    return row


def _unit(unit, text: str) -> dict:
    return {
        "index": unit.index,
        "start": unit.start,
        "end": unit.end,
        "kind": str(unit.kind),
        "state": str(unit.state),
        "missing": list(unit.missing),
        "candidates": [
            {
                "start": c.start,
                "end": c.end,
                "label": c.label,
                "text": text[c.start : c.end],
                "layers": list(c.layers),
                "decision": str(c.decision),
            }
            for c in unit.candidates
        ],
    }


def _print_summary(row: dict) -> None:
    u = row["units"]
    kinds = ", ".join(f"{k} {n}" for k, n in u.items() if k not in ("total", "undecided") and n)
    print(
        f"#{row['document_id']:<6} {row['status']:<13} {u['total']:>4} units, "
        f"{u['undecided']} undecided" + (f" ({kinds})" if kinds else "")
    )
    for unit in row.get("unit_list", []):
        print(
            f"  {unit['index']:>3} [{unit['start']}, {unit['end']}) {unit['kind']:<15}"
            f"{unit['state']}" + (f"  missing: {', '.join(unit['missing'])}" if unit["missing"] else "")
        )
        for c in unit["candidates"]:
            print(
                f"        {c['label']:<14} «{c['text']}» [{c['start']}, {c['end']}) "
                f"{', '.join(c['layers'])}: {c['decision']}"
            )
