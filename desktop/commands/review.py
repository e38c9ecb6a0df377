"""merge and review: team files into one project, then adjudication into gold."""

from __future__ import annotations

import argparse

from desktop.commands._common import print_json, project_argument, project_location
from desktop.paths import default_actor

STATUSES = ("not_reviewed", "in_review", "reviewed")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "merge",
        help="bring other project files' documents and layers in "
        "(documents matched by content; layers never overwritten)",
    )
    project_argument(p)
    p.add_argument(
        "others",
        nargs="+",
        type=project_location,
        metavar="OTHER",
        help="projects to merge: files, or postgresql:// URLs of server projects",
    )
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
        for line in _merged_facts(item):
            print(f"  {line}")
    return 0


def _merged_facts(item) -> list[str]:
    """What a merge brought of relations, attribute values and entities (only what it did)."""
    lines = [f"relations added to {name!r}: {count}" for name, count in sorted(item.relations_added.items())]
    if item.relation_types_added:
        lines.append(f"relation types added: {', '.join(item.relation_types_added)}")
    if item.attribute_fields_added:
        lines.append(f"attribute fields added: {', '.join(item.attribute_fields_added)}")
    counts = (
        (item.attributes_added, "attribute values added"),
        (item.links_added, "entity links added"),
        (item.entities_added, "entities added"),
        (item.entities_updated, "entities given aliases"),
    )
    return lines + [f"{text}: {count}" for count, text in counts if count]


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
        accepted, relations = _accept_agreed(review, documents) if args.accept_agreed else (None, None)
        if args.mark:
            for doc in documents:
                review.set_status(doc, args.mark)
        rows = [_summary(review, doc, detail=bool(args.document)) for doc in documents]
    finally:
        workspace.close()
    if args.json:
        print_json({"accepted": accepted, "accepted_relations": relations, "documents": rows})
        return 0
    if accepted is not None:
        relations_text = f", and {relations} agreed relations" if relations else ""
        print(f"accepted {accepted} agreed spans into gold{relations_text}")
    for row in rows:
        if row["units"]["total"] or args.document:
            _print_summary(row)
    return 0


def _accept_agreed(review, documents: list[int]) -> tuple[int, int]:
    """Agreed spans (with the details their layers agree on) and agreed relations between them."""
    changes = [review.accept_agreed(doc) for doc in documents]
    return sum(len(c.spans_added) for c in changes), sum(len(c.relations_added) for c in changes)


def _summary(review, doc: int, *, detail: bool) -> dict:
    from desktop.core.review_units import count_units
    from desktop.workspace.review.relations import RelationReview

    units = review.units(doc)
    relations = RelationReview(review).candidates(doc)
    row = {
        "document_id": doc,
        "status": str(review.status(doc)),
        "units": count_units(units),
        "relations": _relation_counts(relations),
        "layers": [a.name for a in review.compared(doc)],
    }
    if detail:
        text = review.workspace.document_text(doc)
        row["unit_list"] = [_unit(u, text) for u in units]
        row["relation_list"] = [_relation(c, text) for c in relations]
    return row


def _relation_counts(candidates) -> dict[str, int]:
    counts = {"total": len(candidates), "undecided": sum(str(c.decision) == "pending" for c in candidates)}
    for c in candidates:
        counts[str(c.kind)] = counts.get(str(c.kind), 0) + 1
    return counts


def _relation(candidate, text: str) -> dict:
    def end(key) -> dict:
        start, stop, label = key
        return {"start": start, "end": stop, "label": label, "text": text[start:stop]}

    return {
        "index": candidate.index,
        "head": end(candidate.head),
        "tail": end(candidate.tail),
        "type": candidate.type,
        "kind": str(candidate.kind),
        "layers": list(candidate.layers),
        "missing": list(candidate.missing),
        "decision": str(candidate.decision),
    }


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
    r = row["relations"]
    if r["total"]:
        print(f"        {r['total']} relations, {r['undecided']} undecided")
    for c in row.get("relation_list", []):
        print(
            f"  rel {c['index']:>3} «{c['head']['text']}» —{c['type']}→ «{c['tail']['text']}» {c['kind']:<8}"
            f"{', '.join(c['layers'])}: {c['decision']}"
            + (f"  missing: {', '.join(c['missing'])}" if c["missing"] else "")
        )
