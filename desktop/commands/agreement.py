"""agreement: span F1, token kappa and alpha between layers, and relation F1, attribute
and entity-link agreement on the spans they matched, as tables or JSON."""

from __future__ import annotations

import argparse

from desktop.commands._common import print_json, project_argument

MISSING = "—"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "agreement",
        help="inter-annotator agreement: span F1 (exact, overlap), token Cohen's kappa, Krippendorff's alpha;"
        " relation F1, attribute and entity-link agreement",
    )
    project_argument(p)
    p.add_argument(
        "--annotators", metavar="A,B,...", help="the layers to compare (default: every human layer with spans)"
    )
    p.add_argument("--document", type=int, action="append", metavar="ID", help="only this document; repeatable")
    p.add_argument("--per-document", action="store_true", help="also figures per document")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_agreement)


def run_agreement(args: argparse.Namespace) -> int:
    from desktop.workspace.agreement.project import project_agreement
    from desktop.workspace.session import Workspace

    layers = [n.strip() for n in args.annotators.split(",") if n.strip()] if args.annotators else None
    with Workspace.open(args.project) as workspace:
        report = project_agreement(
            workspace, layers, documents=args.document, per_document=args.per_document, snapshot=True
        )
    if args.json:
        print_json(report.as_dict())
    else:
        print("\n".join(format_agreement(report)))
    return 0


def format_agreement(report) -> list[str]:
    """The report as plain-text tables: pair matrices, alpha, per-label F1."""
    if len(report.layers) < 2:
        return [f"agreement needs two layers or more (found: {', '.join(report.layers) or 'none'})"]
    lines = [
        f"layers     {', '.join(report.layers)}",
        f"documents  {report.documents} (annotated by two layers or more)",
        "",
        "span F1, exact / overlap",
    ]
    exact, overlap = report.matrix("f1", "exact"), report.matrix("f1", "overlap")
    lines += _matrix(report.layers, [[_both(e, o) for e, o in zip(*rows)] for rows in zip(exact, overlap)])
    lines += ["", "Cohen's kappa over tokens"]
    lines += _matrix(report.layers, [[_figure(v) for v in row] for row in report.matrix("kappa")])
    lines += ["", f"Krippendorff's alpha (nominal, tokens, all layers): {_figure(report.alpha)}"]
    if report.labels:
        lines += ["", "F1 per label, exact / overlap"]
        pairs = list(report.pairs.values())
        header = ["label"] + [f"{p.a}~{p.b}" for p in pairs]
        rows = [
            [label] + [_both(p.f1("exact", label), p.f1("overlap", label)) for p in pairs] for label in report.labels
        ]
        lines += _table([header] + rows)
    lines += _facts(report)
    for doc in report.per_document:
        figures = ", ".join(f"{p.a}~{p.b} F1 {_figure(p.f1())} kappa {_figure(p.kappa)}" for p in doc.pairs.values())
        lines.append(f"document #{doc.document_id}: alpha {_figure(doc.alpha)}; {figures}")
    return lines


def _facts(report) -> list[str]:
    """Relation F1 per type, attribute agreement per field, entity links: only what the layers have."""
    pairs = list(report.pairs.values())
    header = [f"{p.a}~{p.b}" for p in pairs]
    lines: list[str] = []
    if report.relation_types:
        rows = [
            [rtype] + [_both(p.facts.relation_f1("exact", rtype), p.facts.relation_f1("overlap", rtype)) for p in pairs]
            for rtype in report.relation_types
        ]
        rows.append(
            ["all (micro)"] + [_both(p.facts.relation_f1("exact"), p.facts.relation_f1("overlap")) for p in pairs]
        )
        lines += ["", "relation F1 per type (ends matched), exact / overlap"] + _table([["type", *header], *rows])
    if report.attribute_fields:
        rows = [[path] + [_field(p.facts.attributes.get(path)) for p in pairs] for path in report.attribute_fields]
        lines += ["", "attributes on spans both have (same offsets and label): same value / Cohen's kappa (spans)"]
        lines += _table([["field", *header], *rows])
    links = [(p.facts.links["exact"], p.facts.links["overlap"]) for p in pairs]
    if any(exact.units or overlap.units for exact, overlap in links):
        row = [_both(exact.share, overlap.share) for exact, overlap in links]
        lines += ["", "entity links on matched spans: same entity, exact / overlap"]
        lines += _table([["", *header], ["linked", *row]])
    return lines


def _field(figures) -> str:
    if figures is None or not figures.units:
        return MISSING
    return f"{_figure(figures.share)} / {_figure(figures.kappa)} ({figures.units})"


def _matrix(layers: list[str], cells: list[list[str]]) -> list[str]:
    return _table([[""] + layers] + [[name] + row for name, row in zip(layers, cells)])


def _table(rows: list[list[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  "
        + "  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths))).rstrip()
        for row in rows
    ]


def _figure(value: float | None) -> str:
    return MISSING if value is None else f"{value:.3f}"


def _both(exact: float | None, overlap: float | None) -> str:
    if exact is None and overlap is None:
        return MISSING
    return f"{_figure(exact)} / {_figure(overlap)}"
